import type { Principal } from '@aks-access/plugin-aks-access-common';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';

/** Kubernetes' own groups, which no directory holds: what membership in each means. */
const KUBERNETES_GROUPS: Record<string, string> = {
  'system:authenticated': 'everyone who signs in to the cluster',
  'system:unauthenticated': 'anonymous requests',
  'system:serviceaccounts': 'every ServiceAccount on the cluster',
  'system:masters': 'holders of the cluster-admin certificate',
};

function kubernetesGroupMeaning(id: string): string | undefined {
  if (KUBERNETES_GROUPS[id]) return KUBERNETES_GROUPS[id];
  if (id.startsWith('system:serviceaccounts:')) {
    return `every ServiceAccount in namespace ${id.slice(
      'system:serviceaccounts:'.length,
    )}`;
  }
  return id.startsWith('system:') ? 'a group Kubernetes assigns' : undefined;
}

/**
 * A principal the catalog knows links to its page under its name (the ref on
 * hover); a Kubernetes built-in group says what it means; anything else
 * shows what the backend could say, with the ID to look it up in Entra.
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
  const builtIn =
    principal.kind === 'Group'
      ? kubernetesGroupMeaning(principal.id)
      : undefined;
  let caption: string;
  if (builtIn) caption = `Kubernetes built-in group: ${builtIn}`;
  else if (principal.kind === 'ServiceAccount') {
    caption = 'Kubernetes ServiceAccount';
  } else {
    caption = `Not in the catalog: Entra ${principal.kind.toLocaleLowerCase(
      'en-US',
    )} ${principal.displayName ? `(object ID ${principal.id})` : 'object ID'}`;
  }
  return (
    <>
      <Typography variant="body2" title={principal.id}>
        {principal.displayName ?? principal.id}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        {caption}
      </Typography>
    </>
  );
};
