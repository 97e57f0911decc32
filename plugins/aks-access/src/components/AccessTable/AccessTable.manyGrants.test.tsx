import type {
  EntityAccessResponse,
  Grant,
  GrantLevel,
  NamespaceAccess,
} from '@aks-access/plugin-aks-access-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { chooseFilter } from '../../__testUtils__/chooseFilter';
import { fakeAksAccessApi } from '../../__testUtils__/fakeAksAccessApi';
import { access } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { AksAccessContent } from '../AksAccessContent/AksAccessContent';

/*
 * The "the tab renders 2,000 grants without freezing the page": the
 * tab is rendered with an access view of 2,000 grants, and only one page of
 * rows reaches the DOM while the filters and the search still work on all of
 * them. No timings here: the DOM size is what keeps the page responsive.
 */

const GRANTS = 2000;
const CLUSTERS = ['aks-dev-weu', 'aks-prod-weu'];
const NAMESPACES_PER_CLUSTER = 10;
const LEVELS: GrantLevel[] = ['read', 'write', 'admin', 'custom'];

const pad = (i: number) => String(i).padStart(4, '0');

/** Grant i: user-000i, on cluster i % 2, level i % 4; namespace-scoped, so one row each. */
function manyGrantsAccess(): EntityAccessResponse {
  const namespaces: NamespaceAccess[] = CLUSTERS.flatMap(cluster =>
    Array.from({ length: NAMESPACES_PER_CLUSTER }, (_, n) => ({
      cluster,
      namespace: `payments-api-${n}`,
      grants: [] as Grant[],
    })),
  );
  for (let i = 0; i < GRANTS; i++) {
    const cluster = i % CLUSTERS.length;
    const namespace = Math.floor(i / CLUSTERS.length) % NAMESPACES_PER_CLUSTER;
    const azure = cluster === 1;
    namespaces[cluster * NAMESPACES_PER_CLUSTER + namespace].grants.push({
      id: `grant-${pad(i)}`,
      principal: {
        kind: 'User',
        id: `00000000-0000-4000-8000-00000000${pad(i)}`,
        displayName: `user-${pad(i)}`,
        entityRef: `user:default/user-${pad(i)}`,
      },
      level: LEVELS[i % LEVELS.length],
      role: azure ? 'Azure Kubernetes Service RBAC Reader' : 'view',
      source: azure ? 'AzureRoleAssignment' : 'RoleBinding',
      scope: 'namespace',
      managed: i % 3 === 0,
    });
  }
  return { ...access, namespaces, clusterGrants: [] };
}

const table = () => screen.getByTestId('aks-access-table');

// Body rows only: material-table puts its pagination in a row too.
const rowTexts = () =>
  Array.from(table().querySelectorAll('tbody > tr')).map(
    row => row.textContent ?? '',
  );

// material-table's "{from}-{to} of {count}" (it renders one caption per
// breakpoint; they must agree).
const pageRange = () => {
  const captions = within(table())
    .getAllByText(/^\d+-\d+ of \d+$/)
    .map(caption => caption.textContent);
  expect(new Set(captions).size).toBe(1);
  return captions[0];
};

// material-table renders slowly in jsdom; the flows below click through it.
jest.setTimeout(60_000);

describe('AccessTable with 2,000 grants', () => {
  it('puts one page of 20 rows in the DOM, and filters and searches all 2,000', async () => {
    const api = fakeAksAccessApi({
      getEntityAccess: jest.fn(async () => manyGrantsAccess()),
    });
    await renderWithApis(<AksAccessContent />, { api });
    await screen.findByTestId('aks-access-table');

    expect(rowTexts()).toHaveLength(20);
    expect(rowTexts()[0]).toContain('user-0000');
    expect(pageRange()).toBe('1-20 of 2000');
    // Revoke buttons for the page's managed rows only: the page holds grants
    // 0, 20, …, 380 (aks-dev-weu/payments-api-0); managed are 0, 60, …, 360.
    expect(
      within(table()).getAllByRole('button', { name: /^Revoke / }),
    ).toHaveLength(7);

    // The next page swaps the rows rather than adding to them.
    fireEvent.click(within(table()).getByRole('button', { name: 'Next Page' }));
    expect(pageRange()).toBe('21-40 of 2000');
    expect(rowTexts()).toHaveLength(20);
    expect(rowTexts().join('\n')).not.toContain('user-0000');

    // The search reaches a grant far from the page on screen.
    fireEvent.change(screen.getByLabelText('Search principal'), {
      target: { value: 'user-1999' },
    });
    await waitFor(() =>
      expect(rowTexts()).toEqual([expect.stringContaining('user-1999')]),
    );
    expect(rowTexts()[0]).toContain('payments-api-9on aks-prod-weu');
    // Back to the first page, which is the only one now.
    expect(pageRange()).toBe('1-1 of 1');

    // The filters count over the full set: half the grants are on each cluster.
    fireEvent.change(screen.getByLabelText('Search principal'), {
      target: { value: '' },
    });
    await chooseFilter('Cluster', 'aks-prod-weu');
    expect(pageRange()).toBe('1-20 of 1000');
    expect(rowTexts()).toHaveLength(20);
    expect(rowTexts().every(row => row.includes('on aks-prod-weu'))).toBe(true);

    // Clusters follow i % 2 and levels i % 4: odd i, on aks-prod-weu, are
    // write (i % 4 = 1) or custom (i % 4 = 3), 500 each.
    await chooseFilter('Level', 'write');
    expect(pageRange()).toBe('1-20 of 500');
    await chooseFilter('Level', 'custom');
    expect(pageRange()).toBe('1-20 of 500');
    expect(rowTexts().every(row => row.includes('custom'))).toBe(true);

    // A search within the filtered set.
    fireEvent.change(screen.getByLabelText('Search principal'), {
      target: { value: 'user-19' },
    });
    // user-19xx with i odd and i % 4 = 3: 1903, 1907, …, 1999 → 25 grants.
    await waitFor(() => expect(pageRange()).toBe('1-20 of 25'));
    expect(rowTexts()).toHaveLength(20);
  });
});
