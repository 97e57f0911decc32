import {
  Finding,
  parseKubernetesResource,
  PermissionRequest,
  SENSITIVE_PERMISSIONS,
  SensitivePermissionsResponse,
} from '@aks-access/plugin-aks-access-common';
import { finding } from '../findings/finding';
import type { PrincipalDirectory } from '../people/PrincipalDirectory';
import {
  adminGroupsOf,
  AllowingGrant,
  clusterWideGrantsAllowing,
  namespaceGrantsAllowing,
} from './allowingGrants';
import { aksDataAction } from './dataActions';
import type { NamespaceTarget } from './whoCan';

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

function principalName(grant: AllowingGrant['grant']): string {
  const p = grant.principal;
  return `${p.kind} ${p.displayName ? `"${p.displayName}" (${p.id})` : p.id}`;
}

function fixFor(
  allowing: AllowingGrant,
  permission: Permission,
  request: PermissionRequest,
  namespace: string,
): string {
  if (allowing.subject.kind === 'Azure')
    return `Assign a role without ${aksDataAction(
      request,
    )} (add it to the role's notDataActions, or use a narrower built-in role), then remove ${
      allowing.where
    }.`;
  const [kind, name] = allowing.grant.role.split('/');
  return `Bind a role without "${permission.verb} ${
    permission.resource
  }" instead, or remove the rule from ${kind} ${name}: kubectl edit ${kind.toLowerCase()} ${name}${
    kind === 'Role' ? ` -n ${namespace}` : ''
  }`;
}

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

/**
 * Per namespace, who holds each sensitive permission (reading Secrets,
 * exec, attach, port-forward, creating pods or RoleBindings, escalate, bind,
 * impersonate, `*`): a finding per grant that gives it, with its principal,
 * path and fix. The platform admin groups and Kubernetes' own bindings hold
 * them by design, so they are listed as expected instead.
 */
export function sensitivePermissions(
  entityRef: string,
  targets: NamespaceTarget[],
  directory: PrincipalDirectory,
  /** The backend's own Entra object id: its ClusterRole (docs/production.md §3) is how it works. */
  backendObjectId?: string,
): SensitivePermissionsResponse {
  const findings = new Map<string, Finding>();
  const expected: SensitivePermissionsResponse['expected'] = [];
  for (const { sources, namespace } of targets) {
    const cluster = sources.cluster.name;
    const adminGroups = adminGroupsOf(sources.cluster);
    for (const permission of SENSITIVE_PERMISSIONS) {
      const request: PermissionRequest = {
        verb: permission.verb,
        ...parseKubernetesResource(permission.resource)!,
      };
      const grants = [
        ...namespaceGrantsAllowing(sources, namespace, request, directory),
        ...clusterWideGrantsAllowing(sources, request, directory),
      ];
      for (const allowing of grants) {
        const { grant, subject } = allowing;
        // The local admin account is the posture finding's; Kubernetes' own bindings are how the cluster runs.
        if (subject.kind === 'LocalAccount' || allowing.bootstrap) continue;
        const admin =
          grant.principal.kind === 'Group' &&
          adminGroups.has(grant.principal.id.toLowerCase());
        const backend =
          !!backendObjectId &&
          subject.kind === 'User' &&
          subject.name.toLowerCase() === backendObjectId.toLowerCase();
        if (admin || backend) {
          expected.push({
            cluster,
            namespace,
            permission: permission.id,
            principal: grant.principal,
          });
          continue;
        }
        const everyone =
          subject.kind === 'Group' &&
          ['system:authenticated', 'system:serviceaccounts'].includes(
            subject.name,
          );
        const f = finding(
          'over-broad',
          [cluster, namespace, permission.id, grant.id],
          {
            cluster,
            namespace,
            severity: severityOf(everyone, grant.managed, permission.id),
            title: `${principalName(grant)} can ${
              permission.title
            } in ${namespace}`,
            detail: `${allowing.where} gives ${principalName(grant)} ${
              grant.role
            }, which allows "${permission.verb} ${
              permission.resource
            }" in ${namespace} on ${cluster}${
              grant.scope === 'cluster' ? ' (and in every other namespace)' : ''
            }.`,
            remediation: fixFor(allowing, permission, request, namespace),
          },
        );
        findings.set(f.id, f);
      }
    }
  }
  return {
    entityRef,
    findings: [...findings.values()],
    expected,
    generatedAt: new Date().toISOString(),
  };
}
