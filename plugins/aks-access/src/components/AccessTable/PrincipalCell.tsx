import type { Principal } from '@aks-access/plugin-aks-access-common';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';

/**
 * A principal the catalog knows links to its page; anything else is shown as
 * the raw ID with a hint where to look it up, since a bare GUID says nothing.
 */
export const PrincipalCell = ({ principal }: { principal: Principal }) => {
  if (principal.entityRef) {
    return (
      <EntityRefLink
        entityRef={principal.entityRef}
        title={principal.displayName}
      />
    );
  }
  return (
    <>
      <Typography variant="body2">
        {principal.displayName ?? principal.id}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        {principal.kind === 'ServiceAccount'
          ? 'Kubernetes ServiceAccount'
          : `Not in the catalog: Entra ${principal.kind} object ID ${principal.id}`}
      </Typography>
    </>
  );
};
