import type { Finding } from '@aks-access/plugin-aks-access-common';
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
