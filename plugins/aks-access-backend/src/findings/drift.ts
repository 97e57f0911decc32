import type { V1RoleBinding } from '@kubernetes/client-node';
import {
  ACCESS_LEVEL_MAPPINGS,
  Finding,
  isAccessLevel,
  LEVEL_LABEL,
  PRINCIPAL_ID_LABEL,
  roleBindingName,
} from '@aks-access/plugin-aks-access-common';
import { finding } from './finding';

/**
 * A managed RoleBinding must still be what its labels say it was made as:
 * the level's ClusterRole, one subject (the principal), the deterministic name.
 */
export function roleBindingDrift(
  cluster: string,
  binding: V1RoleBinding,
): Finding | undefined {
  const labels = binding.metadata?.labels ?? {};
  const level = labels[LEVEL_LABEL];
  const principalId = labels[PRINCIPAL_ID_LABEL];
  const ns = binding.metadata!.namespace!;
  const name = binding.metadata!.name!;
  const problems: string[] = [];
  if (!isAccessLevel(level) || !principalId) {
    problems.push(
      `its ${LEVEL_LABEL} / ${PRINCIPAL_ID_LABEL} labels are missing or invalid`,
    );
  } else {
    const expectedRole = ACCESS_LEVEL_MAPPINGS[level].clusterRole;
    if (
      binding.roleRef.kind !== 'ClusterRole' ||
      binding.roleRef.name !== expectedRole
    ) {
      problems.push(
        `it binds ${binding.roleRef.kind} ${binding.roleRef.name} instead of ClusterRole ${expectedRole}`,
      );
    }
    const extra = (binding.subjects ?? []).filter(s => s.name !== principalId);
    if (extra.length) {
      problems.push(
        `it has subjects aks-access did not add: ${extra
          .map(s => `${s.kind} ${s.name}`)
          .join(', ')}`,
      );
    }
    if (!(binding.subjects ?? []).some(s => s.name === principalId)) {
      problems.push(`its principal ${principalId} is no longer a subject`);
    }
    if (name !== roleBindingName(level, principalId)) {
      problems.push(`its name is not ${roleBindingName(level, principalId)}`);
    }
  }
  if (!problems.length) return undefined;
  return finding('drift', [cluster, ns, 'RoleBinding', name], {
    severity: 'high',
    cluster,
    namespace: ns,
    title: `RoleBinding ${name} changed outside aks-access`,
    detail: `The managed RoleBinding ${ns}/${name} on ${cluster} no longer matches what aks-access created: ${problems.join(
      '; ',
    )}.`,
    remediation: `Re-run the grant from Backstage to restore it, or revoke it and grant the extra access explicitly (kubectl -n ${ns} get rolebinding ${name} -o yaml shows the change).`,
  });
}

/** A managed role assignment that someone deleted outside aks-access. */
export function assignmentGone(
  cluster: string,
  namespace: string | undefined,
  a: {
    id: string;
    name: string;
    scope: string;
    roleDefinitionGuid: string;
    principalId: string;
  },
  since: Date,
): Finding {
  return finding('drift', [cluster, 'azure', a.name], {
    severity: 'high',
    cluster,
    namespace,
    title: 'Managed Azure role assignment deleted outside aks-access',
    detail: `The role assignment ${a.name} (role ${a.roleDefinitionGuid} for ${
      a.principalId
    } at ${
      a.scope
    }) that aks-access made has been gone since ${since.toISOString()}.`,
    remediation:
      'Re-run the grant from Backstage to restore it, or revoke it there if the access is no longer wanted.',
  });
}
