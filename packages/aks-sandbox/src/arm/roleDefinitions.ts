import {
  builtinRoleByGuid,
  BUILTIN_ROLES,
  type BuiltinRole,
} from './builtinRoles';
import { ArmError } from './errors';
import type { ArmRoute } from './request';
import { normalizeScope, subscriptionOf } from './scopes';
import type { SandboxState } from '../state/types';

/** A built-in role, or one of the tenant's custom roles, by GUID. */
export function roleDefinitionByGuid(
  state: SandboxState,
  guid: string,
): { role: BuiltinRole; custom: boolean } | undefined {
  const builtin = builtinRoleByGuid(guid);
  if (builtin) return { role: builtin, custom: false };
  const custom = state.customRoleDefinitions?.[guid.toLowerCase()];
  return custom && { role: custom, custom: true };
}

/*
 * RoleDefinitionProperties per api-version (the spec files): 2015-07-01's
 * permissions have actions and notActions only (no data actions) and no audit
 * fields; 2018-01-01-preview adds dataActions and notDataActions; 2022-04-01
 * and 2022-05-01-preview add createdOn, updatedOn, createdBy and updatedBy.
 */
const WITHOUT_DATA_ACTIONS = new Set(['2015-07-01']);
const WITHOUT_AUDIT_FIELDS = new Set(['2015-07-01', '2018-01-01-preview']);

/**
 * A role definition as ARM returns it at the given api-version (the newest by
 * default): its id qualified by the subscription of the scope asked for.
 */
export function roleDefinitionResource(
  role: BuiltinRole,
  scope: string,
  apiVersion = '2022-04-01',
  type: 'BuiltInRole' | 'CustomRole' = 'BuiltInRole',
) {
  const version = apiVersion.toLowerCase();
  const sub = subscriptionOf(normalizeScope(scope));
  return {
    properties: {
      roleName: role.roleName,
      type,
      description: role.description,
      assignableScopes: role.assignableScopes,
      permissions: WITHOUT_DATA_ACTIONS.has(version)
        ? role.permissions.map(({ actions, notActions }) => ({
            actions,
            notActions,
          }))
        : role.permissions,
      ...(WITHOUT_AUDIT_FIELDS.has(version)
        ? {}
        : {
            createdOn: '2015-02-02T21:55:09.8806423Z',
            updatedOn: '2024-05-07T00:00:00.0000000Z',
            createdBy: null,
            updatedBy: null,
          }),
    },
    id: `${
      sub ? `/subscriptions/${sub}` : ''
    }/providers/Microsoft.Authorization/roleDefinitions/${role.name}`,
    type: 'Microsoft.Authorization/roleDefinitions',
    name: role.name,
  };
}

/** `roleName eq '…'` and `type eq '…'`, the filters RoleDefinitions_List documents. */
function parseFilter(
  filter: string | null,
): (role: BuiltinRole, type: string) => boolean {
  if (!filter) return () => true;
  const clauses = filter.split(/\s+and\s+/i).map(clause => {
    const m = /^\s*(roleName|type)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(clause);
    if (!m) {
      throw new ArmError(
        400,
        'InvalidFilterInQueryString',
        `The filter '${filter}' is not supported. Supported filters are roleName eq '{value}' and type eq 'BuiltInRole|CustomRole'.`,
      );
    }
    const value = m[2].replace(/''/g, "'").toLowerCase();
    return m[1].toLowerCase() === 'rolename'
      ? (r: BuiltinRole) => r.roleName.toLowerCase() === value
      : (_: BuiltinRole, type: string) => value === type.toLowerCase();
  });
  return (role, type) => clauses.every(c => c(role, type));
}

const OPERATION = 'Microsoft.Authorization/roleDefinitions';

/*
 * Built-in definitions read at the tenant root (`/providers/…`, as Terraform's
 * azurerm_role_definition does with ordinary service principals) need no role;
 * at a subscription or below they need roleDefinitions/read there.
 */
export const roleDefinitionRoutes: ArmRoute[] = [
  {
    type: 'roleDefinitions',
    pattern:
      /^(.*)\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i,
    operation: OPERATION,
    openAtRoot: true,
    methods: {
      async GET(req, [, scope, guid]) {
        const found = roleDefinitionByGuid(req.ctx.store.state, guid);
        if (!found) {
          throw new ArmError(
            404,
            'RoleDefinitionDoesNotExist',
            `The specified role definition with ID '${guid}' does not exist.`,
          );
        }
        return {
          status: 200,
          body: roleDefinitionResource(
            found.role,
            scope,
            req.apiVersion,
            found.custom ? 'CustomRole' : 'BuiltInRole',
          ),
        };
      },
    },
  },
  {
    type: 'roleDefinitions',
    pattern: /^(.*)\/providers\/Microsoft\.Authorization\/roleDefinitions$/i,
    operation: OPERATION,
    collection: true,
    openAtRoot: true,
    methods: {
      async GET(req, [, scope]) {
        const keep = parseFilter(req.query.get('$filter'));
        return {
          status: 200,
          body: {
            value: [
              ...BUILTIN_ROLES.filter(r => keep(r, 'BuiltInRole')).map(r =>
                roleDefinitionResource(r, scope, req.apiVersion),
              ),
              ...Object.values(req.ctx.store.state.customRoleDefinitions ?? {})
                .filter(r => keep(r, 'CustomRole'))
                .map(r =>
                  roleDefinitionResource(
                    r,
                    scope,
                    req.apiVersion,
                    'CustomRole',
                  ),
                ),
            ],
          },
        };
      },
    },
  },
];
