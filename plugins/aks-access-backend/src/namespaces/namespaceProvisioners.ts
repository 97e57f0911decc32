import type { V1Namespace } from '@kubernetes/client-node';
import type { ClusterHandle } from '../clusters/ClusterRegistry';
import { MANAGED_BY_ARM_LABEL } from '../azure/managedNamespaces';
import type { OperationDeps } from '../operations/OperationDeps';
import { KubernetesNamespaces } from './KubernetesNamespaces';
import { ManagedNamespaces } from './ManagedNamespaces';
import type { NamespaceProvisioner } from './NamespaceProvisioner';

type ProvisionerDeps = Pick<OperationDeps, 'registry' | 'index' | 'guardrails'>;

/**
 * The kinds of namespace, by the cluster setting that asks for them. A new
 * kind is a class and a row here.
 */
const NAMESPACE_KINDS = {
  kubernetes: (handle: ClusterHandle) => new KubernetesNamespaces(handle),
  managedNamespace: (handle: ClusterHandle, deps: ProvisionerDeps) =>
    new ManagedNamespaces(handle, deps),
} satisfies Record<
  'kubernetes' | 'managedNamespace',
  (handle: ClusterHandle, deps: ProvisionerDeps) => NamespaceProvisioner
>;

/** What onboarding creates on a cluster: its `namespaceProvisioning`. */
export function provisionerForCluster(
  deps: ProvisionerDeps,
  handle: ClusterHandle,
): NamespaceProvisioner {
  return NAMESPACE_KINDS[handle.config.namespaceProvisioning ?? 'kubernetes'](
    handle,
    deps,
  );
}

/**
 * What an existing namespace is, from its own label: a managed cluster can
 * still hold plain namespaces made before it was.
 */
export function provisionerOf(
  deps: ProvisionerDeps,
  handle: ClusterHandle,
  namespace: V1Namespace,
): NamespaceProvisioner {
  const managed = namespace.metadata?.labels?.[MANAGED_BY_ARM_LABEL] === 'true';
  return NAMESPACE_KINDS[managed ? 'managedNamespace' : 'kubernetes'](
    handle,
    deps,
  );
}
