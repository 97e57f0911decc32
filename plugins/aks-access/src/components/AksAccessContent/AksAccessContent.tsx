import type { EntityAccessResponse } from '@aks-access/plugin-aks-access-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import Paper from '@material-ui/core/Paper';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { useCallback, useMemo, useReducer, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useEntityAccess } from '../../hooks/useEntityAccess';
import { useEntityRequests } from '../../hooks/useEntityRequests';
import { useEntityViewer } from '../../hooks/useEntityViewer';
import { useSensitivePermissions } from '../../hooks/useSensitivePermissions';
import { localTime } from '../../timeFormat';
import { AccessErrorPanel } from '../AccessErrorPanel/AccessErrorPanel';
import { AccessTable } from '../AccessTable/AccessTable';
import { CheckAccessPanel } from '../CheckAccessPanel/CheckAccessPanel';
import { WhoCanPanel } from '../WhoCanPanel/WhoCanPanel';
import { ClusterStatusBanner } from '../ClusterStatusBanner/ClusterStatusBanner';
import { FindingsPanel } from '../FindingsPanel/FindingsPanel';
import { IdentitiesPanel } from '../IdentitiesPanel/IdentitiesPanel';
import { MyRequests } from '../MyRequests/MyRequests';
import { NamespacesPanel } from '../NamespacesPanel/NamespacesPanel';
import { NoNamespacesState } from '../NoNamespacesState/NoNamespacesState';
import { PeoplePanel } from '../PeoplePanel/PeoplePanel';
import { PrimaryActions } from '../PrimaryActions/PrimaryActions';
import { RequestAccessDialog } from '../RequestAccess/RequestAccessDialog';
import { RequestTarget, requestTargets } from '../RequestAccess/requestTargets';
import { RequestsPanel } from '../RequestsPanel/RequestsPanel';
import { ReviewAccessPanel } from '../ReviewAccess/ReviewAccessPanel';
import { isSection, Section, SECTIONS } from '../SummaryStrip/sections';
import { SummaryStrip } from '../SummaryStrip/SummaryStrip';
import { useFocusRingStyles } from '../focusRing';
import { ownerGroupRef } from '../../templateLinks';

const tabId = (section: Section) => `aks-access-tab-${section}`;
const panelId = (section: Section) => `aks-access-panel-${section}`;

/** Object IDs of the grants' principals, by the name the page shows for them. */
function knownNames(access: EntityAccessResponse): Map<string, string> {
  const names = new Map<string, string>();
  for (const { grants } of [...access.namespaces, ...access.clusterGrants]) {
    for (const { principal } of grants) {
      if (principal.displayName) {
        names.set(
          principal.id.toLocaleLowerCase('en-US'),
          principal.displayName,
        );
      }
    }
  }
  return names;
}

/**
 * The entity page tab: a summary strip, then one section at a time, each
 * addressable by URL (`?section=requests`, `?section=access&view=people`) so a
 * link or a notification can open the part that matters.
 */
