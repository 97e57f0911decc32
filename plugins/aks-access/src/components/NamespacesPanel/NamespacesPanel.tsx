import type {
  ClusterAccess,
  ManagedNamespaceSettings,
  NamespaceAccess,
} from '@aks-access/plugin-aks-access-common';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { AUTHORIZATION_MODE_LABELS } from '../../authorizationModes';
import { useState } from 'react';
import { useClusters } from '../../hooks/useClusters';
import { useViewer } from '../../hooks/useViewer';
import { viewerReaches } from '../RequestAccess/reach';
import { RequestAccessDialog } from '../RequestAccess/RequestAccessDialog';
import { PostureChips } from './PostureChips';

/** ARM's quota, network policy and policies of a managed namespace, in one line. */
function armSettings(m: ManagedNamespaceSettings): string {
  const q = m.defaultResourceQuota;
  const quota = [
    q.cpuRequest && `cpu ${q.cpuRequest}/${q.cpuLimit ?? '–'}`,
    q.memoryRequest && `memory ${q.memoryRequest}/${q.memoryLimit ?? '–'}`,
  ]
    .filter(Boolean)
    .join(', ');
  return [
    quota && `quota ${quota}`,
    `ingress ${
      m.defaultNetworkPolicy.ingress ?? 'AllowSameNamespace'
    }, egress ${m.defaultNetworkPolicy.egress ?? 'AllowAll'}`,
    m.adoptionPolicy && `adoption ${m.adoptionPolicy}`,
    m.deletePolicy && `delete ${m.deletePolicy}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

export interface NamespacesPanelProps {
  namespaces: readonly NamespaceAccess[];
  /** The cluster-wide grants, which reach every namespace on their cluster. */
  clusterGrants?: readonly ClusterAccess[];
  /** After an access request was made; the page refreshes. */
  onChanged?: () => void;
}

export const NamespacesPanel = ({
  namespaces,
  clusterGrants = [],
  onChanged,
}: NamespacesPanelProps) => {
  // Posture is per cluster, not per entity, so it comes from /clusters.
  const { value: clusters } = useClusters();
  const { value: viewer } = useViewer();
  // Kept here, not in the row: the row's button goes once the access is granted.
  const [requesting, setRequesting] = useState<NamespaceAccess>();
  return (
    <InfoCard title="Namespaces">
      <Table size="small" aria-label="Namespaces">
        <TableHead>
          <TableRow>
            <TableCell>Namespace</TableCell>
            <TableCell>Cluster</TableCell>
            <TableCell>Environment</TableCell>
            <TableCell>Posture</TableCell>
            <TableCell>Your access</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {namespaces.map(ns => {
            const { cluster, namespace, managedByArm, managedNamespace } = ns;
            const summary = clusters?.find(c => c.name === cluster);
            return (
              <TableRow key={`${cluster}/${namespace}`}>
                <TableCell>
                  {namespace}{' '}
                  {managedByArm && (
                    <Chip
                      size="small"
                      color="primary"
                      variant="outlined"
                      label="AKS managed namespace"
                      title="ARM owns its labels, default quota and network policy; change them through ARM, not kubectl"
                    />
                  )}
                  {managedNamespace && (
                    <Typography variant="caption" display="block">
                      {armSettings(managedNamespace)}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>{summary?.title ?? cluster}</TableCell>
                <TableCell>
                  {summary && (
                    <>
                      <Chip size="small" label={summary.environment} />
                      <Chip
                        size="small"
                        variant="outlined"
                        label={
                          AUTHORIZATION_MODE_LABELS[summary.authorizationMode]
                        }
                      />
                    </>
                  )}
                </TableCell>
                <TableCell>
                  {summary && <PostureChips posture={summary.posture} />}
                </TableCell>
                <TableCell>
                  {viewer &&
                    (viewerReaches(viewer, ns, clusterGrants) ? (
                      <Typography variant="body2" color="textSecondary">
                        You have access
                      </Typography>
                    ) : (
                      <Button
                        size="small"
                        color="primary"
                        variant="outlined"
                        data-testid="aks-access-request-button"
                        aria-label={`Request temporary access to ${cluster}/${namespace}`}
                        onClick={() => setRequesting(ns)}
                      >
                        Request temporary access
                      </Button>
                    ))}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {requesting && viewer && (
        <RequestAccessDialog
          cluster={requesting.cluster}
          namespace={requesting.namespace}
          viewer={viewer}
          onClose={() => setRequesting(undefined)}
          onRequested={() => onChanged?.()}
        />
      )}
    </InfoCard>
  );
};
