import { ConflictError, InputError } from '@backstage/errors';
import {
  ACCESS_LEVELS,
  AKS_BUILTIN_ROLES,
  AccessLevel,
  BuiltinRole,
  FIC_LIMIT,
  findBuiltinRole,
  isAccessLevel,
  ArmId,
  armIdMatches,
  parseArmId,
  parseIsoDuration,
  RoleAssignmentBudget,
  serviceAccountSubject,
} from '@aks-access/plugin-aks-access-common';
import type {
  AccessRequestRule,
  AksAccessPolicy,
  GrantPrincipalKind,
  QuotaTier,
  WorkloadIdentityHome,
  WorkloadIdentityPolicy,
} from './types';

/*
 * Actions that make a role a way out of the guardrails: whoever holds them can
 * write role assignments, or do anything at all. No policy may allow them.
 */
const ESCALATING_ACTIONS = [
  '*',
  'Microsoft.Authorization/*',
  'Microsoft.Authorization/*/write',
  'Microsoft.Authorization/roleAssignments/write',
];
/** Cluster-admin by another name. */
const CLUSTER_ADMIN_ROLES = [
  AKS_BUILTIN_ROLES.rbacClusterAdmin.guid,
  AKS_BUILTIN_ROLES.clusterAdmin.guid,
];

function refuse(rule: string, message: string): never {
  throw new InputError(`Policy ${rule}: ${message}`);
}

/**
 * The platform team's policy plus the limits that hold whatever it says.
 * Every refusal is a 400 naming the rule and what is allowed.
 */
export class Guardrails {
  constructor(readonly policy: AksAccessPolicy) {}

  /** Self-service may write into this namespace. */
  checkNamespace(namespace: string): void {
    const { reserved, pattern } = this.policy.namespaces;
    if (namespace.startsWith('kube-') || reserved.includes(namespace)) {
      refuse(
        'namespaces.reserved',
        `namespace "${namespace}" is reserved; self-service never writes to ${reserved.join(
          ', ',
        )} or kube-*`,
      );
    }
    if (!pattern.test(namespace)) {
      refuse(
        'namespaces.pattern',
        `namespace "${namespace}" does not match ${pattern.source}`,
      );
    }
  }

  /** The tier's quota values; the default tier when none is asked for. */
  tier(name?: string): { name: string; tier: QuotaTier } | undefined {
    const { quotaTiers, defaultTier } = this.policy.namespaces;
    const chosen = name ?? defaultTier;
    if (chosen === undefined) return undefined;
    const tier = quotaTiers.get(chosen);
    if (!tier) {
      refuse(
        'namespaces.quotaTiers',
        `tier "${chosen}" does not exist; allowed tiers: ${
          [...quotaTiers.keys()].join(', ') || 'none'
        }`,
      );
    }
    return { name: chosen, tier };
  }

  /** The kinds of principal granted on an environment's clusters: its own, else the policy's. */
  principalKinds(environment: string): GrantPrincipalKind[] {
    return (
      this.policy.grants.environments?.get(environment)?.principalKinds ??
      this.policy.grants.principalKinds
    );
  }

  checkGrant(
    level: string,
    principalKind: GrantPrincipalKind,
    environment: string,
  ): AccessLevel {
    if (!isAccessLevel(level)) {
      refuse(
        'grants.levels',
        `level "${level}" cannot be granted; self-service never grants cluster-admin or anything cluster-wide (allowed: ${ACCESS_LEVELS.join(
          ', ',
        )})`,
      );
    }
    const { levels, environments } = this.policy.grants;
    if (!levels.includes(level)) {
      refuse(
        'grants.levels',
        `level "${level}" is not allowed; allowed levels: ${levels.join(', ')}`,
      );
    }
    const principalKinds = this.principalKinds(environment);
    if (!principalKinds.includes(principalKind)) {
      const own = environments?.has(environment);
      refuse(
        own
          ? `grants.environments.${environment}.principalKinds`
          : 'grants.principalKinds',
        `${principalKind} principals are not allowed; allowed kinds: ${
          principalKinds.join(', ') || 'none'
        }${environments?.size ? ` (on ${environment} clusters)` : ''}`,
      );
    }
    return level;
  }

  /** The levels a request may ask for on an environment: granted at all, and with a rule. */
  requestableLevels(environment: string): AccessLevel[] {
    return this.policy.grants.levels.filter(level =>
      this.policy.accessRequests.rules.some(
        r =>
          (r.environment === undefined || r.environment === environment) &&
          (r.level === undefined || r.level === level),
      ),
    );
  }

  /**
   * The access-request rule for a level on an environment, with the
   * duration checked against its limit.
   */
  accessRequestRule(
    level: AccessLevel,
    environment: string,
    duration: string,
  ): AccessRequestRule {
    const seconds = parseIsoDuration(duration)!;
    const rule = this.policy.accessRequests.rules.find(
      r =>
        (r.environment === undefined || r.environment === environment) &&
        (r.level === undefined || r.level === level),
    );
    if (!rule) {
      refuse(
        'accessRequests.rules',
        `no rule allows requests for ${level} access on ${environment} clusters`,
      );
    }
    if (seconds > rule.maxSeconds) {
      refuse(
        'accessRequests.rules',
        `duration ${duration} is over the limit for ${level} access on ${environment} clusters: at most ${rule.maxDuration}`,
      );
    }
    return rule;
  }

