import type { KubeObject } from '../../state/types';
import { badRequest, nameMismatch } from '../errors';
import { serverSideApply } from '../managedFields';
import type { Schema } from '../openapi';
import { checkNamespace } from './admission';
import { Call, now, parseBody, ResourceInfo, send } from './call';
import { decode } from './decode';
import type { ClusterScope } from './scope';
import { initialize, preserveServerFields } from './strategy';
import { writeObject } from './write';

/** A PATCH with `application/apply-patch+yaml`: server-side apply. */
export async function apply(
  cluster: ClusterScope,
  call: Call,
  info: ResourceInfo,
  previous: KubeObject | undefined,
  schema: Schema | undefined,
) {
  const manager = call.url.searchParams.get('fieldManager');
  if (!manager)
    throw badRequest(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
  const applied = decode(call, info.type, parseBody(call));
  if (applied.metadata.name && applied.metadata.name !== info.name)
    throw nameMismatch();
  applied.metadata.name = info.name!;
  checkNamespace(cluster, info, applied);
  if (applied.metadata.managedFields)
    throw badRequest('metadata.managedFields must be nil');
  const force = call.url.searchParams.get('force') === 'true';
  if (!previous) {
    // Ownership follows the applied configuration; what the server adds
    // on create (a namespace's name label and finalizer) belongs to no
    // manager, so a later apply without them does not remove them.
    const created = serverSideApply(
      undefined,
      applied,
      manager,
      force,
      schema,
      now(),
    );
    initialize(info.type, created);
    return writeObject(cluster, call, info, created, undefined, undefined);
  }
  const next = serverSideApply(
    previous,
    applied,
    manager,
    force,
    schema,
    now(),
  );
  if (next === previous) return send(call, 200, previous);
  return writeObject(
    cluster,
    call,
    info,
    preserveServerFields(info.type, previous, next, false),
    previous,
    undefined,
  );
}
