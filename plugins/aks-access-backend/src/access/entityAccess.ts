import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ClusterAccess,
  EntityAccessResponse,
  Finding,
  getEntityNamespaceSelectors,
  NamespaceAccess,
  WorkloadIdentity,
} from '@aks-access/plugin-aks-access-common';
import type {
  ClusterHandle,
  ClusterRegistry,
} from '../clusters/ClusterRegistry';
import { authorizationModeOf } from '../clusters/posture';
import { postureFindings } from '../findings/posture';
import {
  inClusterCopy,
  managedNamespaceFindings,
  settingsOf,
  unmanagedOnManagedCluster,
} from '../findings/managedNamespaces';
import { MANAGED_BY_ARM_LABEL } from '../azure/managedNamespaces';
import type { ClusterCache } from '../kubernetes/ClusterCache';
import type { AccessIndex } from './AccessIndex';
import { azureGrants } from '../grants/azureGrants';
import {
  GrantsAndFindings,
  kubernetesGrants,
} from '../grants/kubernetesGrants';
import type { PrincipalDirectory } from '../people/PrincipalDirectory';
import { workloadIdentities } from '../identities/workloadIdentities';

/** The entity's namespaces on one cluster (DESIGN §3: any of the three annotations). */
function mappedNamespaces(
  entity: Entity,
  cluster: ClusterHandle,
  cache: ClusterCache,
): string[] {
  const selectors = getEntityNamespaceSelectors(entity);
  const exists = (ns: string) => !!cache.store('namespaces').get(ns);
  const names = new Set<string>();
  if (selectors.kubernetesId) {
    for (const ns of cache.namespacesWithKubernetesId(selectors.kubernetesId))
      names.add(ns);
  }
  for (const ns of selectors.namespaces) if (exists(ns)) names.add(ns);
  for (const { cluster: c, namespace } of selectors.clusterNamespaces) {
    if (c === cluster.name && exists(namespace)) names.add(namespace);
  }
  return [...names].sort();
}

/**
 * The grants in one namespace of a cluster (or, for undefined, the
 * cluster-wide ones), from the index: Kubernetes bindings and Azure role
 * assignments, with what is wrong with them.
 */
export function grantsIn(
  cluster: ClusterHandle,
  namespace: string | undefined,
  cache: ClusterCache,
  index: AccessIndex,
  directory: PrincipalDirectory,
  registry: ClusterRegistry,
): GrantsAndFindings {
  const adminGroups = new Set(
    (cluster.record?.properties.aadProfile?.adminGroupObjectIDs ?? []).map(g =>
      g.toLowerCase(),
    ),
  );
  const k8s = kubernetesGrants(
    cluster.name,
    namespace,
    cache,
    directory,
    adminGroups,
    registry.backendObjectId(),
  );
  const azure = azureGrants(cluster, namespace, index.azure, directory);
  return {
    grants: [...k8s.grants, ...azure.grants],
    findings: [...k8s.findings, ...azure.findings],
  };
}

/**
 * A cluster's cluster-wide grants are the same in every entity's view, and
 * on a fleet they are many (a Cluster User Role for each group granted on
 * it), so they are kept per cluster until what they are read from moves.
 */
const clusterWide = new WeakMap<
  ClusterCache,
  { key: unknown[]; found: GrantsAndFindings }
>();

function clusterWideGrants(
  cluster: ClusterHandle,
  cache: ClusterCache,
  index: AccessIndex,
  directory: PrincipalDirectory,
  registry: ClusterRegistry,
): GrantsAndFindings {
  const key = [
    cluster,
    cluster.record,
    cache.store('clusterrolebindings').version,
    cache.store('clusterroles').version,
    index.azure.version,
    directory.version(),
    registry.backendObjectId(),
  ];
  const kept = clusterWide.get(cache);
  if (kept && kept.key.every((k, i) => k === key[i])) return kept.found;
  const found = grantsIn(cluster, undefined, cache, index, directory, registry);
  clusterWide.set(cache, { key, found });
  return found;
}

/**
 * Who can touch the entity's namespaces and with which identities its
 * workloads reach Azure — computed from the index alone, without a call to
 * any cluster or to ARM. Grants made in a namespace are listed under it;
 * cluster-wide ones once per cluster, in `clusterGrants`.
 */
export function entityAccess(
  entity: Entity,
  registry: ClusterRegistry,
  index: AccessIndex,
  directory: PrincipalDirectory,
): EntityAccessResponse {
  const namespaces: NamespaceAccess[] = [];
  const clusterGrants: ClusterAccess[] = [];
  const identities: WorkloadIdentity[] = [];
  const findings = new Map<string, Finding>();
  const addFindings = (list: Finding[]) =>
    list.forEach(f => findings.set(f.id, f));

  for (const cluster of registry.list()) {
    let cache: ClusterCache;
    try {
      cache = index.kubernetes(cluster.name);
    } catch {
      continue; // its status below says why
    }
    const mapped = mappedNamespaces(entity, cluster, cache);
    if (!mapped.length) continue;
    if (cluster.record) addFindings(postureFindings(cluster, cluster.record));
    /** The namespace's own grants, or (undefined) the cluster-wide ones. */
    const grantsAt = (namespace: string | undefined) => {
      const found =
        namespace === undefined
          ? clusterWideGrants(cluster, cache, index, directory, registry)
          : grantsIn(cluster, namespace, cache, index, directory, registry);
      addFindings(found.findings);
      return found.grants;
    };
    clusterGrants.push({ cluster: cluster.name, grants: grantsAt(undefined) });
    const provisionedByArm =
      cluster.config.namespaceProvisioning === 'managedNamespace';
    for (const namespace of mapped) {
      const managedByArm =
        cache.store('namespaces').get(namespace)?.metadata?.labels?.[
          MANAGED_BY_ARM_LABEL
        ] === 'true';
      const inArm = cluster.managedNamespaces?.find(m => m.name === namespace);
      namespaces.push({
        cluster: cluster.name,
        namespace,
        managedByArm,
        ...(inArm ? { managedNamespace: settingsOf(inArm) } : {}),
        grants: grantsAt(namespace),
      });
      if (provisionedByArm && !managedByArm) {
        addFindings([unmanagedOnManagedCluster(cluster.name, namespace)]);
      }
      if (inArm) {
        addFindings(
          managedNamespaceFindings(
            cluster,
            inArm,
            inClusterCopy(cache, namespace),
          ),
        );
      }
      const wi = workloadIdentities(
        cluster,
        namespace,
        cache.store('serviceaccounts').list(namespace),
        index.azure,
      );
      identities.push(...wi.identities);
      addFindings(wi.findings);
    }
  }

  return {
    entityRef: stringifyEntityRef(entity),
    namespaces,
    clusterGrants,
    identities,
    findings: [...findings.values()],
    clusters: registry.list().map(c => ({
      name: c.name,
      ...(c.record ? { authorizationMode: authorizationModeOf(c.record) } : {}),
      status: index.status(c.name),
    })),
    generatedAt: new Date().toISOString(),
  };
}
