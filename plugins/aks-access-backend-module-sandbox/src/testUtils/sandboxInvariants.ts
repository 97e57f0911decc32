import { roleDefinitionGuid } from '@aks-access/plugin-aks-access-common';
import type { SandboxState } from '@aks-access/sandbox';

/*
 * What "nothing duplicated, nothing orphaned" means on the sandbox's state,
 * for the namespaces and identities a test wrote. Each check returns
 * human-readable problems, so a failing test says what is wrong.
 */

const WORKLOAD_CLIENT_ID = 'azure.workload.identity/client-id';
const MANAGED_BY = 'app.kubernetes.io/managed-by';

function duplicates<T>(items: T[], key: (item: T) => string): string[] {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n > 1).map(([k, n]) => `${n}× ${k}`);
}

export interface Scope {
  /** Namespaces (on any cluster) the test onboarded. */
  namespaces: string[];
  /** Names of the user-assigned identities the test federated. */
  identityNames: string[];
}

/** Kubernetes objects of the test's namespaces, with their cluster. */
function objectsIn(state: SandboxState, namespaces: string[]) {
  return Object.entries(state.clusters).flatMap(([cluster, c]) =>
    Object.values(c.objects)
      .filter(o => namespaces.includes(o.metadata.namespace ?? ''))
      .map(o => ({ cluster, object: o })),
  );
}

export function identitiesNamed(state: SandboxState, names: string[]) {
  return Object.values(state.identities).filter(i => names.includes(i.name));
}

export function problems(state: SandboxState, scope: Scope): string[] {
  const found: string[] = [];
  const identities = identitiesNamed(state, scope.identityNames);
  const principals = new Set([
    ...state.directory.users.map(u => u.objectId),
    ...state.directory.groups.map(g => g.objectId),
    ...state.directory.servicePrincipals.map(s => s.objectId),
  ]);

  // One role assignment per (principal, role, scope), whatever its name.
  found.push(
    ...duplicates(
      Object.values(state.roleAssignments),
      a =>
        `role assignment (${a.principalId}, ${roleDefinitionGuid(
          a.roleDefinitionId,
        )}, ${a.scope.toLowerCase()})`,
    ),
  );
  // Assignments of the test's identities, and at the test's namespaces, name live principals.
  const ours = new Set(identities.map(i => i.principalId));
  for (const a of Object.values(state.roleAssignments)) {
    const atOurNamespace = scope.namespaces.some(ns =>
      a.scope.toLowerCase().endsWith(`/namespaces/${ns}`),
    );
    if (
      (ours.has(a.principalId) || atOurNamespace) &&
      !principals.has(a.principalId)
    )
      found.push(`role assignment ${a.id} names a missing principal`);
  }

  // One identity per name (ARM ids are case-insensitive).
  found.push(
    ...duplicates(identities, i => `identity ${i.name.toLowerCase()}`),
  );
  for (const identity of identities) {
    // One FIC per (issuer, subject) on each identity.
    found.push(
      ...duplicates(
        identity.federatedIdentityCredentials,
        f => `FIC (${f.issuer}, ${f.subject}) on ${identity.name}`,
      ),
    );
    if (
      !state.directory.servicePrincipals.some(
        s => s.objectId === identity.principalId,
      )
    )
      found.push(`identity ${identity.name} has no service principal`);
    // A managed identity with no FIC is left over from an unfinished run.
    if (!identity.federatedIdentityCredentials.length)
      found.push(`identity ${identity.name} has no FIC (orphaned)`);
  }

  // Every ServiceAccount annotated with a client id names an identity that
  // federates exactly it; no FIC of ours names a ServiceAccount that is gone.
  const objects = objectsIn(state, scope.namespaces);
  const byClientId = new Map(
    Object.values(state.identities).map(i => [i.clientId.toLowerCase(), i]),
  );
  for (const { cluster, object } of objects) {
    if (object.kind !== 'ServiceAccount') continue;
    const clientId = object.metadata.annotations?.[WORKLOAD_CLIENT_ID];
    if (!clientId) continue;
    const identity = byClientId.get(clientId.toLowerCase());
    const subject = `system:serviceaccount:${object.metadata.namespace}:${object.metadata.name}`;
    const issuer = state.clusters[cluster].record.oidcIssuerProfile.issuerURL;
    if (!identity) {
      found.push(
        `ServiceAccount ${cluster}/${subject} names a missing identity ${clientId}`,
      );
    } else if (
      !identity.federatedIdentityCredentials.some(
        f => f.subject === subject && f.issuer === issuer,
      )
    ) {
      found.push(
        `ServiceAccount ${cluster}/${subject}: ${identity.name} has no FIC for it`,
      );
    }
  }
  for (const identity of identities) {
    for (const fic of identity.federatedIdentityCredentials) {
      const [, , namespace, name] = fic.subject.split(':');
      const cluster = Object.entries(state.clusters).find(
        ([, c]) => c.record.oidcIssuerProfile.issuerURL === fic.issuer,
      );
      const sa = cluster?.[1].objects[`/serviceaccounts/${namespace}/${name}`];
      if (!sa)
        found.push(
          `FIC ${fic.name} on ${identity.name} names a missing ServiceAccount`,
        );
    }
  }

  // Managed RoleBindings: one per (subject, role) in a namespace.
  found.push(
    ...duplicates(
      objects.filter(
        ({ object }) =>
          object.kind === 'RoleBinding' &&
          object.metadata.labels?.[MANAGED_BY] === 'aks-access',
      ),
      ({ cluster, object }) =>
        `RoleBinding in ${cluster}/${
          object.metadata.namespace
        } for ${JSON.stringify([object.subjects, object.roleRef])}`,
    ),
  );
  return found;
}

/** Counts of what the test's namespaces and identities hold, for exact expectations. */
export function inventory(state: SandboxState, scope: Scope) {
  const identities = identitiesNamed(state, scope.identityNames);
  const principalIds = new Set(identities.map(i => i.principalId));
  const objects = objectsIn(state, scope.namespaces);
  return {
    identities: identities.length,
    fics: identities.reduce(
      (n, i) => n + i.federatedIdentityCredentials.length,
      0,
    ),
    identityRoleAssignments: Object.values(state.roleAssignments).filter(a =>
      principalIds.has(a.principalId),
    ).length,
    namespaceRoleAssignments: Object.values(state.roleAssignments).filter(a =>
      scope.namespaces.some(ns =>
        a.scope.toLowerCase().endsWith(`/namespaces/${ns}`),
      ),
    ).length,
    managedRoleBindings: objects.filter(
      ({ object }) =>
        object.kind === 'RoleBinding' &&
        object.metadata.labels?.[MANAGED_BY] === 'aks-access',
    ).length,
    federatedServiceAccounts: objects.filter(
      ({ object }) =>
        object.kind === 'ServiceAccount' &&
        object.metadata.annotations?.[WORKLOAD_CLIENT_ID],
    ).length,
  };
}
