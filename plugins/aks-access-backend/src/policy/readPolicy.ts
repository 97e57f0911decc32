import type { AdoptionPolicy } from '../azure/managedNamespaces';
import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ACCESS_LEVELS,
  AccessLevel,
  DEFAULT_RESERVED_NAMESPACES,
  findBuiltinRole,
  formatArmId,
  isGuid,
  parseArmIdPattern,
  parseIsoDuration,
} from '@aks-access/plugin-aks-access-common';
import type {
  AccessRequestPolicy,
  AksAccessPolicy,
  ReviewPolicy,
  RoleAssignmentBudgetPolicy,
  GrantPrincipalKind,
  NetworkPolicyMode,
  QuotaTier,
  WorkloadIdentityHome,
  WorkloadIdentityPolicy,
} from './types';

const DEFAULT_PATTERN = '^[a-z][a-z0-9-]{1,40}[a-z0-9]$';
const PRINCIPAL_KINDS: GrantPrincipalKind[] = ['Group', 'User'];
const NETWORK_POLICY_MODES: NetworkPolicyMode[] = [
  'same-namespace-ingress',
  'none',
];

function configError(key: string, problem: string): Error {
  return new Error(`aksAccess.policy.${key}: ${problem}`);
}

// Quota keys contain dots (`requests.cpu`), which Config would read as paths.
function readStringMap(
  config: Config | undefined,
  key: string,
): Record<string, string> | undefined {
  const raw = config?.getOptional<Record<string, unknown>>(key);
  if (raw === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(raw).map(([name, value]) => [name, String(value)]),
  );
}

function readTier(config: Config): QuotaTier {
  const limitRange = config.getOptionalConfig('limitRange');
  return {
    resourceQuota: readStringMap(config, 'resourceQuota') ?? {},
    limitRange: {
      default: readStringMap(limitRange, 'default'),
      defaultRequest: readStringMap(limitRange, 'defaultRequest'),
      max: readStringMap(limitRange, 'max'),
    },
  };
}

function readWorkloadIdentity(
  config?: Config,
): WorkloadIdentityPolicy | undefined {
  if (!config) return undefined;
  const allowedRoles = (
    config.getOptionalConfigArray('allowedRoles') ?? []
  ).map((entry, i) => {
    const name = entry.getString('role');
    const role = findBuiltinRole(name);
    if (!role) {
      throw configError(
        `workloadIdentity.allowedRoles[${i}].role`,
        `"${name}" is not an Azure built-in role name or GUID`,
      );
    }
    const scopes = entry.getStringArray('scopes').map((scope, j) => {
      try {
        return parseArmIdPattern(scope);
      } catch (error) {
        throw configError(
          `workloadIdentity.allowedRoles[${i}].scopes[${j}]`,
          (error as Error).message,
        );
      }
    });
    return { role, scopes };
  });
  const homesAt = (key: 'environments' | 'clusters') => {
    const homes = config.getOptionalConfig(key);
    return Object.fromEntries(
      (homes?.keys() ?? []).map(name => [
        name,
        readIdentityHome(
          homes!.getConfig(name),
          `workloadIdentity.${key}.${name}`,
        ),
      ]),
    );
  };
  return {
    ...readIdentityHome(config, 'workloadIdentity'),
    allowedRoles,
    environments: homesAt('environments'),
    clusters: homesAt('clusters'),
  };
}

/** Every subscription workload identities may live in: the index reads their identities. */
export function workloadIdentitySubscriptions(
  policy: WorkloadIdentityPolicy | undefined,
): string[] {
  if (!policy) return [];
  const homes = [
    policy,
    ...Object.values(policy.environments),
    ...Object.values(policy.clusters),
  ];
  return [...new Set(homes.map(h => h.subscriptionId.toLowerCase()))];
}

/**
 * At startup, once the clusters are known: a home for a cluster that does
 * not exist is a typo that would send its identities to the default, so it
 * stops the start; with discovery on, the cluster may only be missing from
 * ARM for now, so it is a warning. An environment no cluster has is a
 * warning either way.
 */
export function checkWorkloadIdentityHomes(
  policy: WorkloadIdentityPolicy | undefined,
  clusters: Array<{ name: string; config: { environment?: string } }>,
  options: { discovery: boolean; logger: LoggerService },
): void {
  if (!policy) return;
  const names = new Set(clusters.map(c => c.name));
  const unknown = Object.keys(policy.clusters).filter(n => !names.has(n));
  if (unknown.length) {
    const error = configError(
      'workloadIdentity.clusters',
      `${unknown.join(', ')} is not a cluster here; known: ${[...names].join(
        ', ',
      )}`,
    );
    if (!options.discovery) throw error;
    options.logger.warn(error.message);
  }
  warnOfUnusedEnvironments(
    'workloadIdentity.environments',
    Object.keys(policy.environments),
    clusters,
    options.logger,
  );
}

/**
 * An environment the policy names but no cluster has is most likely a typo;
 * what it sets then applies nowhere, so startup says so. Only a warning: with
 * discovery, a cluster of that environment may still come.
 */
