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
} from '@aks-access/plugin-aks-access-common';
import {
  AzureSnapshot,
  IdentityRecord,
  MANAGED_DESCRIPTION,
} from '../azure/AzureSnapshot';
import type { ClusterHandle } from '../clusters/ClusterRegistry';
import { postureOf } from '../clusters/posture';

function check(expected: string, actual: string | undefined) {
  return {
    ok: actual === expected,
    expected,
    ...(actual === undefined ? {} : { actual }),
  };
}

function broken(
  cluster: string,
  namespace: string,
  sa: string,
  key: string,
  title: string,
  detail: string,
  remediation: string,
): Finding {
  return {
    id: `broken-link:${cluster}:${namespace}:${sa}:${key}`,
    kind: 'broken-link',
    severity: 'high',
    cluster,
    namespace,
    title,
    detail,
    remediation,
  };
}

const isManagedIdentity = (i: IdentityRecord) =>
  i.tags['managed-by'] === MANAGED_BY_VALUE ||
  i.tags[MANAGED_BY_LABEL] === MANAGED_BY_VALUE;

/**
 * Each ServiceAccount in the namespace annotated with a client id, followed
 * through to its identity, FICs and Azure roles, with what breaks the chain.
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
    const fail = (
      key: string,
      title: string,
      detail: string,
      remediation: string,
    ) =>
      findings.push(
        broken(cluster.name, namespace, name, key, title, detail, remediation),
      );
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
        (!!identity && isManagedIdentity(identity)),
    };
    identities.push(view);
    if (
      posture &&
      (!posture.workloadIdentityEnabled || !posture.oidcIssuerEnabled)
    ) {
      fail(
        'cluster',
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
        `No identity with client id ${clientId}`,
        `ServiceAccount ${namespace}/${name} names client id ${clientId}, which no user-assigned identity in the configured subscriptions has.`,
        'Federate the ServiceAccount again from Backstage, or correct its azure.workload.identity/client-id annotation.',
      );
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
      managed: MANAGED_DESCRIPTION.test(a.description ?? ''),
    }));
    const issuer = posture?.oidcIssuerUrl ?? '';
    const all = identity.federatedCredentials ?? [];
    view.fics = all
      .filter(f => f.subject === subject || f.issuer === issuer)
      .map(
        (f): FederatedIdentityCredential => ({
          ...f,
          checks: {
            issuer: check(issuer, f.issuer),
            subject: check(subject, f.subject),
            audience: check(
              FIC_AUDIENCE,
              f.audiences.includes(FIC_AUDIENCE)
                ? FIC_AUDIENCE
                : f.audiences[0],
            ),
          },
        }),
      );
    const working = view.fics.some(
      f => f.checks.issuer.ok && f.checks.subject.ok && f.checks.audience.ok,
    );
    if (identity.federatedCredentials && !working) {
      const near = view.fics.map(
        f =>
          `${f.name} (${Object.entries(f.checks)
            .filter(([, c]) => !c.ok)
            .map(
              ([k, c]) =>
                `${k} is ${c.actual ?? 'missing'}, expected ${c.expected}`,
            )
            .join('; ')})`,
      );
      fail(
        'fic',
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
      findings.push({
        id: `fic-limit:${identity.id.toLowerCase()}`,
        kind: 'fic-limit',
        severity: all.length >= FIC_LIMIT ? 'high' : 'medium',
        cluster: cluster.name,
        namespace,
        title: `Identity ${identity.name} has ${all.length} of ${FIC_LIMIT} federated credentials`,
        detail: `Entra allows at most ${FIC_LIMIT} FICs per user-assigned identity; ${identity.name} is near the limit, so the next federation may fail.`,
        remediation:
          'Remove FICs of clusters or ServiceAccounts that no longer use the identity, or give new workloads their own identity.',
      });
    }
  }
  return { identities, findings };
}
