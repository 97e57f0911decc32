import type {
  WorkloadIdentity,
  WorkloadIdentityHealth,
} from '@aks-access/plugin-aks-access-common';
import {
  Link,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ReactElement } from 'react';
import { templateUrl, TEMPLATES } from '../../templateLinks';
import { FicList } from './FicList';

export interface IdentityChainProps {
  entityRef: string;
  identity: WorkloadIdentity;
}

const STATUS_ICONS: Record<WorkloadIdentityHealth['status'], ReactElement> = {
  healthy: <StatusOK />,
  broken: <StatusError />,
  unknown: <StatusWarning />,
};

/**
 * ServiceAccount → managed identity → FICs → Azure roles, in the order a
 * token exchange walks it, with the health the backend found it in.
 */
export const IdentityChain = ({ entityRef, identity }: IdentityChainProps) => {
  const { status, reasons } = identity.health;
  const sa = `${identity.cluster}/${identity.namespace}/${identity.serviceAccount}`;
  return (
    <Box
      component="section"
      aria-label={`Workload identity ${sa}`}
      border={1}
      borderColor="divider"
      borderRadius={4}
      p={2}
      mb={2}
    >
      <Typography variant="h6" component="h3">
        {STATUS_ICONS[status]}
        ServiceAccount {sa}
      </Typography>
      <Typography variant="body2">
        Identity:{' '}
        {identity.identity
          ? `${identity.identity.name} (client ID ${identity.identity.clientId}, principal ID ${identity.identity.principalId})`
          : `none found for client ID ${identity.clientId}`}
      </Typography>
      {reasons.map(reason => (
        <Typography
          key={reason.message}
          variant="body2"
          color={status === 'broken' ? 'error' : 'textSecondary'}
        >
          {reason.message}
        </Typography>
      ))}
      {identity.fics.length > 0 && <FicList fics={identity.fics} />}
      <Typography variant="subtitle2" component="h4">
        Azure roles
      </Typography>
      {identity.azureRoles.length === 0 ? (
        <Typography variant="body2">No Azure role assignments.</Typography>
      ) : (
        <ul>
          {identity.azureRoles.map(role => (
            <li key={role.id}>
              {role.role} on {role.scope}
              {role.managed ? '' : ' (external)'}
            </li>
          ))}
        </ul>
      )}
      {/* Federating again repairs the identity and FIC links; the cluster's settings it cannot. */}
      {status === 'broken' && reasons.some(r => r.link !== 'cluster') && (
        <Link
          to={templateUrl(TEMPLATES.federateWorkloadIdentity, {
            entityRef,
            cluster: identity.cluster,
            namespace: identity.namespace,
            serviceAccount: identity.serviceAccount,
          })}
        >
          Repair with the federation template
        </Link>
      )}
    </Box>
  );
};
