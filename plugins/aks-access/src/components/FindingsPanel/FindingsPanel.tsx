import type {
  Finding,
  FindingSeverity,
} from '@aks-access/plugin-aks-access-common';
import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import Alert, { Color } from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { bySeverity } from './severity';

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

export const FindingsPanel = ({
  findings,
}: {
  findings: readonly Finding[];
}) => (
  <InfoCard title="Findings">
    {findings.length === 0 ? (
      <Typography variant="body2">No findings: nothing to fix.</Typography>
    ) : (
      <ol
        aria-label="Findings"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
      >
        {bySeverity(findings).map(finding => (
          <li key={finding.id} style={{ marginBottom: 8 }}>
            <Alert severity={ALERT_COLOR[finding.severity]}>
              <AlertTitle>
                {finding.severity.toUpperCase()}: {finding.title}
                {location(finding) && ` (${location(finding)})`}
              </AlertTitle>
              <Typography variant="body2">{finding.detail}</Typography>
              <Typography variant="body2">
                <strong>Fix:</strong> {finding.remediation}
              </Typography>
            </Alert>
          </li>
        ))}
      </ol>
    )}
  </InfoCard>
);
