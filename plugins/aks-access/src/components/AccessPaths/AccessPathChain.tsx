import type {
  AccessPath,
  Principal,
} from '@aks-access/plugin-aks-access-common';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { Fragment } from 'react';

const SOURCE_LABELS: Record<AccessPath['source'], string> = {
  RoleBinding: 'RoleBinding',
  ClusterRoleBinding: 'ClusterRoleBinding',
  AzureRoleAssignment: 'Azure role assignment',
  AadAdminGroup: 'admin group',
};

const Name = ({ principal }: { principal: Principal }) =>
  principal.entityRef ? (
    // Underlined: inside a sentence, colour alone does not mark a link.
    <EntityRefLink
      entityRef={principal.entityRef}
      title={principal.displayName ?? principal.id}
      underline="always"
    />
  ) : (
    <>{principal.displayName ?? principal.id}</>
  );

/**
 * One path from a person to a grant: `Frank Fischer → Payments On-call →
 * Team Payments → write via RoleBinding edit (namespace)`.
 */
export const AccessPathChain = ({
  who,
  path,
}: {
  who: Principal;
  path: AccessPath;
}) => {
  const through =
    path.source === 'AadAdminGroup'
      ? `${path.level} via the cluster's admin group`
      : `${path.level} via ${SOURCE_LABELS[path.source]} ${path.role} (${
          path.scope
        }${
          path.inheritedFrom ? `, inherited from ${path.inheritedFrom}` : ''
        })`;
  return (
    <Typography variant="body2" component="div" data-testid="access-path">
      {[who, ...path.via].map((p, i) => (
        <Fragment key={`${p.id}-${i}`}>
          {i > 0 && ' → '}
          <Name principal={p} />
        </Fragment>
      ))}
      {' → '}
      {through}
      {path.expiresAt && `, until ${new Date(path.expiresAt).toLocaleString()}`}
    </Typography>
  );
};
