import type { EntityClusterStatus } from '@aks-access/plugin-aks-access-common';
import { WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

function describe({ name, status }: EntityClusterStatus): string {
  const since = status.since
    ? ` since ${new Date(status.since).toLocaleString()}`
    : '';
  const what = status.reachable
    ? `${name} shows data from an earlier read${since}`
    : `${name} is unreachable${since}`;
  return status.error ? `${what}: ${status.error}` : what;
}

/** Names the clusters whose part of the answer is missing or old, so nobody trusts a partial list. */
export const ClusterStatusBanner = ({
  clusters,
}: {
  clusters: readonly EntityClusterStatus[];
}) => {
  const degraded = clusters.filter(c => !c.status.reachable || c.status.stale);
  if (degraded.length === 0) return null;
  return (
    <WarningPanel
      severity="warning"
      title="Partial answer: some clusters could not be read"
      defaultExpanded
    >
      {degraded.map(cluster => (
        <Typography key={cluster.name} variant="body2">
          {describe(cluster)}
        </Typography>
      ))}
    </WarningPanel>
  );
};
