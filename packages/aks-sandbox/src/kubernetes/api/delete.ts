import { conflict } from '../errors';
import { listPage } from '../listing';
import { admitManagedDelete } from '../managedNamespaceGuard';
import { apiVersionOf } from '../resources';
import { managedNamespaceReview } from './admission';
import {
  Call,
  dryRun,
  now,
  parseBody,
  ResourceInfo,
  send,
  storageNamespace,
  typeKey,
} from './call';
import { getOrThrow, matchers } from './read';
import type { ClusterScope } from './scope';

export async function deleteObject(
  cluster: ClusterScope,
  call: Call,
  info: ResourceInfo,
) {
  const { objects } = cluster;
  const namespace = storageNamespace(info);
  const existing = getOrThrow(cluster, info.type, namespace, info.name!);
  const options = call.body.length ? parseBody(call) : {};
  const preconditions = options?.preconditions ?? {};
  if (
    (preconditions.uid && preconditions.uid !== existing.metadata.uid) ||
    (preconditions.resourceVersion &&
      preconditions.resourceVersion !== existing.metadata.resourceVersion)
  ) {
    throw conflict(info.type, info.name!);
  }
  admitManagedDelete(managedNamespaceReview(cluster, call, info), existing);
  if (info.type.kind === 'Namespace') {
    // Deleting a namespace only marks it; the namespace controller removes it.
    if (existing.metadata.deletionTimestamp) return send(call, 200, existing);
    const terminating = {
      ...existing,
      metadata: { ...existing.metadata, deletionTimestamp: now() },
      status: { phase: 'Terminating' },
    };
    if (dryRun(call, options)) return send(call, 200, terminating);
    const [written] = await objects.write([
      {
        group: '',
        resource: 'namespaces',
        name: info.name!,
        object: terminating,
      },
    ]);
    cluster.controllers.finalizeNamespaceLater(info.name!);
    return send(call, 200, written);
  }
  if (!dryRun(call, options))
    await objects.write([
      {
        group: info.type.group,
        resource: info.type.resource,
        namespace,
        name: info.name!,
      },
    ]);
  if (info.type.kind === 'ClusterRole' && !dryRun(call, options))
    await cluster.controllers.reconcileAggregation();
  return send(call, 200, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: {
      name: info.name,
      group: info.type.group || undefined,
      kind: info.type.resource,
      uid: existing.metadata.uid,
    },
  });
}

export async function deleteCollection(
  cluster: ClusterScope,
  call: Call,
  info: ResourceInfo,
) {
  const { objects } = cluster;
  const page = listPage(
    objects,
    typeKey(info.type),
    storageNamespace(info),
    matchers(call),
    undefined,
    undefined,
  );
  const review = managedNamespaceReview(cluster, call, info);
  for (const object of page.items) admitManagedDelete(review, object);
  if (!dryRun(call)) {
    await objects.write(
      page.items.map(o => ({
        group: info.type.group,
        resource: info.type.resource,
        namespace: o.metadata.namespace,
        name: o.metadata.name,
      })),
    );
  }
  return send(call, 200, {
    kind: `${info.type.kind}List`,
    apiVersion: apiVersionOf(info.type),
    metadata: { resourceVersion: String(objects.resourceVersion) },
    items: page.items,
  });
}
