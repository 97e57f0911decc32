import type {
  V1Namespace,
  V1NetworkPolicy,
  V1NetworkPolicyEgressRule,
  V1NetworkPolicyIngressRule,
  V1NetworkPolicyPeer,
  V1ResourceQuota,
} from '@kubernetes/client-node';
import type {
  Finding,
  ManagedNamespaceSettings,
} from '@aks-access/plugin-aks-access-common';
import {
  ARM_QUOTA_KEYS,
  DEFAULT_NETWORK_POLICY,
  DEFAULT_RESOURCE_QUOTA,
  ManagedNamespace,
  NetworkPolicyRule,
} from '../azure/managedNamespaces';
import type { ClusterHandle } from '../clusters/ClusterRegistry';
import type { ClusterCache } from '../kubernetes/ClusterCache';
import { finding } from './finding';

/** On a cluster whose namespaces ARM should manage, one that it does not. */
export function unmanagedOnManagedCluster(
  cluster: string,
  namespace: string,
): Finding {
  return finding('posture', [cluster, namespace, 'not-a-managed-namespace'], {
    severity: 'medium',
    cluster,
    namespace,
    title: `Namespace ${namespace} is not an AKS managed namespace`,
    detail: `${cluster} provisions namespaces as AKS managed namespaces (namespaceProvisioning: managedNamespace), but ${namespace} is not one: ARM does not hold its quota or network policy, and Namespace User grants cannot reach it.`,
    remediation: `Adopt it: onboard it again from Backstage (ARM takes it over when it is identical), or \`az aks namespace add -g <resource group> --cluster-name ${cluster} --name ${namespace}\`.`,
  });
}

/** The ARM settings the view shows. */
export function settingsOf(ns: ManagedNamespace): ManagedNamespaceSettings {
  const p = ns.properties ?? {};
  return {
    provisioningState: p.provisioningState,
    defaultResourceQuota: { ...p.defaultResourceQuota },
    defaultNetworkPolicy: { ...p.defaultNetworkPolicy },
    adoptionPolicy: p.adoptionPolicy,
    deletePolicy: p.deletePolicy,
  };
}

/** What the cluster holds of a managed namespace. */
export interface ManagedNamespaceInCluster {
  namespace?: V1Namespace;
  quota?: V1ResourceQuota;
  policy?: V1NetworkPolicy;
}

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/**
 * A quantity's value, so that ARM's `2000m` and the API server's canonical
 * `2` compare equal (a real API server rewrites quantities it stores).
 */
function quantityValue(quantity: string | undefined): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(quantity ?? '');
  const factor = match && (BINARY[match[2]] ?? DECIMAL[match[2]]);
  return factor ? Number(match[1]) * factor : undefined;
}

/**
 * Which of ARM's three rules a NetworkPolicy's rules are: none is DenyAll,
 * a rule with no peers and no ports AllowAll, rules whose only peers are
 * every pod of the namespace AllowSameNamespace.
 */
function ruleOf(
  rules: Array<V1NetworkPolicyIngressRule | V1NetworkPolicyEgressRule> = [],
): NetworkPolicyRule | 'another rule' {
  if (!rules.length) return 'DenyAll';
  // A typed list names the ingress peers `_from`; watch events and applied
  // objects are the API's JSON, which names them `from`.
  const peersOf = (r: (typeof rules)[number]): V1NetworkPolicyPeer[] => {
    const json = r as Record<string, V1NetworkPolicyPeer[] | undefined>;
    return json._from ?? json.from ?? json.to ?? [];
  };
  if (rules.some(r => !peersOf(r).length && !r.ports?.length)) {
    return 'AllowAll';
  }
  const sameNamespace = rules.every(
    r =>
      !r.ports?.length &&
      peersOf(r).length > 0 &&
      peersOf(r).every(
        peer =>
          !peer.namespaceSelector &&
          !peer.ipBlock &&
          !Object.keys(peer.podSelector?.matchLabels ?? {}).length &&
          !peer.podSelector?.matchExpressions?.length,
      ),
  );
  return sameNamespace ? 'AllowSameNamespace' : 'another rule';
}

/** The cluster's copy of a managed namespace, from the watch cache. */
export function inClusterCopy(
  cache: ClusterCache,
  namespace: string,
): ManagedNamespaceInCluster {
  return {
    namespace: cache.store('namespaces').get(namespace),
    quota: cache.store('resourcequotas').get(DEFAULT_RESOURCE_QUOTA, namespace),
    policy: cache
      .store('networkpolicies')
      .get(DEFAULT_NETWORK_POLICY, namespace),
  };
}

