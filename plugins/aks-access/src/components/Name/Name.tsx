import { EntityDisplayName } from '@backstage/plugin-catalog-react';

/**
 * A user, group or component by the name the catalog gives it, with its
 * entity ref on hover: people read names, and the ref stays one hover away.
 */
export const Name = ({ entityRef }: { entityRef: string }) => (
  <EntityDisplayName entityRef={entityRef} hideIcon />
);
