import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useEntityAccess } from '../../hooks/useEntityAccess';
import { AccessErrorPanel } from '../AccessErrorPanel/AccessErrorPanel';
import { AccessTable } from '../AccessTable/AccessTable';
import { CheckAccessPanel } from '../CheckAccessPanel/CheckAccessPanel';
import { ClusterStatusBanner } from '../ClusterStatusBanner/ClusterStatusBanner';
import { FindingsPanel } from '../FindingsPanel/FindingsPanel';
import { IdentitiesPanel } from '../IdentitiesPanel/IdentitiesPanel';
import { NamespacesPanel } from '../NamespacesPanel/NamespacesPanel';
import { NoNamespacesState } from '../NoNamespacesState/NoNamespacesState';
import { TemplateLinks } from '../TemplateLinks/TemplateLinks';

/** The entity page tab: who can touch this service, and how it reaches Azure. */
export const AksAccessContent = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { value: access, loading, error, retry } = useEntityAccess(entityRef);

  // After the first load, refreshes keep the current view on screen.
  if (!access && loading) return <Progress />;
  if (error) return <AccessErrorPanel error={error} />;
  if (!access) return null;

  const banner = <ClusterStatusBanner clusters={access.clusters} />;
  if (access.namespaces.length === 0) {
    return (
      <>
        {banner}
        <NoNamespacesState entity={entity} />
      </>
    );
  }

  return (
    <Grid container spacing={3} data-testid="aks-access-content">
      <Grid item xs={12}>
        {banner}
        <TemplateLinks entityRef={entityRef} />
      </Grid>
      <Grid item xs={12}>
        <NamespacesPanel namespaces={access.namespaces} />
      </Grid>
      <Grid item xs={12}>
        <AccessTable
          entityRef={entityRef}
          namespaces={access.namespaces}
          clusterGrants={access.clusterGrants}
          onChanged={retry}
        />
      </Grid>
      <Grid item xs={12}>
        <IdentitiesPanel entityRef={entityRef} identities={access.identities} />
      </Grid>
      <Grid item xs={12} md={6}>
        <FindingsPanel findings={access.findings} />
      </Grid>
      <Grid item xs={12} md={6}>
        <CheckAccessPanel namespaces={access.namespaces} />
      </Grid>
      <Grid item xs={12}>
        <Typography variant="caption" color="textSecondary">
          As of {new Date(access.generatedAt).toLocaleString()}
        </Typography>
      </Grid>
    </Grid>
  );
};
