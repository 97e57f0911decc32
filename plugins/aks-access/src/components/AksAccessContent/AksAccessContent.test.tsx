import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeAksAccessApi,
  responseError,
} from '../../__testUtils__/fakeAksAccessApi';
import { access, ownerViewer } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { AksAccessContent } from './AksAccessContent';

// Whole-tab renders with several clicks each: on CI's two busy cores one took over jest's 5 s default.
jest.setTimeout(30_000);

describe('AksAccessContent', () => {
  it('shows progress while the access view loads', async () => {
    const api = fakeAksAccessApi({
      getEntityAccess: () => new Promise(() => {}),
    });
    await renderWithApis(<AksAccessContent />, { api });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('opens on Access: the summary strip, the section navigation, the namespaces and the grants', async () => {
    const api = fakeAksAccessApi();
    await renderWithApis(<AksAccessContent />, { api });

    expect(api.getEntityAccess).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
    expect(api.getEntityViewer).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
    const summary = await screen.findByRole('region', { name: 'Summary' });
    expect(summary).toHaveTextContent('Your accesswrite');
    expect(summary).toHaveTextContent('on 1 of 2 namespaces');
    expect(summary).toHaveTextContent('3 groups and users');
    expect(summary).toHaveTextContent('2 in this service');
    // Not an approver: no pending count.
    expect(summary).not.toHaveTextContent('Pending requests');
    expect(
      within(screen.getByRole('tablist', { name: 'AKS access sections' }))
        .getAllByRole('tab')
        .map(t => t.textContent),
    ).toEqual(['Access', 'Requests', 'Identities', 'Findings', 'Check access']);
    expect(screen.getByRole('tab', { name: 'Access' })).toHaveAttribute(
      'aria-selected',
      'true',
    );

    const namespaces = await screen.findByRole('table', { name: 'Namespaces' });
    expect(within(namespaces).getAllByText('payments-api')).toHaveLength(2);
    expect(
      await within(namespaces).findByText('Local accounts enabled'),
    ).toBeInTheDocument();
    expect(within(namespaces).getByText('Azure RBAC')).toBeInTheDocument();
    expect(
      within(namespaces).getByText(
        'quota cpu 2000m/4000m, memory 4Gi/8Gi · ingress AllowSameNamespace, egress AllowAll · adoption IfIdentical · delete Keep',
      ),
    ).toBeInTheDocument();
    expect(within(namespaces).getByText('You have')).toHaveTextContent(
      'You have write',
    );
    expect(
      within(namespaces).getAllByTestId('aks-access-request-button'),
    ).toHaveLength(1);

    const table = screen.getByTestId('aks-access-table');
    expect(within(table).getAllByText('team-payments')).toHaveLength(2);
    expect(
      within(table).getByRole('button', { name: 'Cluster-wide access (3)' }),
    ).toHaveAttribute('aria-expanded', 'false');
    // A non-owner reviews nothing.
    expect(
      screen.queryByRole('button', { name: 'Review access' }),
    ).not.toBeInTheDocument();
  });

  it('opens a section from the URL, and the navigation changes it', async () => {
    await renderWithApis(<AksAccessContent />, {
      routeEntries: ['/?section=identities'],
    });
    const healthy = await screen.findByRole('region', {
      name: 'Workload identity aks-prod-weu/payments-api/payments-api',
    });
    expect(within(healthy).getByText('matches')).toBeInTheDocument();
    const broken = screen.getByRole('region', {
      name: 'Workload identity aks-prod-weu/payments-api/settlement',
    });
    expect(
      within(broken).getByText(
        'No federated credential on id-settlement matches: token exchange fails with AADSTS70021',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('aks-access-table')).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('tab', { name: 'Findings' }));
    const panel = screen.getByRole('tabpanel', { name: 'Findings' });
    expect(
      within(panel)
        .getAllByRole('heading', { level: 3 })
        .map(h => h.textContent),
    ).toEqual(['This service', 'Cluster (platform team)']);
    expect(
      within(screen.getByRole('list', { name: 'This service' }))
        .getAllByRole('listitem')
        .map(f => f.textContent),
    ).toEqual([
      expect.stringMatching(/^HIGH: settlement cannot reach Azure/),
      expect.stringMatching(/^LOW: Identity id-payments-api has 16 of 20/),
    ]);
    expect(
      within(
        screen.getByRole('list', { name: 'Cluster (platform team)' }),
      ).getByRole('listitem'),
    ).toHaveTextContent(
      /^CRITICAL: team-checkout holds cluster-admin.*To fix: kubectl delete/,
    );
  });

  it('lists the backend’s sensitive-permission findings under this service, and asks who can from Check access', async () => {
    const api = fakeAksAccessApi({
      getEntitySensitivePermissions: jest.fn(async () => ({
        entityRef: access.entityRef,
        findings: [
          {
            id: 'over-broad:aks-dev-neu:payments-api:read-secrets:rb',
            severity: 'high' as const,
            kind: 'over-broad' as const,
            cluster: 'aks-dev-neu',
            namespace: 'payments-api',
            title: 'Contractors can read Secrets in payments-api',
            detail: 'Contractors read every Secret in payments-api.',
            remediation: 'Bind view instead of edit.',
          },
        ],
        expected: [],
        generatedAt: '2026-11-28T10:00:00.000Z',
      })),
    });
    await renderWithApis(<AksAccessContent />, {
      api,
      routeEntries: ['/?section=findings'],
    });
    expect(
      await within(
        await screen.findByRole('list', { name: 'This service' }),
      ).findByText(/Contractors can read Secrets in payments-api/),
    ).toBeInTheDocument();
    expect(api.getEntitySensitivePermissions).toHaveBeenCalledWith(
      access.entityRef,
      {},
    );

    await userEvent.click(screen.getByRole('tab', { name: 'Check access' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Who can read Secrets?' }),
    );
    await waitFor(() =>
      expect(api.getEntityWhoCan).toHaveBeenCalledWith(access.entityRef, {
        verb: 'get',
        resource: 'secrets',
      }),
    );
  });

  it('gives a non-owner "Request temporary access" as the primary action, on what the backend allows', async () => {
    const api = fakeAksAccessApi();
    await renderWithApis(<AksAccessContent />, { api });
    await userEvent.click(
      await screen.findByTestId('aks-access-primary-action'),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'Request temporary access to aks-prod-weu/payments-api',
    );
    expect(within(dialog).getByLabelText(/^For/)).toHaveValue(
      'group:default/team-payments',
    );
    expect(
      screen.queryByRole('button', { name: 'Give a group access' }),
    ).not.toBeInTheDocument();
  });

  it('shows an approver the pending count, and Requests in one click with Approve', async () => {
    const api = fakeAksAccessApi({
      getEntityViewer: jest.fn(async () => ownerViewer),
    });
    await renderWithApis(<AksAccessContent />, { api });
    const tab = await screen.findByRole('tab', { name: 'Requests (1)' });
    expect(screen.getByRole('region', { name: 'Summary' })).toHaveTextContent(
      '1 to decide',
    );
    await userEvent.click(tab);
    const requests = await screen.findByTestId('aks-access-requests');
    expect(
      await within(requests).findByRole('button', { name: /^Approve alice/ }),
    ).toBeInTheDocument();
    expect(
      await within(screen.getByTestId('aks-access-my-requests')).findByRole(
        'table',
        { name: 'My requests' },
      ),
    ).toBeInTheDocument();
  });

  it('refreshes the access view, the viewer and the request lists after a request is cancelled', async () => {
    const api = fakeAksAccessApi();
    await renderWithApis(<AksAccessContent />, {
      api,
      routeEntries: ['/?section=requests'],
    });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Cancel the request for write on aks-dev-weu/payments-api',
      }),
    );
    // The strip's list, the Requests list and My requests, twice each.
    await waitFor(() =>
      expect(api.listAccessRequests).toHaveBeenCalledTimes(6),
    );
    expect(api.getEntityAccess).toHaveBeenCalledTimes(2);
    expect(api.getEntityViewer).toHaveBeenCalledTimes(2);
  });

  it('lets an owner open the review from Access, and from an overdue review finding', async () => {
    const api = fakeAksAccessApi({
      getEntityViewer: jest.fn(async () => ownerViewer),
      getEntityAccess: jest.fn(async () => ({
        ...access,
        findings: [
          ...access.findings,
          {
            id: 'f-overdue',
            severity: 'medium' as const,
            kind: 'review-overdue' as const,
            cluster: 'aks-dev-weu',
            namespace: 'payments-api',
            title: 'Access review overdue: 9d2b7c44 (read) in payments-api',
            detail: 'its review was due on 2026-06-01 (never reviewed).',
            remediation:
              'Open Review access on this tab: keep the grant if it is still needed, or revoke it.',
          },
        ],
      })),
    });
    await renderWithApis(<AksAccessContent />, { api });
    const toggle = await screen.findByRole('button', { name: 'Review access' });
    expect(screen.queryByTestId('aks-access-review')).not.toBeInTheDocument();
    await userEvent.click(toggle);
    expect(
      within(screen.getByTestId('aks-access-review')).getByRole('table', {
        name: 'Grants to review',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Review access' }),
    ).toHaveAttribute('aria-pressed', 'true');

    await userEvent.click(screen.getByRole('tab', { name: 'Findings' }));
    const panel = screen.getByRole('tabpanel', { name: 'Findings' });
    // One line for the review, not the backend's API text.
    expect(panel).toHaveTextContent('1 grant is overdue for its access review');
    expect(panel).not.toHaveTextContent('/api/aks-access');
    await userEvent.click(
      within(panel).getByRole('button', { name: 'Review access' }),
    );
    expect(await screen.findByTestId('aks-access-review')).toBeInTheDocument();
  });

  it('gives owners the templates, prefilled with the entity', async () => {
    await renderWithApis(<AksAccessContent />, {
      api: fakeAksAccessApi({
        getEntityViewer: jest.fn(async () => ownerViewer),
      }),
    });
    const give = await screen.findByRole('button', {
      name: 'Give a group access',
    });
    const href = new URL(give.getAttribute('href')!, 'http://app');
    expect(href.pathname).toBe('/create/templates/default/aks-request-access');
    expect(JSON.parse(href.searchParams.get('formData')!)).toEqual({
      entityRef: 'component:default/payments-api',
    });
    expect(
      screen.getByRole('button', { name: 'Federate a workload identity' }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining(
        '/create/templates/default/aks-federate-workload-identity?formData=',
      ),
    );
    expect(
      screen.queryByTestId('aks-access-primary-action'),
    ).not.toBeInTheDocument();
  });

  it('names the unreachable cluster and since when, and still shows the rest', async () => {
    const api = fakeAksAccessApi({
      getEntityAccess: async () => ({
        ...access,
        namespaces: access.namespaces.slice(0, 1),
        clusterGrants: access.clusterGrants.slice(0, 1),
        clusters: [
          { name: 'aks-dev-weu', status: { reachable: true } },
          {
            name: 'aks-prod-weu',
            status: {
              reachable: false,
              since: '2026-11-28T09:00:00.000Z',
              error: 'connect ECONNREFUSED',
            },
          },
        ],
      }),
    });
    await renderWithApis(<AksAccessContent />, { api });
    expect(await screen.findByText(/Partial answer/)).toBeInTheDocument();
    const since = new Date('2026-11-28T09:00:00.000Z').toLocaleString();
    expect(
      screen.getByText(
        `aks-prod-weu is unreachable since ${since}: connect ECONNREFUSED`,
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('aks-access-table')).toBeInTheDocument();
  });

  it('offers the onboarding template when the entity has no namespaces', async () => {
    const api = fakeAksAccessApi({
      getEntityAccess: async () => ({
        ...access,
        namespaces: [],
        clusterGrants: [],
        identities: [],
        findings: [],
      }),
    });
    await renderWithApis(<AksAccessContent />, { api });
    expect(await screen.findByText('No namespaces yet')).toBeInTheDocument();
    const onboard = screen.getByRole('button', { name: 'Onboard a namespace' });
    const href = new URL(onboard.getAttribute('href')!, 'http://app');
    expect(href.pathname).toBe(
      '/create/templates/default/aks-onboard-namespace',
    );
    expect(JSON.parse(href.searchParams.get('formData')!)).toEqual({
      entityRef: 'component:default/payments-api',
      owner: 'group:default/team-payments',
    });
  });

  it('says so when the viewer may not read the entity access (403)', async () => {
    const error = await responseError(403, 'Forbidden');
    const api = fakeAksAccessApi({
      getEntityAccess: async () => Promise.reject(error),
    });
    await renderWithApis(<AksAccessContent />, { api });
    expect(
      await screen.findByText(
        'You may not see who has access to this component',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('aks-access-table')).not.toBeInTheDocument();
  });

  it('shows other errors as they are', async () => {
    const error = await responseError(500, 'Internal Server Error');
    const api = fakeAksAccessApi({
      getEntityAccess: async () => Promise.reject(error),
    });
    await renderWithApis(<AksAccessContent />, { api });
    expect(
      await screen.findByText(/Request failed with 500/),
    ).toBeInTheDocument();
  });
});