export const AksAccessContent = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { value: access, loading, error, retry } = useEntityAccess(entityRef);
  const classes = useFocusRingStyles();
  const viewer = useEntityViewer(entityRef);
  const [params, setParams] = useSearchParams();
  // Bumped after any change, so the request lists refetch with the access view.
  const [requestsVersion, bumpRequests] = useReducer((n: number) => n + 1, 0);
  const requests = useEntityRequests(entityRef, requestsVersion);
  // What the request dialog was opened on, kept while it is open: after the
  // request the viewer refreshes, and may take no second request there.
  const [requesting, setRequesting] = useState<{
    targets: RequestTarget[];
    initial?: string;
  }>();
  const retryViewer = viewer.retry;
  const refresh = useCallback(() => {
    retry();
    retryViewer();
    bumpRequests();
  }, [retry, retryViewer]);
  const names = useMemo(
    () => (access ? knownNames(access) : new Map<string, string>()),
    [access],
  );

  const param = params.get('section');
  const section: Section = isSection(param) ? param : 'access';
  const sensitive = useSensitivePermissions(entityRef, section === 'findings');
  const view = params.get('view') === 'people' ? 'people' : 'grants';
  const reviewing = params.get('review') === '1';
  const navigate = (next: Record<string, string | undefined>) =>
    setParams(
      current => {
        const merged = new URLSearchParams(current);
        for (const [key, value] of Object.entries(next)) {
          if (value === undefined) merged.delete(key);
          else merged.set(key, value);
        }
        return merged;
      },
      { replace: false },
    );
  const open = (target: Section) =>
    navigate({ section: target, view: undefined, review: undefined });

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

  const me = viewer.value;
  const pendingToDecide = me?.approver
    ? requests.value?.filter(
        r =>
          r.state === 'pending' &&
          r.requester.toLocaleLowerCase('en-US') !==
            me.user.entityRef.toLocaleLowerCase('en-US'),
      ).length
    : undefined;
  const openRequest = (initial?: string) => {
    const targets = me ? requestTargets(me) : [];
    if (targets.length > 0) setRequesting({ targets, initial });
  };

  let body;
  switch (section) {
    case 'requests':
      body = (
        <>
          <RequestsPanel
            entityRef={entityRef}
            viewer={me}
            refreshKey={requestsVersion}
            onChanged={refresh}
          />
          <Box mt={3}>
            <MyRequests refreshKey={requestsVersion} onChanged={refresh} />
          </Box>
        </>
      );
      break;
    case 'identities':
      body = (
        <IdentitiesPanel entityRef={entityRef} identities={access.identities} />
      );
      break;
    case 'findings':
      body = (
        <FindingsPanel
          findings={[...access.findings, ...(sensitive.value?.findings ?? [])]}
          names={names}
          onReview={() =>
            navigate({ section: 'access', view: undefined, review: '1' })
          }
        />
      );
      break;
    case 'check':
      body = (
        <>
          <WhoCanPanel entityRef={entityRef} namespaces={access.namespaces} />
          <Box mt={3}>
            <CheckAccessPanel namespaces={access.namespaces} />
          </Box>
        </>
      );
      break;
    default:
      body = (
        <>
          <NamespacesPanel
            namespaces={access.namespaces}
            viewer={me}
            onRequest={openRequest}
          />
          <Box display="flex" justifyContent="space-between" mt={3} mb={1}>
            <ButtonGroup size="small" aria-label="Access view">
              {(['grants', 'people'] as const).map(v => (
                <Button
                  key={v}
                  variant={view === v ? 'contained' : 'outlined'}
                  color="primary"
                  aria-pressed={view === v}
                  onClick={() =>
                    navigate({ view: v === 'people' ? 'people' : undefined })
                  }
                >
                  {v === 'grants' ? 'Grants' : 'People'}
                </Button>
              ))}
            </ButtonGroup>
            {me?.owner && (
              <Button
                variant={reviewing ? 'contained' : 'outlined'}
                color="primary"
                aria-pressed={reviewing}
                onClick={() =>
                  navigate({ review: reviewing ? undefined : '1' })
                }
              >
                Review access
              </Button>
            )}
          </Box>
          {reviewing && me?.owner && (
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
        </>
      );
  }

  return (
    <Box data-testid="aks-access-content" className={classes.focusRing}>
      {banner}
      <Box mb={2}>
        {me && (
          <PrimaryActions
            entityRef={entityRef}
            owner={ownerGroupRef(entity)}
            viewer={me}
            onRequest={() => openRequest()}
          />
        )}
      </Box>
      <SummaryStrip
        access={access}
        viewer={me}
        pendingToDecide={pendingToDecide}
        onOpen={open}
      />
      <Paper variant="outlined" square style={{ marginTop: 16 }}>
        <Tabs
          value={section}
          onChange={(_event, next: Section) => open(next)}
          indicatorColor="primary"
          textColor="primary"
          variant="scrollable"
          scrollButtons="off"
          aria-label="AKS access sections"
        >
          {SECTIONS.map(s => (
            <Tab
              key={s.id}
              value={s.id}
              id={tabId(s.id)}
              aria-controls={panelId(s.id)}
              label={
                s.id === 'requests' && pendingToDecide
                  ? `${s.label} (${pendingToDecide})`
                  : s.label
              }
            />
          ))}
        </Tabs>
      </Paper>
      <Box
        role="tabpanel"
        id={panelId(section)}
        aria-labelledby={tabId(section)}
        mt={2}
      >
        {body}
      </Box>
      <Box mt={2}>
        <Typography variant="caption">
          As of {localTime(access.generatedAt)}
        </Typography>
      </Box>
      {requesting && me && (
        <RequestAccessDialog
          targets={requesting.targets}
          initial={requesting.initial}
          userRef={me.user.entityRef}
          onClose={() => setRequesting(undefined)}
          onRequested={refresh}
        />
      )}
    </Box>
  );
};
