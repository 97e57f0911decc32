import type { SandboxState, RoleAssignmentRecord } from '../state/types';
import { findDirectoryObject, transitiveGroupsOf } from '../entra/directory';
import { isPrincipalStillReplicating } from '../faults';
import type { ConditionAttributes } from './authorization';
import { builtinRoleByGuid, roleDefinitionGuidFromId } from './builtinRoles';
import { parseCondition } from './conditions';
import { ArmError } from './errors';
import { SerializedJson } from './http';
import type { ArmRequest, ArmRoute } from './request';
import { normalizeScope, subscriptionOf } from './scopes';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PRINCIPAL_TYPES = [
  'User',
  'Group',
  'ServicePrincipal',
  'ForeignGroup',
  'Device',
] as const;
type PrincipalType = RoleAssignmentRecord['principalType'];

export function roleAssignmentId(scope: string, name: string): string {
  return `${
    scope === '/' ? '' : scope
  }/providers/Microsoft.Authorization/roleAssignments/${name}`;
}

/*
 * What each api-version's RoleAssignment holds and takes (the spec files):
 * - 2015-07-01: scope, roleDefinitionId and principalId;
 * - 2017-10-01-preview, 2018-01-01-preview: and canDelegate;
 * - 2018-09-01-preview: and principalType, the first version in which a
 *   request's principalType counts (the documented way around replication);
 * - 2020-03-01-preview: and condition, conditionVersion, createdOn, updatedOn,
 *   createdBy, updatedBy, delegatedManagedIdentityResourceId;
 * - 2020-04-01-preview: and description;
 * - 2020-08-01-preview, 2020-10-01-preview, 2022-04-01: canDelegate gone.
 * A request's fields that its version lacks are ignored, as the schema has no
 * place for them. The PUT of an assignment that already exists answers 200
 * from 2020-08-01-preview on; before, the specs list 201 alone.
 */
interface RoleAssignmentShape {
  /** the key of the serialised-JSON cache */
  name: string;
  principalType: boolean;
  canDelegate: boolean;
  conditionsAndAudit: boolean;
  description: boolean;
  okForExisting: boolean;
}

const shape = (
  name: string,
  fields: Partial<Omit<RoleAssignmentShape, 'name'>>,
): RoleAssignmentShape => ({
  name,
  principalType: false,
  canDelegate: false,
  conditionsAndAudit: false,
  description: false,
  okForExisting: false,
  ...fields,
});

const SHAPE_2015 = shape('2015', {});
const SHAPE_2017 = shape('2017', { canDelegate: true });
const SHAPE_2018_09 = shape('2018-09', {
  principalType: true,
  canDelegate: true,
});
const SHAPE_2020_03 = shape('2020-03', {
  principalType: true,
  canDelegate: true,
  conditionsAndAudit: true,
});
const SHAPE_2020_04 = shape('2020-04', {
  principalType: true,
  canDelegate: true,
  conditionsAndAudit: true,
  description: true,
});
const SHAPE_CURRENT = shape('2020-08', {
  principalType: true,
  conditionsAndAudit: true,
  description: true,
  okForExisting: true,
});

const SHAPES: Record<string, RoleAssignmentShape> = {
  '2015-07-01': SHAPE_2015,
  '2017-10-01-preview': SHAPE_2017,
  '2018-01-01-preview': SHAPE_2017,
  '2018-09-01-preview': SHAPE_2018_09,
  '2020-03-01-preview': SHAPE_2020_03,
  '2020-04-01-preview': SHAPE_2020_04,
};

function shapeOf(apiVersion: string | undefined): RoleAssignmentShape {
  return (apiVersion && SHAPES[apiVersion.toLowerCase()]) || SHAPE_CURRENT;
}

