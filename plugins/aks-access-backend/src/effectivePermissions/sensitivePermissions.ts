import {
  Finding,
  parseKubernetesResource,
  PermissionRequest,
  PersonSensitivePermission,
  SENSITIVE_PERMISSIONS,
  SensitivePermissionId,
  SensitivePermissionsResponse,
} from '@aks-access/plugin-aks-access-common';
import { finding } from '../findings/finding';
import type { GroupPath } from '../people/GroupMembership';
import type { PrincipalDirectory } from '../people/PrincipalDirectory';
import {
  adminGroupsOf,
  AllowingGrant,
  clusterWideGrantsAllowing,
  namespaceGrantsAllowing,
} from './allowingGrants';
import { aksDataAction } from './dataActions';
import { landing, NamespaceTarget, PeopleContext } from './whoCan';

type Permission = (typeof SENSITIVE_PERMISSIONS)[number];

const HIGH = new Set([
  'read-secrets',
  'list-secrets',
  'exec',
  'escalate',
  'bind',
  'impersonate',
  'wildcard',
]);

/** A principal as people say it: its name where the directory knows one, its id only where not. */
function principalName(grant: AllowingGrant['grant']): string {
  const p = grant.principal;
  return p.displayName ? p.displayName : `${p.kind} ${p.id}`;
}

const capitalised = (text: string) =>
  text.charAt(0).toUpperCase() + text.slice(1);

/** "a, b and c", and "a, b, c and 4 more" past three. */
function listed(items: string[]): string {
  const shown =
    items.length > 4
      ? [...items.slice(0, 3), `${items.length - 3} more`]
      : items;
  return shown.length > 1
    ? `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`
    : shown[0];
}

function fixFor(
  allowing: AllowingGrant,
  held: Array<{ permission: Permission; request: PermissionRequest }>,
  namespace: string,
): string {
  if (allowing.subject.kind === 'Azure')
    return `Assign a role without ${listed([
      ...new Set(held.map(h => aksDataAction(h.request))),
    ])} (add them to the role's notDataActions, or use a narrower built-in role), then remove ${
      allowing.where
    }.`;
  const [kind, name] = allowing.grant.role.split('/');
  return `Bind a role without ${listed(
    held.map(h => `"${h.permission.verb} ${h.permission.resource}"`),
  )} instead, or remove those rules from ${kind} ${name}: kubectl edit ${kind.toLowerCase()} ${name}${
    kind === 'Role' ? ` -n ${namespace}` : ''
  }`;
}

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'] as const;

/* What aks-access granted at a level is the platform's intent: listed, not alarming. */
function severityOf(
  everyone: boolean,
  managed: boolean,
  permission: string,
): 'critical' | 'high' | 'medium' | 'low' {
  if (everyone) return 'critical';
  if (managed) return 'low';
  return HIGH.has(permission) ? 'high' : 'medium';
}

const REQUESTS = SENSITIVE_PERMISSIONS.map(permission => ({
  permission,
  request: {
    verb: permission.verb,
    ...parseKubernetesResource(permission.resource)!,
  } as PermissionRequest,
}));

/** A grant that gives a sensitive permission in one of the namespaces asked about. */
export interface SensitiveGrant {
  cluster: string;
  namespace: string;
  permission: Permission;
  request: PermissionRequest;
  allowing: AllowingGrant;
  /** A platform admin group's, or the backend's own: held by design. */
  expected: boolean;
}

/**
 * Every grant that gives a sensitive permission in the targets, as a
 * security review counts them. The local admin account is the posture
 * finding's, and Kubernetes' own bindings are how the cluster runs, so
 * neither is one.
 */
export function sensitiveGrants(
  targets: NamespaceTarget[],
  directory: PrincipalDirectory,
  /** The backend's own Entra object id: its ClusterRole (docs/production.md §3) is how it works. */
  backendObjectId?: string,
): SensitiveGrant[] {
  const found: SensitiveGrant[] = [];
  // Cluster-wide grants are the same for every namespace of a cluster.
  const clusterWide = new Map<string, AllowingGrant[]>();
  for (const { sources, namespace } of targets) {
    const cluster = sources.cluster.name;
    const adminGroups = adminGroupsOf(sources.cluster);
    for (const { permission, request } of REQUESTS) {
      const key = `${cluster}\n${permission.id}`;
      let wide = clusterWide.get(key);
      if (!wide) {
        wide = clusterWideGrantsAllowing(sources, request, directory);
        clusterWide.set(key, wide);
      }
      for (const allowing of [
        ...namespaceGrantsAllowing(sources, namespace, request, directory),
        ...wide,
      ]) {
        const { grant, subject } = allowing;
        if (subject.kind === 'LocalAccount' || allowing.bootstrap) continue;
        const admin =
          grant.principal.kind === 'Group' &&
          adminGroups.has(grant.principal.id.toLowerCase());
        const backend =
          !!backendObjectId &&
          subject.kind === 'User' &&
          subject.name.toLowerCase() === backendObjectId.toLowerCase();
        found.push({
          cluster,
          namespace,
          permission,
          request,
          allowing,
          expected: admin || backend,
        });
      }
    }
  }
  return found;
}

