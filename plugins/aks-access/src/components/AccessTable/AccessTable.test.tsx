import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { chooseFilter } from '../../__testUtils__/chooseFilter';
import { fakeAksAccessApi } from '../../__testUtils__/fakeAksAccessApi';
import {
  access,
  clusterAdminGrant,
  externalReadGrant,
  managedWriteGrant,
  PAYMENTS_API_REF,
  timeBoundGrant,
} from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { localTime } from '../../timeFormat';
import { AccessTable } from './AccessTable';

const REVOKE_TEAM_PAYMENTS_DEV =
  'Revoke team-payments write on aks-dev-weu/payments-api';

function renderTable(
  options: Parameters<typeof renderWithApis>[1] = {},
  view: Pick<typeof access, 'namespaces' | 'clusterGrants'> = access,
) {
  const onChanged = jest.fn();
  return renderWithApis(
    <AccessTable
      entityRef={PAYMENTS_API_REF}
      namespaces={view.namespaces}
      clusterGrants={view.clusterGrants}
      onChanged={onChanged}
    />,
    options,
  ).then(() => onChanged);
}

// Body rows only: material-table puts its pagination in a row too. Plain DOM
// queries, because role queries over material-table are slow in jsdom.
const bodyRows = (testId: string) =>
  Array.from(screen.getByTestId(testId).querySelectorAll('tbody > tr')).map(
    row => row.textContent,
  );
const rowTexts = () => bodyRows('aks-namespace-grants');
const clusterRowTexts = () => bodyRows('aks-cluster-grants');

// material-table renders slowly in jsdom; the flows below click through it.
jest.setTimeout(20_000);

