import fs from 'node:fs';
import path from 'node:path';

/*
 * The role table lives in -common. Its generated BUILTIN_ROLES keeps only
 * what aks-access decides with, because the frontend bundles it; ARM's role
 * definitions also return each role's description, assignable scopes and
 * permission blocks, prose the frontend must not carry. So the sandbox reads
 * the full transcription from -common's data folder instead of widening the
 * generated table.
 */
const ROLES_FILE = path.join(
  path.dirname(
    require.resolve('@aks-access/plugin-aks-access-common/package.json'),
  ),
  'data',
  'builtin-roles.json',
);

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

export const BUILTIN_ROLES: readonly BuiltinRole[] = JSON.parse(
  fs.readFileSync(ROLES_FILE, 'utf8'),
).roles;

export function builtinRoleByGuid(guid: string): BuiltinRole | undefined {
  const g = guid.toLowerCase();
  return BUILTIN_ROLES.find(r => r.name === g);
}

const patterns = new Map<string, RegExp>();

/**
 * An action against a role's action pattern as Azure RBAC compares them:
 * case-insensitive, `*` standing for any run of characters, slashes included
 * (`*\/read` covers every read, `Microsoft.Authorization/*` every operation
 * of the provider).
 */
export function actionMatches(pattern: string, action: string): boolean {
  let regex = patterns.get(pattern);
  if (!regex) {
    const source = pattern
      .split('*')
      .map(part => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*');
    regex = new RegExp(`^${source}$`, 'i');
    patterns.set(pattern, regex);
  }
  return regex.test(action);
}

/** True when one of the role's permission blocks allows the action (control plane or data plane). */
export function roleAllows(
  role: BuiltinRole,
  action: string,
  plane: 'control' | 'data' = 'control',
): boolean {
  return role.permissions.some(p => {
    const [allowed, denied] =
      plane === 'control'
        ? [p.actions, p.notActions]
        : [p.dataActions, p.notDataActions];
    return (
      allowed.some(a => actionMatches(a, action)) &&
      !denied.some(a => actionMatches(a, action))
    );
  });
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
