import type { V1Namespace } from '@kubernetes/client-node';
import type {
  AksNamespaceScopeForm,
  ArmId,
  BuiltinRole,
  Change,
} from '@aks-access/plugin-aks-access-common';
import type { QuotaTier } from '../policy/types';

/** What onboarding asks of a namespace, whoever holds it. */
export interface NamespaceWish {
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  tier?: QuotaTier;
  /** The namespace as the API server has it, if it exists. */
  existing?: V1Namespace;
}

/** Read before any write; `apply` writes the namespace itself. */
export interface NamespacePlan {
  apply(): Promise<Change>;
  /** The ResourceQuota entries left for Kubernetes to hold. */
  kubernetesQuota: Record<string, string>;
  /** Whether the default NetworkPolicy is a Kubernetes object here. */
  kubernetesNetworkPolicy: boolean;
}

/**
 * One kind of namespace: where it lives (the API server, or ARM for an AKS
 * managed namespace), where Azure roles in it are assigned, and which role
 * fetches its credentials. Use cases never ask which kind they hold.
 */
export interface NamespaceProvisioner {
  /** Where Azure role assignments for the namespace are scoped. */
  readonly scopeForm: AksNamespaceScopeForm;
  /** The role `get-credentials` needs beside a grant in the namespace. */
  credentialsRole(namespace: string): { scope: ArmId; role: BuiltinRole };
  plan(wish: NamespaceWish, dryRun: boolean): Promise<NamespacePlan>;
  /** Reads first; the returned step deletes the namespace. */
  planRemoval(
    namespace: string,
    dryRun: boolean,
  ): Promise<() => Promise<Change | undefined>>;
}