/** A role assignment as the given api-version shows it (the newest by default). */
export function roleAssignmentResource(
  r: RoleAssignmentRecord,
  apiVersion?: string,
) {
  const s = shapeOf(apiVersion);
  return {
    properties: {
      roleDefinitionId: r.roleDefinitionId,
      principalId: r.principalId,
      ...(s.principalType ? { principalType: r.principalType } : {}),
      scope: r.scope,
      ...(s.canDelegate ? { canDelegate: null } : {}),
      ...(s.conditionsAndAudit
        ? {
            condition: r.condition ?? null,
            conditionVersion: r.conditionVersion ?? null,
            createdOn: r.createdOn,
            updatedOn: r.updatedOn,
            createdBy: r.createdBy ?? null,
            updatedBy: r.updatedBy ?? r.createdBy ?? null,
            delegatedManagedIdentityResourceId: null,
          }
        : {}),
      ...(s.description ? { description: r.description ?? null } : {}),
    },
    id: r.id,
    type: 'Microsoft.Authorization/roleAssignments',
    name: r.name,
  };
}

/*
 * Per stored record, computed once rather than on every list: its scope and
 * principal lowercased, and its serialised resource. A large world holds tens
 * of thousands of assignments, and a write replaces a record rather than
 * editing it, so an entry never goes stale.
 */
interface Derived {
  scope: string;
  principalId: string;
  /** per api-version shape */
  json: Record<string, Buffer>;
}

const derived = new WeakMap<RoleAssignmentRecord, Derived>();

function derivedOf(r: RoleAssignmentRecord): Derived {
  let d = derived.get(r);
  if (!d) {
    d = {
      scope: r.scope.toLowerCase(),
      principalId: r.principalId.toLowerCase(),
      json: {},
    };
    derived.set(r, d);
  }
  return d;
}

const LIST_OPEN = Buffer.from('{"value":[');
const LIST_SEPARATOR = Buffer.from(',');
const LIST_CLOSE = Buffer.from(']}');

/** `{ value: [...] }` of the records, from each record's cached JSON: one copy, no serialising. */
function listBody(
  records: RoleAssignmentRecord[],
  apiVersion: string,
): SerializedJson {
  const key = shapeOf(apiVersion).name;
  const parts: Buffer[] = [LIST_OPEN];
  records.forEach((r, i) => {
    const d = derivedOf(r);
    d.json[key] ??= Buffer.from(
      JSON.stringify(roleAssignmentResource(r, apiVersion)),
      'utf8',
    );
    if (i > 0) parts.push(LIST_SEPARATOR);
    parts.push(d.json[key]);
  });
  parts.push(LIST_CLOSE);
  return new SerializedJson(Buffer.concat(parts));
}

/** The lowercased scopes at or above `scope` (as isAtOrAbove compares): itself, each parent, the root. */
function scopesAtOrAbove(scope: string): Set<string> {
  const s = scope.toLowerCase();
  const scopes = new Set(['/', s]);
  for (let i = s.indexOf('/'); i >= 0; i = s.indexOf('/', i + 1))
    scopes.add(s.slice(0, i));
  return scopes;
}

/** ARM's list: assignments at or above the scope, and below it too unless atScope(); then the principals. */
function listAssignments(
  state: SandboxState,
  scope: string,
  atScope: boolean,
  principals: Set<string> | undefined,
) {
  const above = scopesAtOrAbove(scope);
  const below = scope === '/' ? '' : `${scope.toLowerCase()}/`;
  const found: RoleAssignmentRecord[] = [];
  for (const r of Object.values(state.roleAssignments)) {
    const d = derivedOf(r);
    if (!above.has(d.scope) && (atScope || !d.scope.startsWith(below)))
      continue;
    if (principals && !principals.has(d.principalId)) continue;
    found.push(r);
  }
  return found;
}

function checkName(name: string): void {
  if (!GUID.test(name)) {
    throw new ArmError(
      400,
      'InvalidRoleAssignmentId',
      `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`,
    );
  }
}

