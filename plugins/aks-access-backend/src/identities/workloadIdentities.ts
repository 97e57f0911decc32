import type { V1ServiceAccount } from '@kubernetes/client-node';
import {
  FIC_AUDIENCE,
  FIC_LIMIT,
  FIC_WARNING_THRESHOLD,
  FederatedIdentityCredential,
  Finding,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  serviceAccountSubject,
  WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION,
  WorkloadIdentity,
  WorkloadIdentityHealth,
  WorkloadIdentityHealthReason,
  WorkloadIdentityLink,
} from '@aks-access/plugin-aks-access-common';
import { AzureSnapshot } from '../azure/AzureSnapshot';
import { finding } from '../findings/finding';
import {
  isManagedAssignment,
  isManagedIdentity,
} from '../azure/managedMarkers';
import type { ClusterHandle } from '../clusters/ClusterRegistry';
import { postureOf } from '../clusters/posture';

function check(expected: string, actual: string | undefined) {
  return {
    ok: actual === expected,
    expected,
    ...(actual === undefined ? {} : { actual }),
  };
}

/** Why Entra would refuse a token exchange with this FIC: one sentence per failed check. */
function mismatchesOf(checks: FederatedIdentityCredential['checks']) {
  return Object.entries(checks)
    .filter(([, c]) => !c.ok)
    .map(
      ([k, c]) => `${k} is ${c.actual ?? 'missing'}, expected ${c.expected}`,
    );
}

/** Broken when a link has a broken-link finding; unknown when a link could only not be read. */
const statusOf = (
  reasons: WorkloadIdentityHealthReason[],
): WorkloadIdentityHealth['status'] => {
  if (reasons.some(r => r.findingId)) return 'broken';
  return reasons.length ? 'unknown' : 'healthy';
};

/**
 * Each ServiceAccount in the namespace annotated with a client id, followed
 * through to its identity, FICs and Azure roles, with what breaks the chain:
 * a broken-link finding per broken link, and the identity's health (the
 * same verdict, with a short reason per link, for the UI to show as is).
 */
