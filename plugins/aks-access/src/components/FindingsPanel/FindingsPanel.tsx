import type {
  Finding,
  FindingSeverity,
} from '@aks-access/plugin-aks-access-common';
import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert, { Color } from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  humanize,
  isServiceFinding,
  KnownNames,
  Remediation,
} from './findingText';
import { bySeverity } from './severity';
import { SECTION_TITLE } from '../sectionTitle';

const ALERT_COLOR: Record<FindingSeverity, Color> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'info',
  info: 'info',
};

function location(finding: Finding): string {
  return [finding.cluster, finding.namespace].filter(Boolean).join('/');
}

const FindingList = ({
  label,
  findings,
  names,
}: {
  label: string;
  findings: readonly Finding[];
  names: KnownNames;
}) => (
  <ol aria-label={label} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
    {bySeverity(findings).map(finding => (
      <li key={finding.id} style={{ marginBottom: 8 }}>
        <Alert severity={ALERT_COLOR[finding.severity]}>
          <AlertTitle>
            {finding.severity.toUpperCase()}: {humanize(finding.title, names)}
            {location(finding) && ` (${location(finding)})`}
          </AlertTitle>
          <Typography variant="body2">
            {humanize(finding.detail, names)}
          </Typography>
          <Typography variant="body2">
            <strong>To fix:</strong>{' '}
            <Remediation text={finding.remediation} names={names} />
          </Typography>
        </Alert>
      </li>
    ))}
  </ol>
);

export interface FindingsPanelProps {
  findings: readonly Finding[];
  /** Object IDs the page knows by name (the grants' principals), lowercased. */
  names?: KnownNames;
  /** Opens the access review, where overdue grants are kept or revoked. */
  onReview?: () => void;
}

/**
 * What to fix, split by who can: the service's own findings first, then the
 * cluster's, which the platform team fixes. Overdue reviews are one line
 * pointing at the review, since the grants table marks each of them already.
 */
export const FindingsPanel = ({
  findings,
  names = new Map(),
  onReview,
}: FindingsPanelProps) => {
  const overdue = findings.filter(f => f.kind === 'review-overdue');
  const rest = findings.filter(f => f.kind !== 'review-overdue');
  const service = rest.filter(isServiceFinding);
  const cluster = rest.filter(f => !isServiceFinding(f));
  return (
    <InfoCard title="Findings" titleTypographyProps={SECTION_TITLE}>
      <Typography variant="h6" component="h3" gutterBottom>
        This service
      </Typography>
      {overdue.length > 0 && (
        <Box mb={1}>
          <Alert
            severity="warning"
            action={
              onReview && (
                <Button color="inherit" size="small" onClick={onReview}>
                  Review access
                </Button>
              )
            }
          >
            {overdue.length === 1
              ? '1 grant is overdue for its access review'
              : `${overdue.length} grants are overdue for their access review`}
            : keep each one that is still needed, revoke the others.
          </Alert>
        </Box>
      )}
      {service.length === 0 && overdue.length === 0 ? (
        <Typography variant="body2" paragraph>
          Nothing to fix in this service's namespaces.
        </Typography>
      ) : (
        <FindingList label="This service" findings={service} names={names} />
      )}
      <Typography variant="h6" component="h3" gutterBottom>
        Cluster (platform team)
      </Typography>
      {cluster.length === 0 ? (
        <Typography variant="body2">Nothing to fix on the clusters.</Typography>
      ) : (
        <>
          <Typography variant="body2" color="textSecondary" paragraph>
            Settings and grants of the whole cluster: the platform team fixes
            them; tell them if one blocks you.
          </Typography>
          <FindingList
            label="Cluster (platform team)"
            findings={cluster}
            names={names}
          />
        </>
      )}
    </InfoCard>
  );
};
