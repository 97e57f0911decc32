import type { WorkloadIdentity } from '@aks-access/plugin-aks-access-common';
import { Link, StatusError, StatusOK } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { templateUrl, TEMPLATES } from '../../templateLinks';
import { FicList } from './FicList';
import { identityProblems } from './identityHealth';

export interface IdentityChainProps {
  entityRef: string;
  identity: WorkloadIdentity;
}

/** ServiceAccount → managed identity → FICs → Azure roles, in the order a token exchange walks it. */
export const IdentityChain = ({ entityRef, identity }: IdentityChainProps) => {
  const problems = identityProblems(identity);
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
      <Typography variant="h6">
        {problems.length === 0 ? <StatusOK /> : <StatusError />}
        ServiceAccount {sa}
      </Typography>
      <Typography variant="body2">
        Identity:{' '}
        {identity.identity
          ? `${identity.identity.name} (client ID ${identity.identity.clientId}, principal ID ${identity.identity.principalId})`
          : `none found for client ID ${identity.clientId}`}
      </Typography>
      {problems.map(problem => (
        <Typography key={problem} variant="body2" color="error">
          {problem}
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
      {problems.length > 0 && (
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
