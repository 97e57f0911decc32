import type { Entity } from '@backstage/catalog-model';
import type { z } from 'zod/v3';
import {
  AKS_ACCESS_NAMESPACES_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_ID_LABEL,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from '../constants';
import { clusterNameSchema, namespaceNameSchema } from '../schemas/names';

export interface ClusterNamespace {
  cluster: string;
  namespace: string;
}

/** An annotation entry that was ignored, with why, so the UI can show it. */
export interface InvalidNamespaceSelector {
  annotation: string;
  value: string;
  reason: string;
}

/** How an entity claims namespaces (DESIGN §3); any one match is enough. */
export interface EntityNamespaceSelectors {
  /** Matches namespaces labelled `backstage.io/kubernetes-id=<value>` on any cluster. */
  kubernetesId?: string;
  /** From `backstage.io/kubernetes-namespace`; applies to every cluster. */
  namespaces: string[];
  /** From `aks-access.backstage.io/namespaces`. */
  clusterNamespaces: ClusterNamespace[];
  invalid: InvalidNamespaceSelector[];
}

/** The minimum of a Kubernetes Namespace object that matching needs. */
export interface NamespaceLike {
  metadata: { name?: string; labels?: Record<string, string> };
}

function annotation(entity: Entity, key: string): string | undefined {
  const value = entity.metadata.annotations?.[key]?.trim();
  return value ? value : undefined;
}

function firstIssue(
  result: z.SafeParseReturnType<string, string>,
): string | undefined {
  return result.success ? undefined : result.error.issues[0]?.message;
}

export function getEntityNamespaceSelectors(
  entity: Entity,
): EntityNamespaceSelectors {
  const selectors: EntityNamespaceSelectors = {
    kubernetesId: annotation(entity, KUBERNETES_ID_ANNOTATION),
    namespaces: [],
    clusterNamespaces: [],
    invalid: [],
  };

  const namespace = annotation(entity, KUBERNETES_NAMESPACE_ANNOTATION);
  if (namespace) {
    const reason = firstIssue(namespaceNameSchema.safeParse(namespace));
    if (reason) {
      selectors.invalid.push({
        annotation: KUBERNETES_NAMESPACE_ANNOTATION,
        value: namespace,
        reason,
      });
    } else {
      selectors.namespaces.push(namespace);
    }
  }

  const list = annotation(entity, AKS_ACCESS_NAMESPACES_ANNOTATION) ?? '';
  for (const entry of list.split(/[,\s]+/).filter(Boolean)) {
    const [cluster, ns, ...extra] = entry.split('/');
    const reason =
      ns === undefined || extra.length > 0
        ? 'entries must be <cluster>/<namespace>'
        : firstIssue(clusterNameSchema.safeParse(cluster)) ??
          firstIssue(namespaceNameSchema.safeParse(ns));
    if (reason) {
      selectors.invalid.push({
        annotation: AKS_ACCESS_NAMESPACES_ANNOTATION,
        value: entry,
        reason,
      });
    } else if (
      !selectors.clusterNamespaces.some(
        c => c.cluster === cluster && c.namespace === ns,
      )
    ) {
      selectors.clusterNamespaces.push({ cluster, namespace: ns });
    }
  }
  return selectors;
}

/** Whether the entity page should offer the AKS access view at all. */
export function isAksAccessAvailable(entity: Entity): boolean {
  return [
    KUBERNETES_ID_ANNOTATION,
    KUBERNETES_NAMESPACE_ANNOTATION,
    AKS_ACCESS_NAMESPACES_ANNOTATION,
  ].some(key => annotation(entity, key) !== undefined);
}

export function namespaceBelongsToEntity(
  selectors: EntityNamespaceSelectors,
  cluster: string,
  namespace: NamespaceLike,
): boolean {
  const name = namespace.metadata.name;
  if (!name) return false;
  const label = namespace.metadata.labels?.[KUBERNETES_ID_LABEL];
  return (
    (selectors.kubernetesId !== undefined &&
      label === selectors.kubernetesId) ||
    selectors.namespaces.includes(name) ||
    selectors.clusterNamespaces.some(
      c => c.cluster === cluster && c.namespace === name,
    )
  );
}
