import {
  CompoundEntityRef,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

const validator = makeValidator();

/**
 * Parses a full entity ref (`kind:namespace/name` or `kind:name`) and checks
 * each part with the catalog's own rules. A kind is required: a bare name is
 * ambiguous between a user and a group.
 */
export function parseStrictEntityRef(
  ref: string,
): CompoundEntityRef | undefined {
  let parsed: CompoundEntityRef;
  try {
    parsed = parseEntityRef(ref);
  } catch {
    return undefined;
  }
  const valid =
    validator.isValidKind(parsed.kind) &&
    validator.isValidNamespace(parsed.namespace) &&
    validator.isValidEntityName(parsed.name);
  return valid ? parsed : undefined;
}

/**
 * A ref as the catalog writes it (`group:default/team-payments`), from
 * the short forms config and `spec.owner` / `spec.memberOf` allow
 * (`team-payments`, `group:team-payments`).
 */
export function fullEntityRef(ref: string, defaultKind: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
  );
}

/** True for a full ref whose kind is one of `kinds` (compared case-insensitively, as the catalog does). */
export function isEntityRefOfKind(
  ref: string,
  kinds: readonly string[],
): boolean {
  const parsed = parseStrictEntityRef(ref);
  return (
    parsed !== undefined &&
    kinds.includes(parsed.kind.toLocaleLowerCase('en-US'))
  );
}