function principalNotFound(state: SandboxState, principalId: string): ArmError {
  return new ArmError(
    400,
    'PrincipalNotFound',
    `Principal ${principalId} does not exist in the directory ${state.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group. See https://aka.ms/docs-principaltype`,
  );
}

/** Resolves the principal as ARM's write path sees the directory, replication lag included. */
function resolvePrincipalType(
  req: ArmRequest,
  principalId: string,
  requested: PrincipalType | undefined,
): PrincipalType {
  const { state } = req.ctx.store;
  const found = findDirectoryObject(state, principalId);
  if (!found) throw principalNotFound(state, principalId);
  const replicating =
    found.type === 'ServicePrincipal' &&
    isPrincipalStillReplicating(req.ctx.faults, found.servicePrincipal);
  if (replicating) {
    // With principalType set ARM skips the directory lookup, which is the documented way around the lag.
    if (requested) return requested;
    throw principalNotFound(state, principalId);
  }
  if (requested && requested !== found.type) {
    throw new ArmError(
      400,
      'UnmatchedPrincipalType',
      `The PrincipalId '${principalId}' has type '${found.type}', which is different from specified PrincipalType '${requested}'.`,
    );
  }
  return found.type;
}

function parseCreateBody(body: unknown, s: RoleAssignmentShape) {
  const props = (body as { properties?: Record<string, unknown> } | undefined)
    ?.properties;
  const roleDefinitionId = props?.roleDefinitionId;
  const principalId = props?.principalId;
  if (typeof roleDefinitionId !== 'string' || typeof principalId !== 'string') {
    throw new ArmError(
      400,
      'InvalidCreateRoleAssignmentRequest',
      'The request to create role assignment is not valid. Role definition ID and principal ID are required.',
    );
  }
  if (!GUID.test(principalId)) {
    throw new ArmError(
      400,
      'InvalidPrincipalId',
      'A valid principal ID must be provided for role assignment.',
    );
  }
  const principalType = s.principalType ? props?.principalType : undefined;
  if (
    principalType !== undefined &&
    !PRINCIPAL_TYPES.includes(principalType as PrincipalType)
  ) {
    throw new ArmError(
      400,
      'InvalidPrincipalType',
      `The principal type '${String(
        principalType,
      )}' is not valid. Supported principal types are ${PRINCIPAL_TYPES.join(
        ', ',
      )}.`,
    );
  }
  const description =
    s.description && typeof props?.description === 'string'
      ? props.description
      : undefined;
  const condition =
    s.conditionsAndAudit &&
    typeof props?.condition === 'string' &&
    props.condition
      ? props.condition
      : undefined;
  const conditionVersion =
    typeof props?.conditionVersion === 'string'
      ? props.conditionVersion
      : undefined;
  if (condition) parseCondition(condition, conditionVersion);
  return {
    roleDefinitionId,
    principalId,
    principalType: principalType as PrincipalType | undefined,
    description,
    ...(condition ? { condition, conditionVersion } : {}),
  };
}

/**
 * Azure's fixed budget: "Azure supports up to 4000 role assignments per
 * subscription", counting the subscription, resource group and resource
 * scopes but not management groups, and it cannot be raised
 * (learn.microsoft.com, azure/role-based-access-control/troubleshoot-limits;
 * docs/design.md §15).
 */
export const ROLE_ASSIGNMENTS_PER_SUBSCRIPTION = 4000;

function assignmentsIn(state: SandboxState, subscriptionId: string): number {
  const wanted = subscriptionId.toLowerCase();
  let count = 0;
  for (const r of Object.values(state.roleAssignments)) {
    if (subscriptionOf(r.scope)?.toLowerCase() === wanted) count++;
  }
  return count;
}

