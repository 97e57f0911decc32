import type {
  ManagedNamespaceSettings,
  NamespaceAccess,
} from '@aks-access/plugin-aks-access-common';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { AUTHORIZATION_MODE_LABELS } from '../../authorizationModes';
import { useClusters } from '../../hooks/useClusters';
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

export const NamespacesPanel = ({
  namespaces,
}: {
  namespaces: readonly NamespaceAccess[];
}) => {
  // Posture is per cluster, not per entity, so it comes from /clusters.
  const { value: clusters } = useClusters();
  return (
    <InfoCard title="Namespaces">
      <Table size="small" aria-label="Namespaces">
        <TableHead>
          <TableRow>
            <TableCell>Namespace</TableCell>
            <TableCell>Cluster</TableCell>
            <TableCell>Environment</TableCell>
            <TableCell>Posture</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {namespaces.map(
            ({ cluster, namespace, managedByArm, managedNamespace }) => {
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
                </TableRow>
              );
            },
          )}
        </TableBody>
      </Table>
    </InfoCard>
  );
};
