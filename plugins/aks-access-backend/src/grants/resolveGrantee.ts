import { InputError } from '@backstage/errors';
import {
  GRAPH_GROUP_ID_ANNOTATION,
  GRAPH_USER_ID_ANNOTATION,
  isGuid,
  parseStrictEntityRef,
} from '@aks-access/plugin-aks-access-common';
import type { OperationDeps } from '../operations/OperationDeps';

export interface Grantee {
  kind: 'Group' | 'User';
  objectId: string;
  /** The RBAC subject name: the object id for groups, the UPN for users. */
  subjectName: string;
  entityRef?: string;
}

/** The directory must know the object, as the kind the request takes it for. */
async function lookUp(
  deps: Pick<OperationDeps, 'graph'>,
  principal: string,
  objectId: string,
) {
  const found = await deps.graph.getDirectoryObject(objectId);
  if (!found) {
    throw new InputError(
      `principal ${principal} is not in the directory: Microsoft Graph has no user or group with object id ${objectId}`,
    );
  }
  if (found.kind === 'ServicePrincipal') {
    throw new InputError(
      `principal ${principal} is a service principal; access is granted to groups (or, where the policy allows, users), and workloads get workload identities`,
    );
  }
  return found;
}

/**
 * A catalog user or group (through the msgraph annotations), or a raw object
 * id. Either way the object id is looked up in Microsoft Graph before any
 * write, so an unknown id is a 400 and never a half-made grant.
 */
export async function resolveGrantee(
  deps: Pick<OperationDeps, 'catalog' | 'auth' | 'principals' | 'graph'>,
  principal: string,
): Promise<Grantee> {
  if (isGuid(principal)) {
    const objectId = principal.toLowerCase();
    const [found] = await Promise.all([
      lookUp(deps, principal, objectId),
      deps.principals.ready(),
    ]);
    const known = deps.principals.byId(objectId);
    return {
      kind: found.kind === 'User' ? 'User' : 'Group',
      objectId,
      subjectName:
        found.kind === 'User'
          ? found.userPrincipalName ?? known?.email ?? objectId
          : objectId,
      entityRef: known?.entityRef,
    };
  }
  const ref = parseStrictEntityRef(principal)!;
  const entity = await deps.catalog.getEntityByRef(ref, {
    credentials: await deps.auth.getOwnServiceCredentials(),
  });
  if (!entity) {
    throw new InputError(`principal ${principal} is not in the catalog`);
  }
  const kind = entity.kind === 'User' ? 'User' : 'Group';
  const annotation =
    kind === 'User' ? GRAPH_USER_ID_ANNOTATION : GRAPH_GROUP_ID_ANNOTATION;
  const objectId = entity.metadata.annotations?.[annotation]?.toLowerCase();
  if (!objectId || !isGuid(objectId)) {
    throw new InputError(
      `principal ${principal} has no ${annotation} annotation, so its Entra object id is unknown; sync it with the msgraph provider or pass the object id`,
    );
  }
  const found = await lookUp(deps, principal, objectId);
  if (found.kind !== kind) {
    throw new InputError(
      `principal ${principal} is a catalog ${kind}, but its ${annotation} ${objectId} is a ${found.kind} in the directory`,
    );
  }
  const email = (entity.spec as { profile?: { email?: string } })?.profile
    ?.email;
  return {
    kind,
    objectId,
    subjectName:
      kind === 'User' ? found.userPrincipalName ?? email ?? objectId : objectId,
    entityRef: principal,
  };
}