async function createRoleAssignment(
  req: ArmRequest,
  rawScope: string,
  name: string,
) {
  checkName(name);
  const scope = normalizeScope(rawScope);
  const version = shapeOf(req.apiVersion);
  const input = parseCreateBody(await req.body(), version);
  const roleGuid = roleDefinitionGuidFromId(input.roleDefinitionId);
  if (!roleGuid) {
    throw new ArmError(
      400,
      'InvalidRoleDefinitionId',
      `The role definition ID '${input.roleDefinitionId}' is not valid.`,
    );
  }
  if (!builtinRoleByGuid(roleGuid)) {
    throw new ArmError(
      400,
      'RoleDefinitionDoesNotExist',
      `The specified role definition with ID '${roleGuid}' does not exist.`,
    );
  }
  const { state } = req.ctx.store;
  const id = roleAssignmentId(scope, name);
  const existing = state.roleAssignments[id.toLowerCase()];
  const principalId = input.principalId.toLowerCase();
  const samePrincipalAndRole = (r: RoleAssignmentRecord) =>
    derivedOf(r).principalId === principalId &&
    roleDefinitionGuidFromId(r.roleDefinitionId) === roleGuid;
  if (existing) {
    if (!samePrincipalAndRole(existing)) {
      throw new ArmError(
        400,
        'RoleAssignmentUpdateNotPermitted',
        'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
      );
    }
    // What `az role assignment update` relies on: a PUT of the same
    // assignment may change its description (and condition), nothing else.
    const updated: RoleAssignmentRecord = {
      ...existing,
      ...(input.description !== undefined
        ? { description: input.description }
        : {}),
      ...(input.condition
        ? {
            condition: input.condition,
            conditionVersion: input.conditionVersion,
          }
        : {}),
    };
    if (JSON.stringify(updated) !== JSON.stringify(existing)) {
      updated.updatedOn = new Date().toISOString();
      updated.updatedBy = req.caller.oid;
      await req.ctx.store.commit([
        { path: ['roleAssignments', id.toLowerCase()], value: updated },
      ]);
    }
    return {
      status: version.okForExisting ? 200 : 201,
      body: roleAssignmentResource(updated, req.apiVersion),
    };
  }
  const principalType = resolvePrincipalType(
    req,
    input.principalId,
    input.principalType,
  );
  const lowerScope = scope.toLowerCase();
  const duplicate = Object.values(state.roleAssignments).some(
    r => derivedOf(r).scope === lowerScope && samePrincipalAndRole(r),
  );
  if (duplicate) {
    throw new ArmError(
      409,
      'RoleAssignmentExists',
      'The role assignment already exists.',
    );
  }
  const sub = subscriptionOf(scope);
  if (sub && assignmentsIn(state, sub) >= ROLE_ASSIGNMENTS_PER_SUBSCRIPTION) {
    throw new ArmError(
      400,
      'RoleAssignmentLimitExceeded',
      'No more role assignments can be created.',
    );
  }
  const now = new Date().toISOString();
  const record: RoleAssignmentRecord = {
    id,
    name: name.toLowerCase(),
    scope,
    roleDefinitionId: `${
      sub ? `/subscriptions/${sub}` : ''
    }/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`,
    principalId: input.principalId.toLowerCase(),
    principalType,
    ...(input.description ? { description: input.description } : {}),
    ...(input.condition
      ? { condition: input.condition, conditionVersion: input.conditionVersion }
      : {}),
    createdOn: now,
    updatedOn: now,
    createdBy: req.caller.oid,
  };
  await req.ctx.store.commit([
    { path: ['roleAssignments', id.toLowerCase()], value: record },
  ]);
  return {
    status: 201,
    body: roleAssignmentResource(record, req.apiVersion),
  };
}

/**
 * RoleAssignments_List* `$filter`: `atScope()`, `principalId eq '{id}'` and
 * `assignedTo('{id}')` (the principal and the groups it is in), alone or
 * joined with `and`.
 */