describe('AccessTable', () => {
  it('offers Revoke on managed grants only, when the viewer may delete grants', async () => {
    await renderTable();
    await screen.findByRole('button', { name: REVOKE_TEAM_PAYMENTS_DEV });
    // Three managed grants, one of them cluster-wide (the Cluster User Role on
    // prod): Revoke on the RoleBinding on dev and the role assignment on prod.
    expect(screen.getAllByRole('button', { name: /^Revoke / })).toHaveLength(2);
  });

  it('hides Revoke when the permission is denied', async () => {
    // usePermission caches per entity ref across renders, so deny on another entity.
    await renderWithApis(
      <AccessTable
        entityRef="component:default/checkout-web"
        namespaces={access.namespaces}
        clusterGrants={access.clusterGrants}
        onChanged={jest.fn()}
      />,
      { allowed: false },
    );
    await screen.findAllByText('team-payments');
    expect(
      screen.queryByRole('button', { name: /^Revoke / }),
    ).not.toBeInTheDocument();
  });

  it('shows the dry-run plan, then revokes and refreshes', async () => {
    const api = fakeAksAccessApi({
      revokeGrant: jest.fn(async () => ({
        changes: [
          {
            target: 'kubernetes' as const,
            cluster: 'aks-dev-weu',
            kind: 'RoleBinding',
            namespace: 'payments-api',
            name: 'aks-access-write-3f1c6a1e',
            action: 'delete' as const,
          },
        ],
      })),
    });
    const onChanged = await renderTable({ api });

    await userEvent.click(
      await screen.findByRole('button', { name: REVOKE_TEAM_PAYMENTS_DEV }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByText(
        'delete RoleBinding payments-api/aks-access-write-3f1c6a1e on aks-dev-weu',
      ),
    ).toBeInTheDocument();
    expect(api.revokeGrant).toHaveBeenCalledTimes(1);
    expect(api.revokeGrant).toHaveBeenCalledWith('grant-team-payments-write', {
      dryRun: true,
    });

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Confirm revoke' }),
    );
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(api.revokeGrant).toHaveBeenLastCalledWith(
      'grant-team-payments-write',
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('keeps the dialog open with the error when the revoke fails', async () => {
    const api = fakeAksAccessApi({
      revokeGrant: jest.fn(
        async (_id: string, options?: { dryRun?: boolean }) => {
          if (options?.dryRun) return { changes: [] };
          throw new Error('binding changed meanwhile');
        },
      ),
    });
    const onChanged = await renderTable({ api });
    await userEvent.click(
      await screen.findByRole('button', { name: REVOKE_TEAM_PAYMENTS_DEV }),
    );
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByText(
      'Nothing to change: the grant is already gone.',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Confirm revoke' }),
    );
    expect(
      await within(dialog).findByText('binding changed meanwhile'),
    ).toBeInTheDocument();
    expect(onChanged).not.toHaveBeenCalled();
  });

  it('folds the cluster-wide grants, once per cluster as the backend lists them, into one group behind an expander', async () => {
    await renderTable(
      {},
      {
        namespaces: [
          {
            cluster: 'aks-dev-weu',
            namespace: 'payments-api',
            grants: [managedWriteGrant],
          },
          { cluster: 'aks-dev-weu', namespace: 'payments-jobs', grants: [] },
        ],
        clusterGrants: [
          { cluster: 'aks-dev-weu', grants: [clusterAdminGrant] },
        ],
      },
    );
    await screen.findAllByText('team-payments');
    expect(rowTexts()).toEqual([
      expect.stringContaining('payments-apion aks-dev-weu'),
    ]);
    const expander = screen.getByRole('button', {
      name: 'Cluster-wide access (1)',
    });
    expect(expander).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(expander);
    expect(expander).toHaveAttribute('aria-expanded', 'true');
    expect(clusterRowTexts()).toEqual([
      expect.stringMatching(/team-checkout.*cluster-admin.*aks-dev-weu/),
    ]);
    // Not revocable from here: the backend refuses cluster-wide grants.
    expect(screen.getAllByRole('button', { name: /^Revoke / })).toHaveLength(1);
  });

  it('filters by cluster, level and source, and searches by principal', async () => {
    await renderTable();
    await screen.findAllByText('team-payments');
    expect(rowTexts()).toHaveLength(3);
    screen.getByRole('button', { name: 'Cluster-wide access (3)' });

    await chooseFilter('Cluster', 'aks-prod-weu');
    expect(rowTexts()).toHaveLength(1);
    screen.getByRole('button', { name: 'Cluster-wide access (2)' });
    await chooseFilter('Source', 'Admin group');
    expect(rowTexts()).toEqual([
      'No grant in these namespaces matches the filters',
    ]);
    await userEvent.click(
      screen.getByRole('button', { name: 'Cluster-wide access (1)' }),
    );
    expect(clusterRowTexts()).toEqual([
      expect.stringContaining('platform-admins'),
    ]);

    await chooseFilter('Source', 'All');
    await chooseFilter('Level', 'write');
    expect(rowTexts()).toEqual([
      expect.stringContaining('Azure Kubernetes Service RBAC Writer'),
    ]);

    await chooseFilter('Level', 'All');
    await chooseFilter('Cluster', 'All');
    fireEvent.change(screen.getByLabelText('Search principal'), {
      target: { value: '9D2B7C44' },
    });
    expect(rowTexts()).toEqual([expect.stringContaining('Not in the catalog')]);
  });

  it('names the Cluster User Role "sign-in only" and says what a Kubernetes built-in group is', async () => {
    await renderTable(
      {},
      {
        namespaces: [
          {
            cluster: 'aks-dev-weu',
            namespace: 'payments-api',
            grants: [
              {
                ...externalReadGrant,
                id: 'grant-authenticated',
                principal: { kind: 'Group', id: 'system:authenticated' },
              },
            ],
          },
        ],
        clusterGrants: access.clusterGrants,
      },
    );
    expect(
      await screen.findByText(
        'Kubernetes built-in group: everyone who signs in to the cluster',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Not in the catalog/)).not.toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Cluster-wide access (3)' }),
    );
    expect(clusterRowTexts()).toContainEqual(
      expect.stringMatching(
        /sign-in only.*Azure Kubernetes Service Cluster User Role/,
      ),
    );
    expect(clusterRowTexts().join()).not.toContain('custom');
  });

  it('says how long a time-bound grant has left, and when each standing grant is due for review', async () => {
    const expiresAt = new Date(
      Date.now() + (3 * 60 + 59) * 60_000 + 30_000,
    ).toISOString();
    await renderTable(
      {},
      {
        namespaces: [
          {
            cluster: 'aks-dev-weu',
            namespace: 'payments-api',
            grants: [
              { ...timeBoundGrant, expiresAt },
              managedWriteGrant,
              externalReadGrant,
            ],
          },
        ],
        clusterGrants: [],
      },
    );
    await screen.findAllByText('team-payments');
    const [timeBound, reviewed, overdue] = rowTexts();
    expect(timeBound).toContain('ends in 3 h 59 min');
    expect(timeBound).not.toContain('review');
    expect(reviewed).toContain(
      `review due ${localTime(managedWriteGrant.review!.dueAt)}`,
    );
    expect(reviewed).toContain(
      `Last reviewed ${localTime(
        managedWriteGrant.review!.lastReviewedAt!,
      )} by carol`,
    );
    expect(reviewed).not.toContain('review overdue');
    expect(overdue).toContain('review overdue');
    expect(overdue).toContain('Never reviewed');
    for (const row of rowTexts()) {
      expect(row).not.toMatch(/\d{4}-\d\d-\d\dT|user:default/);
    }
  });

  it('lets a Kind/name role wrap after its slash, not inside the name', async () => {
    await renderTable(
      {},
      {
        namespaces: [
          {
            ...access.namespaces[0],
            grants: [{ ...managedWriteGrant, role: 'Role/payments-deployer' }],
          },
        ],
        clusterGrants: [],
      },
    );
    const name = await screen.findByText('payments-deployer');
    expect(name).toHaveStyle({ whiteSpace: 'nowrap' });
    expect(name.parentElement!.innerHTML).toBe(
      'Role/<wbr><span style="white-space: nowrap;">payments-deployer</span>',
    );
  });
});
