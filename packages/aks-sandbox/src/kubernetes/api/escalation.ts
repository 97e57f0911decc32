import type { KubeObject } from '../../state/types';
import { KubeError, notFound } from '../errors';
import {
  applicableRules,
  CLUSTER_ROLES,
  formatRule,
  PolicyRule,
  RBAC_GROUP,
  ROLES,
  uncoveredRules,
  UserInfo,
} from '../rbac';
import { qualifiedResource, ResourceType } from '../resources';
import type { ClusterScope } from './scope';

/**
 * RBAC's escalation check: a role may only hold permissions its author
 * holds, and a binding may only grant a role its author holds, unless the
 * author may `escalate` roles or `bind` that role.
 */
export function confirmNoEscalation(
  cluster: ClusterScope,
  user: UserInfo,
  type: ResourceType,
  object: KubeObject,
) {
  if (user.groups.includes('system:masters')) return;
  const { authorize, objects } = cluster;
  const namespace = object.metadata.namespace;
  let requested: PolicyRule[];
  if (type.kind === 'Role' || type.kind === 'ClusterRole') {
    if (
      authorize({
        user,
        verb: 'escalate',
        resourceRequest: true,
        apiGroup: RBAC_GROUP,
        resource: type.resource,
        namespace,
        name: object.metadata.name,
      }).allowed
    )
      return;
    requested = (object.rules as PolicyRule[] | undefined) ?? [];
  } else if (
    type.kind === 'RoleBinding' ||
    type.kind === 'ClusterRoleBinding'
  ) {
    const ref = object.roleRef as { kind: string; name: string };
    const roleType = {
      group: RBAC_GROUP,
      resource: ref.kind === 'Role' ? 'roles' : 'clusterroles',
    };
    if (
      authorize({
        user,
        verb: 'bind',
        resourceRequest: true,
        apiGroup: RBAC_GROUP,
        resource: roleType.resource,
        namespace,
        name: ref.name,
      }).allowed
    )
      return;
    const role =
      ref.kind === 'Role'
        ? objects.get(ROLES, namespace, ref.name)
        : objects.get(CLUSTER_ROLES, undefined, ref.name);
    if (!role) throw notFound(roleType, ref.name);
    requested = (role.rules as PolicyRule[] | undefined) ?? [];
  } else return;
  const missing = uncoveredRules(
    [...applicableRules(objects, user, namespace)],
    requested,
  );
  if (!missing.length) return;
  throw new KubeError(
    403,
    'Forbidden',
    `${qualifiedResource(type)} "${object.metadata.name}" is forbidden: user "${
      user.username
    }" (groups=[${user.groups
      .map(g => `"${g}"`)
      .join(
        ' ',
      )}]) is attempting to grant RBAC permissions not currently held:\n${missing
      .map(formatRule)
      .join('\n')}`,
    { name: object.metadata.name, group: type.group, kind: type.resource },
  );
}