export function warnOfUnusedEnvironments(
  key: string,
  named: string[],
  clusters: Array<{ config: { environment?: string } }>,
  logger: LoggerService,
): void {
  const environments = new Set(clusters.map(c => c.config.environment ?? ''));
  const unused = named.filter(e => !environments.has(e));
  if (unused.length) {
    logger.warn(
      `aksAccess.policy.${key} names ${unused.join(
        ', ',
      )}, which no cluster has`,
    );
  }
}

/** An Azure region's name as ARM takes it (westeurope, eastus2, …). */
const LOCATION = /^[a-z][a-z0-9]*$/;

function readIdentityHome(config: Config, path: string): WorkloadIdentityHome {
  const subscriptionId = config.getString('subscriptionId');
  const resourceGroup = config.getString('resourceGroup');
  const location = config.getString('location');
  if (!isGuid(subscriptionId)) {
    throw configError(
      `${path}.subscriptionId`,
      `"${subscriptionId}" is not a subscription id (a GUID)`,
    );
  }
  try {
    // Identity ids are built from these two: they must parse like any ARM id.
    formatArmId({ subscriptionId, resourceGroup, providers: [] });
  } catch (error) {
    throw configError(
      `${path}.subscriptionId/resourceGroup`,
      (error as Error).message,
    );
  }
  if (!LOCATION.test(location)) {
    throw configError(
      `${path}.location`,
      `"${location}" is not an Azure region name (lower-case letters and digits, e.g. westeurope)`,
    );
  }
  return { subscriptionId, resourceGroup, location };
}

function readDuration(config: Config, key: string, path: string) {
  const text = config.getString(key);
  const seconds = parseIsoDuration(text);
  if (seconds === undefined) {
    throw configError(
      path,
      `"${text}" is not a positive ISO 8601 duration in weeks, days, hours, minutes or seconds (e.g. PT4H, P30D)`,
    );
  }
  return { text, seconds };
}

function readAccessRequests(config?: Config): AccessRequestPolicy {
  const pending = config?.has('pendingTimeout')
    ? readDuration(config, 'pendingTimeout', 'accessRequests.pendingTimeout')
    : { text: 'P1D', seconds: 86400 };
  const rules = config?.getOptionalConfigArray('rules')?.map((rule, i) => {
    const path = `accessRequests.rules[${i}]`;
    const level = rule.getOptionalString('level') as AccessLevel | undefined;
    if (level && !ACCESS_LEVELS.includes(level)) {
      throw configError(
        `${path}.level`,
        `"${level}" is not one of ${ACCESS_LEVELS.join(', ')}`,
      );
    }
    const approval = rule.getString('approval');
    if (approval !== 'required' && approval !== 'none') {
      throw configError(`${path}.approval`, 'must be required or none');
    }
    const max = readDuration(rule, 'maxDuration', `${path}.maxDuration`);
    return {
      environment: rule.getOptionalString('environment'),
      level,
      maxDuration: max.text,
      maxSeconds: max.seconds,
      approval,
    } as const;
  }) ?? [{ maxDuration: 'PT8H', maxSeconds: 8 * 3600, approval: 'required' }];
  return {
    pendingTimeout: pending.text,
    pendingTimeoutSeconds: pending.seconds,
    rules,
  };
}

function readReviews(config?: Config): ReviewPolicy {
  const intervals = config?.getOptionalConfig('intervalDays');
  const intervalDays: Record<string, number> = { default: 90 };
  for (const environment of intervals?.keys() ?? []) {
    const days = intervals!.getNumber(environment);
    if (!(days > 0)) {
      throw configError(
        `reviews.intervalDays.${environment}`,
        'must be a positive number of days',
      );
    }
    intervalDays[environment] = days;
  }
  const autoRevokeAfterDays = config?.getOptionalNumber('autoRevokeAfterDays');
  if (autoRevokeAfterDays !== undefined && !(autoRevokeAfterDays >= 0)) {
    throw configError(
      'reviews.autoRevokeAfterDays',
      'must be zero or a positive number of days',
    );
  }
  return { intervalDays, autoRevokeAfterDays };
}

/** A `principalKinds` list, each one checked; undefined when absent. */
function readPrincipalKinds(
  config: Config | undefined,
  key: string,
): GrantPrincipalKind[] | undefined {
  const kinds = config?.getOptionalStringArray('principalKinds') as
    | GrantPrincipalKind[]
    | undefined;
  const unknownKind = kinds?.find(k => !PRINCIPAL_KINDS.includes(k));
  if (unknownKind) {
    throw configError(
      `${key}.principalKinds`,
      `"${unknownKind}" is not one of ${PRINCIPAL_KINDS.join(', ')}`,
    );
  }
  return kinds;
}

/** Reads `aksAccess.policy`; a policy that cannot be enforced stops startup. */
const ADOPTION_POLICIES: AdoptionPolicy[] = ['Never', 'IfIdentical', 'Always'];

