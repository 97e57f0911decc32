import type { Principal } from '@aks-access/plugin-aks-access-common';
import type { PrincipalDirectory } from './PrincipalDirectory';

/** A principal as the view shows it; `hint` says why an id stayed unresolved. */
export type ViewPrincipal = Principal & { hint?: string };

const SYSTEM_GROUPS = /^system:/;

export function resolvePrincipal(
  directory: PrincipalDirectory,
  kind: Principal['kind'],
  id: string,
): ViewPrincipal {
  if (kind === 'ServiceAccount' || SYSTEM_GROUPS.test(id)) return { kind, id };
  const found =
    directory.byId(id) ??
    (kind === 'User' ? directory.byUserName(id) : undefined);
  if (found) {
    return {
      kind,
      id,
      displayName: found.displayName,
      entityRef: found.entityRef,
    };
  }
  const annotation =
    kind === 'User'
      ? 'graph.microsoft.com/user-id'
      : 'graph.microsoft.com/group-id';
  return {
    kind,
    id,
    hint:
      kind === 'ServicePrincipal'
        ? 'An application or managed identity; it has no catalog entity.'
        : `No catalog ${kind} has ${annotation}: ${id}. Sync it with the msgraph provider or add the annotation.`,
  };
}