/**
 * Per namespace, who holds each sensitive permission (reading Secrets,
 * exec, attach, port-forward, creating pods or RoleBindings, escalate, bind,
 * impersonate, `*`): a finding per grant that gives it, with its principal,
 * path and fix. The platform admin groups and the backend's own identity
 * hold them by design, so they are listed as expected instead.
 */
export function sensitivePermissions(
  entityRef: string,
  targets: NamespaceTarget[],
  directory: PrincipalDirectory,
  backendObjectId?: string,
): SensitivePermissionsResponse {
  // One finding per grant and namespace, naming every sensitive permission
  // it gives: a role that gives seven is one thing to fix, not seven.
  const byGrant = new Map<string, SensitiveGrant[]>();
  const expected: SensitivePermissionsResponse['expected'] = [];
  for (const held of sensitiveGrants(targets, directory, backendObjectId)) {
    const { cluster, namespace, permission, allowing } = held;
    if (held.expected) {
      expected.push({
        cluster,
        namespace,
        permission: permission.id,
        principal: allowing.grant.principal,
      });
      continue;
    }
    const key = `${cluster}\n${namespace}\n${allowing.grant.id}`;
    byGrant.set(key, [...(byGrant.get(key) ?? []), held]);
  }
  const findings: Finding[] = [...byGrant.values()].map(held => {
    const { cluster, namespace, allowing } = held[0];
    const { grant, subject } = allowing;
    const everyone =
      subject.kind === 'Group' &&
      ['system:authenticated', 'system:serviceaccounts'].includes(subject.name);
    const severities = held.map(h =>
      severityOf(everyone, grant.managed, h.permission.id),
    );
    return finding('over-broad', [cluster, namespace, grant.id], {
      cluster,
      namespace,
      severity: SEVERITY_ORDER.find(x => severities.includes(x))!,
      title: `${principalName(grant)} can ${listed(
        held.map(h => h.permission.title),
      )} in ${namespace}`,
      detail: `${capitalised(allowing.where)} gives ${principalName(grant)} ${
        grant.role
      }, which allows ${listed(
        held.map(h => `"${h.permission.verb} ${h.permission.resource}"`),
      )} in ${namespace} on ${cluster}${
        grant.scope === 'cluster' ? ' (and in every other namespace)' : ''
      }.`,
      remediation: fixFor(allowing, held, namespace),
    });
  });
  return {
    entityRef,
    findings,
    expected,
    generatedAt: new Date().toISOString(),
  };
}

/** A sensitive permission held by everyone a grant's subject lands on: people are found from it only for the page shown. */
export interface SensitiveHolding {
  users: ReadonlyMap<string, GroupPath>;
  permission: SensitivePermissionId;
  cluster: string;
  namespace: string;
  expected: boolean;
}

/** The sensitive grants that land on people, each with the users it reaches (nested groups included). */
export function sensitiveHoldings(
  targets: NamespaceTarget[],
  context: PeopleContext,
  backendObjectId?: string,
): SensitiveHolding[] {
  return sensitiveGrants(targets, context.directory, backendObjectId).flatMap(
    held => {
      const lands = landing(held.allowing.subject, context.membership);
      return lands.to === 'people'
        ? [
            {
              users: lands.users,
              permission: held.permission.id,
              cluster: held.cluster,
              namespace: held.namespace,
              expected: held.expected,
            },
          ]
        : [];
    },
  );
}

/** One person's sensitive permissions: expected only when every grant that gives it is. */
export function personSensitivePermissions(
  userId: string,
  holdings: readonly SensitiveHolding[],
): PersonSensitivePermission[] {
  const held = new Map<SensitivePermissionId, PersonSensitivePermission>();
  for (const h of holdings) {
    if (!h.users.has(userId)) continue;
    let entry = held.get(h.permission);
    if (!entry) {
      entry = { permission: h.permission, expected: true, namespaces: [] };
      held.set(h.permission, entry);
    }
    entry.expected &&= h.expected;
    if (
      !entry.namespaces.some(
        n => n.cluster === h.cluster && n.namespace === h.namespace,
      )
    )
      entry.namespaces.push({ cluster: h.cluster, namespace: h.namespace });
  }
  return SENSITIVE_PERMISSIONS.flatMap(p => held.get(p.id) ?? []);
}
