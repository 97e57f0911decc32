import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useCallback, useReducer, useState } from 'react';
import { useEntityAccess } from '../../hooks/useEntityAccess';
import { AccessErrorPanel } from '../AccessErrorPanel/AccessErrorPanel';
import { AccessTable } from '../AccessTable/AccessTable';
import { CheckAccessPanel } from '../CheckAccessPanel/CheckAccessPanel';
import { ClusterStatusBanner } from '../ClusterStatusBanner/ClusterStatusBanner';
import { FindingsPanel } from '../FindingsPanel/FindingsPanel';
import { IdentitiesPanel } from '../IdentitiesPanel/IdentitiesPanel';
import { MyRequests } from '../MyRequests/MyRequests';
import { NamespacesPanel } from '../NamespacesPanel/NamespacesPanel';
import { PeoplePanel } from '../PeoplePanel/PeoplePanel';
import { NoNamespacesState } from '../NoNamespacesState/NoNamespacesState';
import { RequestsPanel } from '../RequestsPanel/RequestsPanel';
import { ReviewAccessPanel } from '../ReviewAccess/ReviewAccessPanel';
import { TemplateLinks } from '../TemplateLinks/TemplateLinks';

/** The entity page tab: who can touch this service, and how it reaches Azure. */
export const AksAccessContent = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { value: access, loading, error, retry } = useEntityAccess(entityRef);
  const [reviewing, setReviewing] = useState(false);
  const [view, setView] = useState<'grants' | 'people'>('grants');
  // Bumped after any change, so the request lists refetch with the access view.
  const [requestsVersion, bumpRequests] = useReducer((n: number) => n + 1, 0);
  const refresh = useCallback(() => {
    retry();
    bumpRequests();
  }, [retry]);

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
        <NamespacesPanel
          namespaces={access.namespaces}
          clusterGrants={access.clusterGrants}
          onChanged={refresh}
        />
      </Grid>
      <Grid item xs={12}>
        <Box display="flex" justifyContent="space-between" mb={1}>
          <ButtonGroup size="small" aria-label="Access view">
            {(['grants', 'people'] as const).map(v => (
              <Button
                key={v}
                variant={view === v ? 'contained' : 'outlined'}
                color="primary"
                aria-pressed={view === v}
                onClick={() => setView(v)}
              >
                {v === 'grants' ? 'Grants' : 'People'}
              </Button>
            ))}
          </ButtonGroup>
          <Button
            variant={reviewing ? 'contained' : 'outlined'}
            color="primary"
            aria-pressed={reviewing}
            onClick={() => setReviewing(r => !r)}
          >
            Review access
          </Button>
        </Box>
        {reviewing && (
          <Box mb={2}>
            <ReviewAccessPanel
              namespaces={access.namespaces}
              onChanged={refresh}
            />
          </Box>
        )}
        {view === 'people' ? (
          <PeoplePanel entityRef={entityRef} />
        ) : (
          <AccessTable
            entityRef={entityRef}
            namespaces={access.namespaces}
            clusterGrants={access.clusterGrants}
            onChanged={refresh}
          />
        )}
      </Grid>
      <Grid item xs={12}>
        <RequestsPanel
          entityRef={entityRef}
          refreshKey={requestsVersion}
          onChanged={refresh}
        />
      </Grid>
      <Grid item xs={12}>
        <MyRequests refreshKey={requestsVersion} onChanged={refresh} />
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
