import type { V1Namespace } from '@kubernetes/client-node';
import type {
  Finding,
  ManagedNamespaceSettings,
} from '@aks-access/plugin-aks-access-common';
import type { ManagedNamespace } from '../azure/managedNamespaces';
import type { ClusterHandle } from '../clusters/ClusterRegistry';
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

/**
 * What is wrong with a managed namespace: the namespace in the cluster no
 * longer carries what ARM holds (someone got past the webhook, or ARM's
 * reconciliation is failing), or a prod namespace that one ARM delete would
 * remove with everything in it.
 */
export function managedNamespaceFindings(
  cluster: ClusterHandle,
  ns: ManagedNamespace,
  inCluster: V1Namespace | undefined,
): Finding[] {
  const name = ns.name!;
  const p = ns.properties ?? {};
  const findings: Finding[] = [];
  const differs = (
    want: Record<string, string> | undefined,
    have: Record<string, string> | undefined,
  ) =>
    Object.entries(want ?? {})
      .filter(([k, v]) => have?.[k] !== v)
      .map(([k]) => k);
  const drifted = inCluster
    ? [
        ...differs(p.labels, inCluster.metadata?.labels),
        ...differs(p.annotations, inCluster.metadata?.annotations),
      ]
    : ['the namespace itself'];
  if (drifted.length) {
    findings.push(
      finding('drift', [cluster.name, name, 'managedNamespace'], {
        severity: 'high',
        cluster: cluster.name,
        namespace: name,
        title: `Managed namespace ${name} differs from its ARM resource`,
        detail: `ARM holds ${name} on ${
          cluster.name
        }, but the cluster's copy differs in ${drifted.join(', ')}.`,
        remediation: `Re-run the onboarding from Backstage, which PUTs the managed namespace again, or \`az aks namespace update -g ${cluster.config.resourceGroup} --cluster-name ${cluster.config.clusterName} --name ${name}\`.`,
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
