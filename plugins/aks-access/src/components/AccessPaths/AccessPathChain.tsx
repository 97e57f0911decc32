import type {
  AccessPath,
  Principal,
} from '@aks-access/plugin-aks-access-common';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { Fragment } from 'react';
import { SOURCE_LABELS } from '../AccessTable/grantRows';

type Named = Principal & { userPrincipalName?: string };

/** A person without a display name is still recognisable by UPN; the object id is the last resort. */
export function principalName(principal: Named): string {
  return principal.displayName ?? principal.userPrincipalName ?? principal.id;
}

/** Inline, so it can sit inside a chain; a catalog principal links to its page. */
export const PrincipalName = ({ principal }: { principal: Named }) =>
  principal.entityRef ? (
    <EntityRefLink
      entityRef={principal.entityRef}
      title={principalName(principal)}
    />
  ) : (
    <>{principalName(principal)}</>
  );

/** Kubernetes roles arrive as `ClusterRole/edit`; say it the way the rest of the tab does. */
function roleText(path: AccessPath): string {
  if (path.source === 'AzureRoleAssignment') return `"${path.role}"`;
  const [kind, name] = path.role.split('/', 2);
  return name ? `onto ${kind} "${name}"` : `"${path.role}"`;
}

/** What the path ends in, e.g. `write via RoleBinding onto ClusterRole "edit" (namespace)`. */
export function grantText(path: AccessPath): string {
  // The admin group's "role" is the ARM property that lists it, which means nothing to a reader.
  if (path.source === 'AadAdminGroup') {
    return `${path.level} via the cluster's Entra admin group`;
  }
  const where = path.inheritedFrom
    ? `${path.scope}, inherited from ${path.inheritedFrom}`
    : path.scope;
  return `${path.level} via ${SOURCE_LABELS[path.source]} ${roleText(
    path,
  )} (${where})`;
}

/**
 * One path from a principal to a grant: `Frank Fischer → Payments On-call →
 * Team Payments → write via Azure role assignment "…" (namespace)`. Without
 * `who` the chain starts at the first group.
 */
export const AccessPathChain = ({
  who,
  path,
}: {
  who?: Named;
  path: AccessPath;
}) => (
  <Typography variant="body2" component="div" data-testid="access-path">
    {[...(who ? [who] : []), ...path.via].map((p, i) => (
      <Fragment key={`${p.id}-${i}`}>
        {i > 0 && ' → '}
        <PrincipalName principal={p} />
      </Fragment>
    ))}
    {(who || path.via.length > 0) && ' → '}
    {grantText(path)}
    {path.expiresAt && `, until ${new Date(path.expiresAt).toLocaleString()}`}
  </Typography>
);