export function workloadIdentities(
  cluster: ClusterHandle,
  namespace: string,
  serviceAccounts: V1ServiceAccount[],
  azure: AzureSnapshot,
): { identities: WorkloadIdentity[]; findings: Finding[] } {
  const identities: WorkloadIdentity[] = [];
  const findings: Finding[] = [];
  const posture = cluster.record && postureOf(cluster.record);
  for (const sa of serviceAccounts) {
    const clientId =
      sa.metadata?.annotations?.[WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION];
    if (!clientId) continue;
    const name = sa.metadata!.name!;
    const subject = serviceAccountSubject(namespace, name);
    const reasons: WorkloadIdentityHealthReason[] = [];
    /** A broken link: its finding, and the reason the identity's health gives. */
    const fail = (
      link: WorkloadIdentityLink,
      message: string,
      title: string,
      detail: string,
      remediation: string,
    ) => {
      const found = finding(
        'broken-link',
        [cluster.name, namespace, name, link],
        {
          severity: 'high',
          cluster: cluster.name,
          namespace,
          title,
          detail,
          remediation,
        },
      );
      findings.push(found);
      reasons.push({ link, message, findingId: found.id });
    };
    const identity = azure.identityByClientId(clientId);
    const view: WorkloadIdentity = {
      cluster: cluster.name,
      namespace,
      serviceAccount: name,
      clientId,
      fics: [],
      azureRoles: [],
      managed:
        sa.metadata?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE ||
        (!!identity && isManagedIdentity(identity.tags)),
      health: { status: 'healthy', reasons },
    };
    identities.push(view);
    if (
      posture &&
      (!posture.workloadIdentityEnabled || !posture.oidcIssuerEnabled)
    ) {
      fail(
        'cluster',
        `${cluster.name} has ${
          !posture.oidcIssuerEnabled
            ? 'no OIDC issuer'
            : 'the workload identity webhook disabled'
        }, so its pods get no Azure token`,
        `Workload identity is off on ${cluster.name}`,
        `${namespace}/${name} is annotated for workload identity, but ${
          cluster.name
        } has ${
          !posture.oidcIssuerEnabled
            ? 'no OIDC issuer'
            : 'the workload identity webhook disabled'
        }, so its pods get no Azure token.`,
        `az aks update -g ${cluster.config.resourceGroup} -n ${cluster.config.clusterName} --enable-oidc-issuer --enable-workload-identity`,
      );
    }
    if (!identity) {
      fail(
        'identity',
        `No managed identity has client ID ${clientId}, the one the ServiceAccount is annotated with`,
        `No identity with client id ${clientId}`,
        `ServiceAccount ${namespace}/${name} names client id ${clientId}, which no user-assigned identity in the configured subscriptions has.`,
        'Federate the ServiceAccount again from Backstage, or correct its azure.workload.identity/client-id annotation.',
      );
      view.health.status = statusOf(reasons);
      continue;
    }
    view.identity = {
      clientId: identity.clientId,
      principalId: identity.principalId,
      id: identity.id,
      name: identity.name,
      resourceGroup: identity.resourceGroup,
    };
    view.azureRoles = azure.assignmentsOf(identity.principalId).map(a => ({
      id: a.id,
      role:
        azure.roleDefinition(a.roleDefinitionGuid)?.roleName ??
        a.roleDefinitionGuid,
      roleDefinitionId: a.roleDefinitionGuid,
      scope: a.scope,
      managed: isManagedAssignment(a),
    }));
    const issuer = posture?.oidcIssuerUrl ?? '';
    const all = identity.federatedCredentials ?? [];
    view.fics = all
      .filter(f => f.subject === subject || f.issuer === issuer)
      .map((f): FederatedIdentityCredential => {
        const checks = {
          issuer: check(issuer, f.issuer),
          subject: check(subject, f.subject),
          audience: check(
            FIC_AUDIENCE,
            f.audiences.includes(FIC_AUDIENCE) ? FIC_AUDIENCE : f.audiences[0],
          ),
        };
        return { ...f, checks, mismatches: mismatchesOf(checks) };
      });
    const working = view.fics.some(f => f.mismatches.length === 0);
    if (!identity.federatedCredentials) {
      // Not read yet, or the read failed: nothing to judge the last link by.
      const failure = azure
        .federatedCredentialFailures()
        .get(identity.clientId);
      reasons.push({
        link: 'fic',
        message: failure
          ? `Could not read the ${failure.message}`
          : `The federated credentials of ${identity.name} have not been read yet`,
      });
    } else if (!working) {
      const near = view.fics.map(f => `${f.name} (${f.mismatches.join('; ')})`);
      fail(
        'fic',
        view.fics.length === 0
          ? `Identity ${identity.name} has no federated credential for this ServiceAccount`
          : `No federated credential on ${identity.name} matches: token exchange fails with AADSTS70021`,
        `No federated credential for ${namespace}/${name}`,
        `Identity ${
          identity.name
        } has no FIC with issuer ${issuer}, subject ${subject} and audience ${FIC_AUDIENCE}, so token exchange fails with AADSTS70021.${
          near.length ? ` Closest: ${near.join(', ')}.` : ''
        }`,
        `Federate ${namespace}/${name} from Backstage, or: az identity federated-credential create -g ${identity.resourceGroup} --identity-name ${identity.name} --name <name> --issuer ${issuer} --subject ${subject} --audiences ${FIC_AUDIENCE}`,
      );
    }
    if (all.length >= FIC_WARNING_THRESHOLD) {
      findings.push(
        finding('fic-limit', [identity.id.toLowerCase()], {
          severity: all.length >= FIC_LIMIT ? 'high' : 'medium',
          cluster: cluster.name,
          namespace,
          title: `Identity ${identity.name} has ${all.length} of ${FIC_LIMIT} federated credentials`,
          detail: `Entra allows at most ${FIC_LIMIT} FICs per user-assigned identity; ${identity.name} is near the limit, so the next federation may fail.`,
          remediation:
            'Remove FICs of clusters or ServiceAccounts that no longer use the identity, or give new workloads their own identity.',
        }),
      );
    }
    view.health.status = statusOf(reasons);
  }
  return { identities, findings };
}