/** Where the cluster's copy differs from what ARM holds. */
export function managedNamespaceDrift(
  ns: ManagedNamespace,
  inCluster: ManagedNamespaceInCluster,
): string[] {
  const p = ns.properties ?? {};
  const { namespace, quota, policy } = inCluster;
  if (!namespace) return ['the namespace itself is missing'];
  const found: string[] = [];
  const compare = (
    what: string,
    want: Record<string, string> | undefined,
    have: Record<string, string> | undefined,
  ) => {
    for (const [key, value] of Object.entries(want ?? {})) {
      if (have?.[key] !== value) found.push(`${what} ${key}`);
    }
  };
  compare('label', p.labels, namespace.metadata?.labels);
  compare('annotation', p.annotations, namespace.metadata?.annotations);

  const wantedQuota = Object.entries(ARM_QUOTA_KEYS).filter(
    ([, field]) => p.defaultResourceQuota?.[field] !== undefined,
  );
  if (wantedQuota.length && !quota) {
    found.push(`ResourceQuota ${DEFAULT_RESOURCE_QUOTA} is missing`);
  }
  for (const [key, field] of quota ? wantedQuota : []) {
    const want = p.defaultResourceQuota![field]!;
    const have = quota!.spec?.hard?.[key];
    if (quantityValue(have) !== quantityValue(want)) {
      found.push(
        `ResourceQuota ${DEFAULT_RESOURCE_QUOTA} ${key} is ${
          have ?? 'not set'
        }, not ${want}`,
      );
    }
  }

  const rules = p.defaultNetworkPolicy;
  if (rules && !policy) {
    found.push(`NetworkPolicy ${DEFAULT_NETWORK_POLICY} is missing`);
  } else if (rules && policy) {
    const spec = policy.spec;
    const everyPod =
      !Object.keys(spec?.podSelector?.matchLabels ?? {}).length &&
      !spec?.podSelector?.matchExpressions?.length;
    if (!everyPod) {
      found.push(
        `NetworkPolicy ${DEFAULT_NETWORK_POLICY} no longer selects every pod`,
      );
    }
    const directions = [
      ['ingress', 'Ingress', rules.ingress, spec?.ingress],
      ['egress', 'Egress', rules.egress, spec?.egress],
    ] as const;
    for (const [field, type, want, have] of directions) {
      if (!want) continue;
      const actual = spec?.policyTypes?.includes(type)
        ? ruleOf(have)
        : 'AllowAll';
      if (actual !== want) {
        found.push(
          `NetworkPolicy ${DEFAULT_NETWORK_POLICY} ${field} is ${actual}, not ${want}`,
        );
      }
    }
  }
  return found;
}

/**
 * What is wrong with a managed namespace: the cluster's copy (the
 * namespace's labels and annotations, ARM's default quota and network
 * policy) no longer is what ARM holds (someone got past the webhook, or
 * ARM's reconciliation is failing), or a prod namespace that one ARM delete
 * would remove with everything in it.
 */
export function managedNamespaceFindings(
  cluster: ClusterHandle,
  ns: ManagedNamespace,
  inCluster: ManagedNamespaceInCluster,
): Finding[] {
  const name = ns.name!;
  const p = ns.properties ?? {};
  const findings: Finding[] = [];
  const drifted = managedNamespaceDrift(ns, inCluster);
  if (drifted.length) {
    findings.push(
      finding('drift', [cluster.name, name, 'managedNamespace'], {
        severity: 'high',
        cluster: cluster.name,
        namespace: name,
        title: `Managed namespace ${name} differs from its ARM resource`,
        detail: `ARM holds ${name} on ${
          cluster.name
        }, but the cluster's copy differs: ${drifted.join('; ')}.`,
        remediation: `Re-run the onboarding from Backstage, which PUTs the managed namespace again so that AKS restores the cluster's copy, or \`az aks namespace update -g ${cluster.config.resourceGroup} --cluster-name ${cluster.config.clusterName} --name ${name}\`.`,
      }),
    );
  }
  if (p.deletePolicy === 'Delete' && cluster.config.environment === 'prod') {
    findings.push(
      finding('posture', [cluster.name, name, 'delete-policy'], {
        severity: 'high',
        cluster: cluster.name,
        namespace: name,
        title: `Managed namespace ${name} is deleted with its ARM resource`,
        detail: `${name} on ${cluster.name} has deletePolicy Delete: deleting the ARM resource deletes the namespace and everything in it.`,
        remediation: `Set deletePolicy to Keep (re-run the onboarding from Backstage, which sets it), and delete namespaces through Backstage's offboarding with deleteNamespace.`,
      }),
    );
  }
  return findings;
}
