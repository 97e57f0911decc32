import { actionMatches } from './builtinRoles';
import { ArmError } from './errors';

/*
 * Role-assignment conditions (Azure ABAC, conditionVersion 2.0) in exactly the
 * constrained-delegation form "Role Based Access Control Administrator" is
 * given (MicrosoftDocs/azure-docs
 * articles/role-based-access-control/delegate-role-assignments-examples.md,
 * "Example: Constrain roles"): one or more clauses joined by AND, each
 *
 *   ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'}))
 *     OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {guid, …}))
 *
 * with `@Resource[…]` for the delete action. Anything else is refused when the
 * assignment is written: evaluating a condition the sandbox cannot read would
 * either allow too much or deny for no visible reason.
 */

/** What a condition can look at: the action, and the role of the assignment requested or acted on. */
export interface ConditionRequest {
  action: string;
  /** role definition GUID of the assignment a write would create (`@Request`) */
  requestRoleDefinitionId?: string;
  /** role definition GUID of the existing assignment (`@Resource`) */
  resourceRoleDefinitionId?: string;
}

export type Condition = (request: ConditionRequest) => boolean;

const WRITE = 'Microsoft.Authorization/roleAssignments/write';
const DELETE = 'Microsoft.Authorization/roleAssignments/delete';
const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const CLAUSE = new RegExp(
  [
    String.raw`\(\s*\(\s*!\s*\(\s*ActionMatches\s*\{\s*'([^']+)'\s*\}\s*\)\s*\)\s*OR\s*`,
    String.raw`\(\s*@(Request|Resource)\[Microsoft\.Authorization/roleAssignments:RoleDefinitionId\]\s*`,
    String.raw`ForAnyOfAnyValues:GuidEquals\s*\{\s*(${GUID}(?:\s*,\s*${GUID})*)\s*\}\s*\)\s*\)`,
  ].join(''),
  'iy',
);
const AND = /\s*AND\s*/iy;

export function invalidCondition(): ArmError {
  // The message Azure answers with (conditions-troubleshoot.md); the code is the one
  // third-party deployment logs show for it.
  return new ArmError(
    400,
    'InvalidRoleAssignmentCondition',
    'The given role assignment condition is invalid.',
  );
}

interface Clause {
  action: string;
  source: 'Request' | 'Resource';
  roles: Set<string>;
}

function parseClauses(text: string): Clause[] | undefined {
  const clauses: Clause[] = [];
  let at = text.search(/\S/);
  while (at >= 0) {
    if (clauses.length > 0) {
      AND.lastIndex = at;
      if (!AND.exec(text)) return undefined;
      at = AND.lastIndex;
    }
    CLAUSE.lastIndex = at;
    const m = CLAUSE.exec(text);
    if (!m) return undefined;
    const action = m[1].toLowerCase();
    const source = m[2].toLowerCase() === 'request' ? 'Request' : 'Resource';
    // A write is judged by the role it asks for, a delete by the role it removes; the
    // other pairings name an attribute the action does not have.
    if (
      !(action === WRITE.toLowerCase() && source === 'Request') &&
      !(action === DELETE.toLowerCase() && source === 'Resource')
    ) {
      return undefined;
    }
    clauses.push({
      action,
      source,
      roles: new Set(m[3].split(',').map(g => g.trim().toLowerCase())),
    });
    at = CLAUSE.lastIndex;
    if (!/\S/.test(text.slice(at))) break;
  }
  return clauses.length ? clauses : undefined;
}

/** Parses a condition of the supported form, or throws the 400 ARM answers an invalid condition with. */
export function parseCondition(
  text: string,
  version: string | undefined,
): Condition {
  const clauses = version === '2.0' ? parseClauses(text) : undefined;
  if (!clauses) throw invalidCondition();
  return request =>
    clauses.every(clause => {
      if (!actionMatches(clause.action, request.action)) return true;
      const value =
        clause.source === 'Request'
          ? request.requestRoleDefinitionId
          : request.resourceRoleDefinitionId;
      // ForAnyOfAnyValues over an absent attribute has no value to match: false.
      return value !== undefined && clause.roles.has(value.toLowerCase());
    });
}

const parsed = new Map<string, Condition>();

/**
 * The condition of a stored assignment, parsed once. Writes validate it; one
 * that still does not parse (a hand-edited state file) grants nothing.
 */
export function storedCondition(
  text: string,
  version: string | undefined,
): Condition {
  const key = `${version}\n${text}`;
  let condition = parsed.get(key);
  if (!condition) {
    try {
      condition = parseCondition(text, version);
    } catch {
      condition = () => false;
    }
    parsed.set(key, condition);
  }
  return condition;
}
