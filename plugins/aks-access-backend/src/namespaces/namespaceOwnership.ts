import type { V1Namespace } from '@kubernetes/client-node';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { ENTITY_REF_ANNOTATION } from '@aks-access/plugin-aks-access-common';
import type { ClusterObjects } from '../kubernetes/ClusterObjects';

export function readNamespace(
  objects: ClusterObjects,
  namespace: string,
): Promise<V1Namespace | undefined> {
  return objects.read<V1Namespace>({
    apiVersion: 'v1',
    kind: 'Namespace',
    name: namespace,
  });
}

export function sameEntity(a?: string, b?: string): boolean {
  return (
    !!a && !!b && a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US')
  );
}

/**
 * The entity an onboarded namespace belongs to. Writes into a namespace go
 * through its entity's permissions, so a namespace aks-access did not onboard
 * takes no self-service writes.
 */
export async function namespaceEntity(
  objects: ClusterObjects,
  namespace: string,
  expectedEntityRef?: string,
): Promise<{ entityRef: string; object: V1Namespace }> {
  const object = await readNamespace(objects, namespace);
  if (!object) {
    throw new NotFoundError(
      `Namespace ${namespace} does not exist on ${objects.cluster}; onboard it first`,
    );
  }
  const entityRef = object.metadata?.annotations?.[ENTITY_REF_ANNOTATION];
  if (!entityRef) {
    throw new ConflictError(
      `Namespace ${namespace} on ${objects.cluster} was not onboarded through aks-access (no ${ENTITY_REF_ANNOTATION} annotation); onboard it for its entity first`,
    );
  }
  if (expectedEntityRef && !sameEntity(entityRef, expectedEntityRef)) {
    throw new ConflictError(
      `Namespace ${namespace} on ${objects.cluster} belongs to ${entityRef}, not ${expectedEntityRef}`,
    );
  }
  return { entityRef, object };
}