export function readPolicy(root: Config): AksAccessPolicy {
  const policy = root.getOptionalConfig('aksAccess.policy');
  const namespaces = policy?.getOptionalConfig('namespaces');
  const grants = policy?.getOptionalConfig('grants');

  const quotaTiers = new Map<string, QuotaTier>();
  const tiers = namespaces?.getOptionalConfig('quotaTiers');
  for (const name of tiers?.keys() ?? []) {
    quotaTiers.set(name, readTier(tiers!.getConfig(name)));
  }
  const defaultTier = namespaces?.getOptionalString('defaultTier');
  if (defaultTier && !quotaTiers.has(defaultTier)) {
    throw configError(
      'namespaces.defaultTier',
      `"${defaultTier}" is not one of quotaTiers (${
        [...quotaTiers.keys()].join(', ') || 'none'
      })`,
    );
  }

  const networkPolicy = (namespaces?.getOptionalString('networkPolicy') ??
    'same-namespace-ingress') as NetworkPolicyMode;
  if (!NETWORK_POLICY_MODES.includes(networkPolicy)) {
    throw configError(
      'namespaces.networkPolicy',
      `must be one of ${NETWORK_POLICY_MODES.join(', ')}`,
    );
  }

  const adoptionPolicy = (namespaces?.getOptionalString('adoptionPolicy') ??
    'IfIdentical') as AdoptionPolicy;
  if (!ADOPTION_POLICIES.includes(adoptionPolicy)) {
    throw configError(
      'namespaces.adoptionPolicy',
      `must be one of ${ADOPTION_POLICIES.join(', ')}`,
    );
  }

  const levels = (grants?.getOptionalStringArray('levels') ?? [
    ...ACCESS_LEVELS,
  ]) as AccessLevel[];
  const unknownLevel = levels.find(l => !ACCESS_LEVELS.includes(l));
  if (unknownLevel) {
    throw configError(
      'grants.levels',
      `"${unknownLevel}" is not one of ${ACCESS_LEVELS.join(
        ', ',
      )} (cluster-admin can never be granted)`,
    );
  }
  const principalKinds = readPrincipalKinds(grants, 'grants') ?? ['Group'];
  const environments = new Map<
    string,
    { principalKinds: GrantPrincipalKind[] }
  >();
  const byEnvironment = grants?.getOptionalConfig('environments');
  for (const environment of byEnvironment?.keys() ?? []) {
    const key = `grants.environments.${environment}`;
    const kinds = readPrincipalKinds(
      byEnvironment!.getConfig(environment),
      key,
    );
    if (!kinds) {
      throw configError(
        `${key}.principalKinds`,
        `is required: the kinds of principal granted on ${environment} clusters`,
      );
    }
    environments.set(environment, { principalKinds: kinds });
  }

  return {
    namespaces: {
      pattern: new RegExp(
        namespaces?.getOptionalString('pattern') ?? DEFAULT_PATTERN,
      ),
      reserved: [
        ...new Set([
          ...DEFAULT_RESERVED_NAMESPACES,
          ...(namespaces?.getOptionalStringArray('reserved') ?? []),
        ]),
      ],
      quotaTiers,
      defaultTier,
      networkPolicy,
      adoptionPolicy,
    },
    grants: { levels, principalKinds, environments },
    workloadIdentity: readWorkloadIdentity(
      policy?.getOptionalConfig('workloadIdentity'),
    ),
    accessRequests: readAccessRequests(
      policy?.getOptionalConfig('accessRequests'),
    ),
    reviews: readReviews(policy?.getOptionalConfig('reviews')),
    roleAssignmentBudget: readRoleAssignmentBudget(
      policy?.getOptionalConfig('roleAssignmentBudget'),
    ),
  };
}

/**
 * Azure allows 4,000 role assignments per subscription and the limit cannot
 * be raised (learn.microsoft.com, azure/role-based-access-control/
 * troubleshoot-limits); the thresholds keep headroom for what the platform
 * team assigns by other means.
 */
const AZURE_ROLE_ASSIGNMENTS_PER_SUBSCRIPTION = 4000;

function readRoleAssignmentBudget(
  budget: Config | undefined,
): RoleAssignmentBudgetPolicy {
  const percent = (key: string, fallback: number) => {
    const value = budget?.getOptionalNumber(key) ?? fallback;
    if (!(value > 0 && value <= 100)) {
      throw configError(
        `roleAssignmentBudget.${key}`,
        'must be a percentage above 0 and at most 100',
      );
    }
    return value;
  };
  const warnAtPercent = percent('warnAtPercent', 80);
  const refuseAtPercent = percent('refuseAtPercent', 95);
  if (warnAtPercent > refuseAtPercent) {
    throw configError(
      'roleAssignmentBudget.warnAtPercent',
      `must not be above refuseAtPercent (${refuseAtPercent})`,
    );
  }
  return {
    limit: AZURE_ROLE_ASSIGNMENTS_PER_SUBSCRIPTION,
    warnAtPercent,
    refuseAtPercent,
  };
}
