import type {
  EntityViewerResponse,
  ManagedNamespaceSettings,
  NamespaceAccess,
  ViewerNamespace,
} from '@aks-access/plugin-aks-access-common';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { AUTHORIZATION_MODE_LABELS } from '../../authorizationModes';
import { useClusters } from '../../hooks/useClusters';
import { levelLabel } from '../AccessTable/grantRows';
import { FixedColumnsTable } from '../FixedColumns/FixedColumns';
import { targetKey } from '../RequestAccess/requestTargets';
import { PostureChips } from './PostureChips';
import { SECTION_TITLE } from '../sectionTitle';

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

/** What the viewer has on one namespace, or the way to ask for it, as the backend said. */
const YourAccess = ({
  mine,
  onRequest,
}: {
  mine: ViewerNamespace;
  onRequest: () => void;
}) => {
  const where = targetKey(mine);
  if (mine.level) {
    return (
      <Typography variant="body2">
        You have <strong>{levelLabel(mine.level)}</strong>
      </Typography>
    );
  }
  if (mine.request.allowed) {
    return (
      <Button
        size="small"
        color="primary"
        variant="outlined"
        data-testid="aks-access-request-button"
        aria-label={`Request temporary access to ${where}`}
        onClick={onRequest}
      >
        Request temporary access
      </Button>
    );
  }
  const reasonId = `aks-request-reason-${where.replace(/\W+/g, '-')}`;
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        disabled
        aria-describedby={reasonId}
        aria-label={`Request temporary access to ${where}`}
      >
        Request temporary access
      </Button>
      <Typography
        id={reasonId}
        variant="caption"
        display="block"
        color="textSecondary"
      >
        {mine.request.reason}
      </Typography>
    </>
  );
};

export interface NamespacesPanelProps {
  namespaces: readonly NamespaceAccess[];
  /** The signed-in user's side, from the backend; the last column waits for it. */
  viewer?: EntityViewerResponse;
  /** Opens the request dialog on one namespace (`cluster/namespace`). */
  onRequest: (target: string) => void;
}

export const NamespacesPanel = ({
  namespaces,
  viewer,
  onRequest,
}: NamespacesPanelProps) => {
  // Posture is per cluster, not per entity, so it comes from /clusters.
  const { value: clusters } = useClusters();
  return (
    <InfoCard title="Namespaces" titleTypographyProps={SECTION_TITLE}>
      <FixedColumnsTable
        aria-label="Namespaces"
        widths={['24%', '14%', '16%', '26%', '20%']}
      >
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
            const mine = viewer?.namespaces.find(
              v => targetKey(v) === targetKey(ns),
            );
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
                  {mine && (
                    <YourAccess
                      mine={mine}
                      onRequest={() => onRequest(targetKey(ns))}
                    />
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </FixedColumnsTable>
    </InfoCard>
  );
};
