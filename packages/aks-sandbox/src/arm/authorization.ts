import type { SandboxContext } from '../context';
import { transitiveGroupsOf } from '../entra/directory';
import type { RoleAssignmentRecord } from '../state/types';
import type { ArmCaller } from './auth';
import {
  builtinRoleByGuid,
  roleAllows,
  roleDefinitionGuidFromId,
} from './builtinRoles';
import { storedCondition, type ConditionRequest } from './conditions';
import { ArmError } from './errors';
import { isAtOrAbove } from './scopes';

/*
 * Azure RBAC for the control plane: a request is allowed when one of the
 * caller's role assignments (its own or a group's, nested groups included),
 * at the request's scope or above it, names a role whose actions match the
 * operation and whose notActions do not, and whose condition, if any, holds.
 */

export type ConditionAttributes = Omit<ConditionRequest, 'action'>;

export interface CallerPermissions {
  allows(
    action: string,
    scope: string,
    attributes?: ConditionAttributes,
  ): boolean;
  /** throws ARM's 403 AuthorizationFailed unless allows() */
  require(
    action: string,
    scope: string,
    attributes?: ConditionAttributes,
  ): void;
}

/** The caller's assignments, looked up once per request. */
export function callerPermissions(
  ctx: SandboxContext,
  caller: ArmCaller,
): CallerPermissions {
  const { state } = ctx.store;
  const principals = new Set(
    [caller.oid, ...transitiveGroupsOf(state, caller.oid)].map(id =>
      id.toLowerCase(),
    ),
  );
  const grants = Object.values(state.roleAssignments).filter(r =>
    principals.has(r.principalId.toLowerCase()),
  );

  const evaluate = (
    action: string,
    scope: string,
    attributes: ConditionAttributes = {},
  ) => {
    let conditionFailed = false;
    for (const grant of applicableGrants(grants, action, scope)) {
      if (!grant.condition) return 'allowed';
      if (
        storedCondition(
          grant.condition,
          grant.conditionVersion,
        )({ action, ...attributes })
      )
        return 'allowed';
      conditionFailed = true;
    }
    return conditionFailed ? 'conditionNotFulfilled' : 'denied';
  };

  return {
    allows: (action, scope, attributes) =>
      evaluate(action, scope, attributes) === 'allowed',
    require(action, scope, attributes) {
      const outcome = evaluate(action, scope, attributes);
      if (outcome === 'allowed') return;
      // Users are named by UPN, applications by object id (as in the 403s ARM sends to service principals).
      const client =
        state.directory.users.find(
          u => u.objectId.toLowerCase() === caller.oid.toLowerCase(),
        )?.userPrincipalName ?? caller.oid;
      const what =
        outcome === 'conditionNotFulfilled'
          ? 'has an authorization with ABAC condition that is not fulfilled to perform action'
          : 'does not have authorization to perform action';
      throw new ArmError(
        403,
        'AuthorizationFailed',
        `The client '${client}' with object id '${caller.oid}' ${what} '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      );
    },
  };
}

function* applicableGrants(
  grants: RoleAssignmentRecord[],
  action: string,
  scope: string,
) {
  for (const grant of grants) {
    if (!isAtOrAbove(grant.scope, scope)) continue;
    const guid = roleDefinitionGuidFromId(grant.roleDefinitionId);
    const role = guid && builtinRoleByGuid(guid);
    if (role && roleAllows(role, action)) yield grant;
  }
}
