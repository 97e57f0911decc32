import { InputError } from '@backstage/errors';
import { isGuid } from '../roles/builtinRoles';
import { ArmId, parseArmId } from './armId';

/** A role assignment id: the scope it is at, and its GUID name. */
export interface RoleAssignmentId {
  id: ArmId;
  scope: ArmId;
  name: string;
}

/**
 * Parses `<scope>/providers/Microsoft.Authorization/roleAssignments/<guid>`;
 * anything after the name, or another provider last, is refused.
 *
 * @throws InputError naming the rule that was broken
 */
export function parseRoleAssignmentId(
  raw: unknown,
  kind = 'role assignment id',
): RoleAssignmentId {
  const id = parseArmId(raw, kind);
  const last = id.providers[id.providers.length - 1];
  const step = last?.resources[0];
  if (
    !last ||
    last.namespace.toLowerCase() !== 'microsoft.authorization' ||
    last.resources.length !== 1 ||
    step.type.toLowerCase() !== 'roleassignments' ||
    !isGuid(step.name)
  ) {
    throw new InputError(
      `${kind} ${JSON.stringify(
        raw,
      )} is invalid: it must end in /providers/Microsoft.Authorization/roleAssignments/<GUID>`,
    );
  }
  const scope = parseArmId(
    `/${id.segments.slice(0, -4).join('/')}`,
    `${kind} scope`,
  );
  return { id, scope, name: step.name.toLowerCase() };
}