  /** A subscription's budget: its count against the policy's thresholds. */
  budget(subscriptionId: string, count: number): RoleAssignmentBudget {
    const { limit, warnAtPercent, refuseAtPercent } =
      this.policy.roleAssignmentBudget;
    return {
      subscriptionId,
      count,
      limit,
      warnAt: Math.floor((limit * warnAtPercent) / 100),
      refuseAt: Math.floor((limit * refuseAtPercent) / 100),
    };
  }

  /**
   * Refuses, before anything is written, a change that would take the
   * subscription's role assignments past the policy's hard threshold; ARM
   * itself refuses past 4,000, with nothing to be done about it.
   */
  checkRoleAssignmentBudget(
    subscriptionId: string,
    count: number,
    adding: number,
  ): void {
    const budget = this.budget(subscriptionId, count);
    if (adding > 0 && count + adding > budget.refuseAt) {
      throw new ConflictError(
        `Subscription ${subscriptionId} holds ${count} of Azure's ${budget.limit} role assignments, and this change needs ${adding} more, past the policy's limit of ${budget.refuseAt} (roleAssignmentBudget.refuseAtPercent: ${this.policy.roleAssignmentBudget.refuseAtPercent}%); grant to a group instead of to its members, or remove assignments nobody uses`,
      );
    }
  }

  /** When a grant reviewed at `from` (or made then) must be reviewed again. */
  reviewDueAt(environment: string, from: Date): Date {
    const { intervalDays } = this.policy.reviews;
    const days = intervalDays[environment] ?? intervalDays.default;
    return new Date(from.getTime() + days * 86400_000);
  }

  workloadIdentity(): WorkloadIdentityPolicy {
    const policy = this.policy.workloadIdentity;
    if (!policy) {
      refuse(
        'workloadIdentity',
        'workload identities are not enabled: the platform policy names no subscription and resource group for them',
      );
    }
    return policy;
  }

  /** Where the cluster's workload identities live: its own home, else its environment's, else the default. */
  identityHome(cluster: {
    name: string;
    config: { environment?: string };
  }): WorkloadIdentityHome {
    const policy = this.workloadIdentity();
    const home =
      policy.clusters[cluster.name] ??
      policy.environments[cluster.config.environment ?? ''] ??
      policy;
    return {
      subscriptionId: home.subscriptionId,
      resourceGroup: home.resourceGroup,
      location: home.location,
    };
  }

  /**
   * The role and the canonical scope, if the policy allows the role there;
   * escalating roles never are. The scope is parsed first, and only the
   * parsed form is matched and returned, so ARM gets what the policy saw.
   */
  checkAzureRole(
    roleName: string,
    rawScope: string,
  ): { role: BuiltinRole; scope: ArmId } {
    const role = findBuiltinRole(roleName);
    const allowed = this.workloadIdentity().allowedRoles;
    const allowedNames = allowed.map(a => a.role.roleName).join(', ') || 'none';
    if (!role) {
      refuse(
        'workloadIdentity.allowedRoles',
        `role "${roleName}" is not a known built-in role; allowed roles: ${allowedNames}`,
      );
    }
    if (
      role.actions.some(a => ESCALATING_ACTIONS.includes(a)) ||
      CLUSTER_ADMIN_ROLES.includes(role.guid)
    ) {
      refuse(
        'workloadIdentity.allowedRoles',
        `role "${role.roleName}" manages access or whole clusters, and is never assigned by self-service; allowed roles: ${allowedNames}`,
      );
    }
    const entry = allowed.find(a => a.role.guid === role.guid);
    if (!entry) {
      refuse(
        'workloadIdentity.allowedRoles',
        `role "${role.roleName}" is not allowed for workload identities; allowed roles: ${allowedNames}`,
      );
    }
    const scope = parseArmId(rawScope);
    if (!entry.scopes.some(pattern => armIdMatches(pattern, scope))) {
      refuse(
        'workloadIdentity.allowedRoles',
        `"${role.roleName}" may not be assigned at ${
          scope.id
        }; allowed scopes: ${entry.scopes.map(p => p.id).join(', ')}`,
      );
    }
    return { role, scope };
  }

  /**
   * The FIC subject of a ServiceAccount. It is built, never taken from the
   * request, and checked again so no edit can point a FIC at another namespace.
   */
  ficSubject(namespace: string, serviceAccount: string): string {
    const subject = serviceAccountSubject(namespace, serviceAccount);
    if (
      subject.split(':').length !== 4 ||
      subject.split(':')[2] !== namespace
    ) {
      refuse(
        'workloadIdentity',
        `a federated credential may only name a ServiceAccount in namespace "${namespace}"`,
      );
    }
    return subject;
  }

  /** Entra refuses a 21st FIC; saying so first avoids a half-done federation. */
  checkFicCapacity(identityName: string, existing: number): void {
    if (existing >= FIC_LIMIT) {
      refuse(
        'workloadIdentity',
        `identity "${identityName}" already has ${existing} federated identity credentials, the Entra limit is ${FIC_LIMIT} per identity; remove one or use another identityName`,
      );
    }
  }
}