function parseListFilter(state: SandboxState, filter: string | null) {
  let atScope = false;
  let principals: Set<string> | undefined;
  for (const clause of filter ? filter.split(/\s+and\s+/i) : []) {
    const principalEq = /^\s*principalId\s+eq\s+'([^']+)'\s*$/i.exec(clause);
    const assignedTo = /^\s*assignedTo\('([^']+)'\)\s*$/i.exec(clause);
    if (/^\s*atScope\(\)\s*$/i.test(clause)) {
      atScope = true;
    } else if (principalEq) {
      principals = new Set([principalEq[1].toLowerCase()]);
    } else if (assignedTo) {
      const id = assignedTo[1].toLowerCase();
      principals = new Set([
        id,
        ...transitiveGroupsOf(state, id).map(g => g.toLowerCase()),
      ]);
    } else {
      throw new ArmError(
        400,
        'UnsupportedQuery',
        `The filter '${filter}' is not supported. Supported filters are either 'atScope()' or 'principalId eq '{value}' or assignedTo('{value}')'.`,
      );
    }
  }
  return { atScope, principals };
}

/** What the delegation condition (arm/conditions.ts) judges: the role asked for, and the role of the assignment there. */
async function conditionAttributes(
  req: ArmRequest,
  scope: string,
  name: string,
): Promise<ConditionAttributes> {
  const existing = GUID.test(name)
    ? req.ctx.store.state.roleAssignments[
        roleAssignmentId(normalizeScope(scope), name).toLowerCase()
      ]
    : undefined;
  const resourceRoleDefinitionId =
    existing && roleDefinitionGuidFromId(existing.roleDefinitionId);
  if (req.method !== 'PUT') return { resourceRoleDefinitionId };
  const requested = (
    (await req.body()) as
      | { properties?: { roleDefinitionId?: unknown } }
      | undefined
  )?.properties?.roleDefinitionId;
  return {
    requestRoleDefinitionId:
      typeof requested === 'string'
        ? roleDefinitionGuidFromId(requested)
        : undefined,
    resourceRoleDefinitionId,
  };
}

const OPERATION = 'Microsoft.Authorization/roleAssignments';

export const roleAssignmentRoutes: ArmRoute[] = [
  {
    type: 'roleAssignments',
    pattern:
      /^(.*)\/providers\/Microsoft\.Authorization\/roleAssignments\/([^/]+)$/i,
    operation: OPERATION,
    conditionAttributes: (req, [, scope, name]) =>
      conditionAttributes(req, scope, name),
    methods: {
      PUT: (req, [, scope, name]) => createRoleAssignment(req, scope, name),
      async GET(req, [, scope, name]) {
        checkName(name);
        const record =
          req.ctx.store.state.roleAssignments[
            roleAssignmentId(normalizeScope(scope), name).toLowerCase()
          ];
        if (!record) {
          throw new ArmError(
            404,
            'RoleAssignmentNotFound',
            `The role assignment '${name}' is not found.`,
          );
        }
        return {
          status: 200,
          body: roleAssignmentResource(record, req.apiVersion),
        };
      },
      async DELETE(req, [, scope, name]) {
        checkName(name);
        const key = roleAssignmentId(normalizeScope(scope), name).toLowerCase();
        const record = req.ctx.store.state.roleAssignments[key];
        if (!record) return { status: 204 };
        await req.ctx.store.commit([{ path: ['roleAssignments', key] }]);
        return {
          status: 200,
          body: roleAssignmentResource(record, req.apiVersion),
        };
      },
    },
  },
  {
    type: 'roleAssignments',
    pattern: /^(.*)\/providers\/Microsoft\.Authorization\/roleAssignments$/i,
    operation: OPERATION,
    collection: true,
    methods: {
      async GET(req, [, rawScope]) {
        const { state } = req.ctx.store;
        const scope = normalizeScope(rawScope);
        const { atScope, principals } = parseListFilter(
          state,
          req.query.get('$filter'),
        );
        return {
          status: 200,
          body: listBody(
            listAssignments(state, scope, atScope, principals),
            req.apiVersion,
          ),
        };
      },
    },
  },
];
