import type { WorkloadIdentity } from '@aks-access/plugin-aks-access-common';
import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { IdentityChain } from './IdentityChain';
import { SECTION_TITLE } from '../sectionTitle';

export interface IdentitiesPanelProps {
  entityRef: string;
  identities: readonly WorkloadIdentity[];
}

export const IdentitiesPanel = ({
  entityRef,
  identities,
}: IdentitiesPanelProps) => (
  <InfoCard title="Workload identities" titleTypographyProps={SECTION_TITLE}>
    {identities.length === 0 ? (
      <Typography variant="body2">
        No ServiceAccount in these namespaces is annotated with
        azure.workload.identity/client-id.
      </Typography>
    ) : (
      identities.map(identity => (
        <IdentityChain
          key={`${identity.cluster}/${identity.namespace}/${identity.serviceAccount}`}
          entityRef={entityRef}
          identity={identity}
        />
      ))
    )}
  </InfoCard>
);
