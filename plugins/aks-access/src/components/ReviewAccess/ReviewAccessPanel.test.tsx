import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeAksAccessApi,
  responseError,
} from '../../__testUtils__/fakeAksAccessApi';
import { access, timeBoundGrant } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { ReviewAccessPanel } from './ReviewAccessPanel';
import { localTime } from '../../timeFormat';

const namespaces = [
  {
    ...access.namespaces[0],
    grants: [...access.namespaces[0].grants, timeBoundGrant],
  },
  access.namespaces[1],
];

const KEEP_ALL = [
  { grantId: 'grant-team-payments-write', decision: 'keep' },
  { grantId: 'grant-legacy-readers', decision: 'keep' },
  { grantId: 'grant-azure-writer', decision: 'keep' },
];

async function renderReview(api = fakeAksAccessApi()) {
  const onChanged = jest.fn();
  await renderWithApis(
    <ReviewAccessPanel namespaces={namespaces} onChanged={onChanged} />,
    { api },
  );
  return { api, onChanged };
}

const decisionFor = (name: string) =>
  screen.getByRole('group', { name: `Decision for ${name}` });

async function choose(name: string, decision: 'Keep' | 'Revoke') {
  await userEvent.click(
    within(decisionFor(name)).getByRole('button', { name: decision }),
  );
}

describe('ReviewAccessPanel', () => {
  it('lists the standing namespace grants, managed or not, each kept by default', async () => {
    await renderReview();
    const table = await screen.findByRole('table', {
      name: 'Grants to review',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    // Not the time-bound grant, nor the cluster-wide ones.
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('external');
    expect(rows[1]).toHaveTextContent('review overdue');
    expect(rows[1]).toHaveTextContent('Never reviewed');
    expect(rows[0]).toHaveTextContent(
      `Last reviewed ${localTime('2026-10-01T09:00:00.000Z')} by carol`,
    );
    expect(
      within(
        decisionFor('team-payments write on aks-dev-weu/payments-api'),
      ).getByRole('button', { name: 'Keep' }),
    ).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: 'Confirm' })).toBeDisabled();
  });

  it('plans as a dry run, shows the planned revokes, then confirms and refreshes', async () => {
    const api = fakeAksAccessApi({
      reviewGrants: jest.fn(async ({ decisions, dryRun }) => ({
        results: decisions.map(d => ({
          ...d,
          outcome: dryRun ? ('planned' as const) : ('revoked' as const),
        })),
        changes: decisions
          .filter(d => d.decision === 'revoke')
          .map(() => ({
            target: 'kubernetes' as const,
            cluster: 'aks-dev-weu',
            kind: 'RoleBinding',
            namespace: 'payments-api',
            name: 'aks-access-write-3f1c6a1e',
            action: 'delete' as const,
          })),
      })),
    });
    const { onChanged } = await renderReview(api);
    await choose('team-payments write on aks-dev-weu/payments-api', 'Revoke');
    await userEvent.click(screen.getByRole('button', { name: 'Plan' }));

    const plan = await screen.findByRole('region', { name: 'Review plan' });
    expect(
      within(plan).getByText(
        'delete RoleBinding payments-api/aks-access-write-3f1c6a1e on aks-dev-weu',
      ),
    ).toBeInTheDocument();
    expect(plan).toHaveTextContent('1 of 3 grants are revoked');
    const decisions = [
      { grantId: 'grant-team-payments-write', decision: 'revoke' },
      ...KEEP_ALL.slice(1),
    ];
    expect(api.reviewGrants).toHaveBeenCalledWith({ decisions, dryRun: true });

    await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(api.reviewGrants).toHaveBeenLastCalledWith({ decisions });
    expect(api.reviewGrants).toHaveBeenCalledTimes(2);
  });

  it('keeps everything when nothing is changed', async () => {
    const { api, onChanged } = await renderReview();
    await userEvent.click(screen.getByRole('button', { name: 'Plan' }));
    const plan = await screen.findByRole('region', { name: 'Review plan' });
    expect(plan).toHaveTextContent('all 3 grants are kept and marked reviewed');
    expect(plan).toHaveTextContent('Nothing to change in the clusters.');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(api.reviewGrants).toHaveBeenLastCalledWith({ decisions: KEEP_ALL });
    // Carried out once: the same plan cannot be confirmed again.
    expect(
      await screen.findByText('Reviewed: 3 kept, 0 revoked.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Confirm' })).toBeDisabled();
  });

  it('drops the plan when a decision changes after it', async () => {
    await renderReview();
    await userEvent.click(screen.getByRole('button', { name: 'Plan' }));
    await screen.findByRole('region', { name: 'Review plan' });
    expect(screen.getByRole('button', { name: 'Confirm' })).toBeEnabled();
    await choose(
      '9d2b7c44-0000-4000-8000-0000000000ff read on aks-dev-weu/payments-api',
      'Revoke',
    );
    expect(
      screen.queryByRole('region', { name: 'Review plan' }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Confirm' })).toBeDisabled();
  });

  it("shows the backend's refusal to revoke an external grant", async () => {
    const message =
      'RoleBinding payments-api/legacy-readers on aks-dev-weu cannot be revoked from Backstage: it was made outside aks-access (kubectl, GitOps or the cluster administrators); change it there, or keep it';
    const error = await responseError(
      409,
      'Conflict',
      message,
      'ConflictError',
    );
    const api = fakeAksAccessApi({
      reviewGrants: jest.fn(async () => Promise.reject(error)),
    });
    await renderReview(api);
    await choose(
      '9d2b7c44-0000-4000-8000-0000000000ff read on aks-dev-weu/payments-api',
      'Revoke',
    );
    expect(
      screen.getByText(/Made outside aks-access: the backend will refuse/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Plan' }));
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Confirm' })).toBeDisabled();
  });
});
