import { InputError } from '@backstage/errors';
import {
  GRAPH_GROUP_ID_ANNOTATION,
  GRAPH_USER_ID_ANNOTATION,
  isGuid,
  parseStrictEntityRef,
} from '@aks-access/plugin-aks-access-common';
import type { OperationDeps } from './OperationDeps';

export interface ResolvedPrincipal {
  kind: 'Group' | 'User';
  objectId: string;
  /** The RBAC subject name: the object id for groups, the UPN for users. */
  subjectName: string;
  entityRef?: string;
}

/**
 * A catalog user or group (through the msgraph annotations), or a raw object
 * id. A raw id the catalog does not know as a user is taken to be a group,
 * because user grants are the exception the policy must allow.
 */
export async function resolvePrincipal(
  deps: Pick<OperationDeps, 'catalog' | 'auth' | 'principals'>,
  principal: string,
): Promise<ResolvedPrincipal> {
  if (isGuid(principal)) {
    await deps.principals.ready();
    const known = deps.principals.byId(principal);
    const objectId = principal.toLowerCase();
    if (known?.kind === 'User') {
      return {
        kind: 'User',
        objectId,
        subjectName: known.email ?? objectId,
        entityRef: known.entityRef,
      };
    }
    return {
      kind: 'Group',
      objectId,
      subjectName: objectId,
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
  const email = (entity.spec as { profile?: { email?: string } })?.profile
    ?.email;
  return {
    kind,
    objectId,
    subjectName: kind === 'User' ? email ?? objectId : objectId,
    entityRef: principal,
  };
}
