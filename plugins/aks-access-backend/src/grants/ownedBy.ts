import { ConflictError } from '@backstage/errors';
import { sameEntity } from '../namespaces/namespaceOwnership';

/** A grant is its namespace's entity's: a mark naming another entity refuses the change. */
export function ownedBy(
  what: string,
  owner: string | undefined,
  entityRef: string,
): void {
  if (owner && !sameEntity(owner, entityRef)) {
    throw new ConflictError(
      `${what} belongs to ${owner}, not to ${entityRef}, the entity of its namespace; it is not revoked`,
    );
  }
}
