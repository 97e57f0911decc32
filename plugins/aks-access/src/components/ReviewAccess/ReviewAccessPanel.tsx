import type {
  GrantReviewInput,
  GrantReviewResponse,
  NamespaceAccess,
} from '@aks-access/plugin-aks-access-common';
import { InfoCard } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { useMemo, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { aksAccessApiRef } from '../../api';
import { serverMessage } from '../../serverMessage';
import { GrantLifecycle } from '../AccessTable/GrantLifecycle';
import {
  levelLabel,
  principalLabel,
  SOURCE_LABELS,
} from '../AccessTable/grantRows';
import { FixedColumnsTable } from '../FixedColumns/FixedColumns';
import { PrincipalCell } from '../AccessTable/PrincipalCell';
import { ChangePlan } from '../RevokeGrantDialog/ChangePlan';
import { reviewableGrants } from './reviewableGrants';
import { Where } from '../Where/Where';
import { SECTION_TITLE } from '../sectionTitle';

type Decision = GrantReviewInput['decisions'][number]['decision'];
type Decisions = GrantReviewInput['decisions'];

interface Plan {
  key: string;
  decisions: Decisions;
  response?: GrantReviewResponse;
  /** The backend refused the batch, e.g. a revoke of a grant made outside aks-access. */
  error?: Error;
}

export interface ReviewAccessPanelProps {
  namespaces: readonly NamespaceAccess[];
  /** After the review was carried out; the page refreshes. */
  onChanged: () => void;
}

function summary(response: GrantReviewResponse): string {
  const count = (decision: Decision) =>
    response.results.filter(r => r.decision === decision).length;
  return `${count('keep')} kept, ${count('revoke')} revoked`;
}

/**
 * Recertification: every standing grant in the entity's namespaces, each kept
 * unless its owner says revoke. "Plan" asks the backend for a dry run of the
 * whole batch; "Confirm" carries out exactly the planned decisions.
 */
export const ReviewAccessPanel = ({
  namespaces,
  onChanged,
}: ReviewAccessPanelProps) => {
  const api = useApi(aksAccessApiRef);
  const alertApi = useApi(alertApiRef);
  const rows = useMemo(() => reviewableGrants(namespaces), [namespaces]);
  const [revoking, setRevoking] = useState<ReadonlySet<string>>(new Set());

  const decisions: Decisions = rows.map(({ grant }) => ({
    grantId: grant.id,
    decision: revoking.has(grant.id) ? 'revoke' : 'keep',
  }));
  const key = JSON.stringify(decisions);

  const [plan, runPlan] = useAsyncFn(
    async (planned: Decisions): Promise<Plan> => {
      const base = { key: JSON.stringify(planned), decisions: planned };
      try {
        const response = await api.reviewGrants({
          decisions: planned,
          dryRun: true,
        });
        return { ...base, response };
      } catch (error) {
        return { ...base, error: error as Error };
      }
    },
    [api],
  );
  // The plan a confirmation carried out; it cannot be confirmed twice.
  const [consumed, setConsumed] = useState<Plan>();
  const [confirmation, confirm] = useAsyncFn(
    async (planned: Plan) => {
      const response = await api.reviewGrants({ decisions: planned.decisions });
      alertApi.post({
        message: `Access reviewed: ${summary(response)}`,
        severity: 'success',
        display: 'transient',
      });
      setConsumed(planned);
      setRevoking(new Set());
      onChanged();
      return response;
    },
    [api, alertApi, onChanged],
  );

  const planning = plan.loading;
  const busy = planning || confirmation.loading;
  // A plan holds only for the decisions it was made for, and only once.
  const shown =
    !planning && plan.value?.key === key && plan.value !== consumed
      ? plan.value
      : undefined;
  const current = shown?.response ? shown : undefined;

  const decide = (grantId: string, decision: Decision | null) => {
    if (!decision) return;
    const next = new Set(revoking);
    if (decision === 'revoke') next.add(grantId);
    else next.delete(grantId);
    setRevoking(next);
  };

  return (
    <Box data-testid="aks-access-review">
      <InfoCard
        title="Review access"
        titleTypographyProps={SECTION_TITLE}
        subheader="Confirm who still needs access to this component's namespaces; revoke the rest"
      >
        {rows.length === 0 ? (
          <Typography variant="body2">
            No standing grants in this component's namespaces to review.
          </Typography>
        ) : (
          <FixedColumnsTable
            aria-label="Grants to review"
            widths={['20%', '15%', '15%', '12%', '9%', '15%', '14%']}
          >
            <TableHead>
              <TableRow>
                <TableCell>Principal</TableCell>
                <TableCell>Namespace</TableCell>
                <TableCell>Level</TableCell>
                <TableCell>Source</TableCell>
                <TableCell>Managed</TableCell>
                <TableCell>Review</TableCell>
                <TableCell>Decision</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map(({ cluster, namespace, grant }) => {
                const decision: Decision = revoking.has(grant.id)
                  ? 'revoke'
                  : 'keep';
                return (
                  <TableRow key={grant.id}>
                    <TableCell>
                      <PrincipalCell principal={grant.principal} />
                    </TableCell>
                    <TableCell>
                      {namespace && (
                        <Where cluster={cluster} namespace={namespace} />
                      )}
                    </TableCell>
                    <TableCell>
                      {levelLabel(grant.level, grant.role)}
                      <Typography
                        variant="caption"
                        display="block"
                        color="textSecondary"
                      >
                        {grant.role}
                      </Typography>
                    </TableCell>
                    <TableCell>{SOURCE_LABELS[grant.source]}</TableCell>
                    <TableCell>
                      {grant.managed ? 'managed' : 'external'}
                    </TableCell>
                    <TableCell>
                      <GrantLifecycle grant={grant} />
                    </TableCell>
                    <TableCell>
                      <ToggleButtonGroup
                        size="small"
                        exclusive
                        value={decision}
                        onChange={(_event, value) => decide(grant.id, value)}
                        aria-label={`Decision for ${principalLabel(grant)} ${
                          grant.level
                        } on ${cluster}/${namespace}`}
                      >
                        <ToggleButton value="keep" disabled={busy}>
                          Keep
                        </ToggleButton>
                        <ToggleButton value="revoke" disabled={busy}>
                          Revoke
                        </ToggleButton>
                      </ToggleButtonGroup>
                      {!grant.managed && decision === 'revoke' && (
                        <Typography
                          variant="caption"
                          display="block"
                          color="textSecondary"
                        >
                          Made outside aks-access: the backend will refuse to
                          revoke it
                        </Typography>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </FixedColumnsTable>
        )}
        <Box mt={2} display="flex" style={{ gap: 8 }}>
          <Button
            variant="outlined"
            color="primary"
            disabled={rows.length === 0 || busy}
            onClick={() => runPlan(decisions)}
          >
            Plan
          </Button>
          <Button
            variant="contained"
            color="primary"
            disabled={!current || busy}
            onClick={() => current && confirm(current)}
          >
            Confirm
          </Button>
        </Box>
        {shown?.error && (
          <Box mt={2}>
            <Alert severity="error">{serverMessage(shown.error)}</Alert>
          </Box>
        )}
        {current?.response && (
          <Box mt={2} aria-label="Review plan" role="region">
            <Typography variant="body2">
              Dry run:{' '}
              {revokeCount(current.decisions) === 0
                ? `all ${current.decisions.length} grants are kept and marked reviewed.`
                : `${revokeCount(current.decisions)} of ${
                    current.decisions.length
                  } grants are revoked, the others kept and marked reviewed.`}
            </Typography>
            <ChangePlan
              changes={current.response.changes}
              emptyText="Nothing to change in the clusters."
            />
          </Box>
        )}
        {confirmation.error && (
          <Box mt={2}>
            <Alert severity="error">{serverMessage(confirmation.error)}</Alert>
          </Box>
        )}
        {confirmation.value && !confirmation.loading && !shown && (
          <Box mt={2}>
            <Alert severity="success" role="status">
              Reviewed: {summary(confirmation.value)}.
            </Alert>
          </Box>
        )}
      </InfoCard>
    </Box>
  );
};

function revokeCount(decisions: Decisions): number {
  return decisions.filter(d => d.decision === 'revoke').length;
}
