import type { AdoptionPolicy } from '../azure/managedNamespaces';
import type {
  AccessLevel,
  ArmId,
  BuiltinRole,
} from '@aks-access/plugin-aks-access-common';

/** ResourceQuota `spec.hard` and LimitRange `Container` item of one tier. */
export interface QuotaTier {
  resourceQuota: Record<string, string>;
  limitRange: {
    default?: Record<string, string>;
    defaultRequest?: Record<string, string>;
    max?: Record<string, string>;
  };
}

export type NetworkPolicyMode = 'same-namespace-ingress' | 'none';

export type GrantPrincipalKind = 'Group' | 'User';

export interface AllowedAzureRole {
  role: BuiltinRole;
  /** ARM scope patterns, parsed; `*` matches within one path segment. */
  scopes: ArmId[];
}

/** Where a cluster's workload identities are created. */
export interface WorkloadIdentityHome {
  subscriptionId: string;
  resourceGroup: string;
  location: string;
}

/** The default home, with homes per environment and per cluster (the most specific wins). */
export interface WorkloadIdentityPolicy extends WorkloadIdentityHome {
  allowedRoles: AllowedAzureRole[];
  /** keyed by a cluster's `environment` */
  environments: Record<string, WorkloadIdentityHome>;
  /** keyed by cluster name */
  clusters: Record<string, WorkloadIdentityHome>;
}

export interface AccessRequestRule {
  environment?: string;
  level?: AccessLevel;
  maxDuration: string;
  maxSeconds: number;
  approval: 'required' | 'none';
}

export interface AccessRequestPolicy {
  pendingTimeout: string;
  pendingTimeoutSeconds: number;
  rules: AccessRequestRule[];
}

export interface ReviewPolicy {
  /** Per environment, with `default` for the rest. */
  intervalDays: Record<string, number>;
  autoRevokeAfterDays?: number;
}

/** Azure's role assignments per subscription, and the policy's thresholds in percent of it. */
export interface RoleAssignmentBudgetPolicy {
  limit: number;
  warnAtPercent: number;
  refuseAtPercent: number;
}

/** `aksAccess.policy` (DESIGN §4), read and checked once at startup. */
export interface AksAccessPolicy {
  namespaces: {
    pattern: RegExp;
    reserved: string[];
    /** A Map, so that a tier named `constructor` is just an unknown tier. */
    quotaTiers: Map<string, QuotaTier>;
    defaultTier?: string;
    networkPolicy: NetworkPolicyMode;
    /** What ARM does with a namespace that exists when a managed namespace is created. */
    adoptionPolicy: AdoptionPolicy;
  };
  grants: {
    levels: AccessLevel[];
    principalKinds: GrantPrincipalKind[];
    /**
     * Keyed by a cluster's `environment`: the kinds of principal granted
     * there, in place of `principalKinds`. A Map, so that an environment
     * named `constructor` is just one without its own.
     */
    environments?: Map<string, { principalKinds: GrantPrincipalKind[] }>;
  };
  /** Absent when the platform team has not said where identities go. */
  workloadIdentity?: WorkloadIdentityPolicy;
  accessRequests: AccessRequestPolicy;
  reviews: ReviewPolicy;
  roleAssignmentBudget: RoleAssignmentBudgetPolicy;
}
