import data from '../../data/builtin-roles.json';

export interface BuiltinRole {
  roleName: string;
  /** the role definition GUID, identical in every tenant */
  name: string;
  description: string;
  assignableScopes: string[];
  permissions: Array<{
    actions: string[];
    notActions: string[];
    dataActions: string[];
    notDataActions: string[];
  }>;
}

export const BUILTIN_ROLES: readonly BuiltinRole[] = data.roles;

export function builtinRoleByGuid(guid: string): BuiltinRole | undefined {
  const g = guid.toLowerCase();
  return BUILTIN_ROLES.find(r => r.name === g);
}

/**
 * The GUID in a role definition id, in either form ARM accepts:
 * `/providers/Microsoft.Authorization/roleDefinitions/{guid}` or the same
 * under `/subscriptions/{id}` (Azure RBAC's webhook resolves both alike).
 */
export function roleDefinitionGuidFromId(id: string): string | undefined {
  return /^(?:\/subscriptions\/[^/]+)?\/providers\/Microsoft\.Authorization\/roleDefinitions\/([0-9a-f-]{36})$/i
    .exec(id)?.[1]
    ?.toLowerCase();
}
