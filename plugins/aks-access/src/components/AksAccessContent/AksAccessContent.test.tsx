import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeAksAccessApi,
  responseError,
} from '../../__testUtils__/fakeAksAccessApi';
import { access } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { AksAccessContent } from './AksAccessContent';

describe('AksAccessContent', () => {
  it('shows progress while the access view loads', async () => {
    const api = fakeAksAccessApi({
      getEntityAccess: () => new Promise(() => {}),
    });
    await renderWithApis(<AksAccessContent />, { api });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows namespaces with posture, grants, identities and findings', async () => {
    const api = fakeAksAccessApi();
    await renderWithApis(<AksAccessContent />, { api });

    expect(api.getEntityAccess).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
    const namespaces = await screen.findByRole('table', { name: 'Namespaces' });
    expect(within(namespaces).getAllByText('payments-api')).toHaveLength(2);
    expect(
      await within(namespaces).findByText('Local accounts enabled'),
    ).toBeInTheDocument();
    expect(within(namespaces).getByText('Azure RBAC')).toBeInTheDocument();
    // What ARM holds of a managed namespace, as the backend sent it.
    expect(
      within(namespaces).getByText('AKS managed namespace'),
    ).toBeInTheDocument();
    expect(
      within(namespaces).getByText(
        'quota cpu 2000m/4000m, memory 4Gi/8Gi · ingress AllowSameNamespace, egress AllowAll · adoption IfIdentical · delete Keep',
      ),
    ).toBeInTheDocument();

    const table = screen.getByTestId('aks-access-table');
    expect(within(table).getAllByText('team-payments')).toHaveLength(3);
    expect(
      within(table).getByText(/Not in the catalog: Entra Group object ID/),
    ).toBeInTheDocument();
    expect(within(table).getAllByText('cluster-wide')).toHaveLength(3);

    const healthy = screen.getByRole('region', {
      name: 'Workload identity aks-prod-weu/payments-api/payments-api',
    });
    expect(within(healthy).getByText('matches')).toBeInTheDocument();
    expect(
      within(healthy).getByText(/Key Vault Secrets User on/),
    ).toBeInTheDocument();
    const broken = screen.getByRole('region', {
      name: 'Workload identity aks-prod-weu/payments-api/settlement',
    });
    // The backend's verdict and its words, as it sent them.
    expect(
      within(broken).getByText(
        'No federated credential on id-settlement matches: token exchange fails with AADSTS70021',
      ),
    ).toBeInTheDocument();
    expect(
      within(broken).getByText(
        'subject is system:serviceaccount:payments-api:default, expected system:serviceaccount:payments-api:settlement',
      ),
    ).toBeInTheDocument();
    expect(
      within(broken).getByRole('link', {
        name: 'Repair with the federation template',
      }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining('aks-federate-workload-identity'),
    );

    const findings = within(
      screen.getByRole('list', { name: 'Findings' }),
    ).getAllByRole('listitem');
    expect(findings.map(f => f.textContent)).toEqual([
      expect.stringMatching(
        /^CRITICAL: team-checkout holds cluster-admin.*Fix: kubectl delete/,
      ),
      expect.stringMatching(/^HIGH: settlement cannot reach Azure/),
      expect.stringMatching(
        /^LOW: Identity id-payments-api has 16 of 20 federated credentials/,
      ),
    ]);
  });

  it('shows the requests, my requests and a request button per namespace the viewer cannot reach', async () => {
    const api = fakeAksAccessApi();
    await renderWithApis(<AksAccessContent />, { api });
    const requests = await screen.findByTestId('aks-access-requests');
    expect(
      await within(requests).findByRole('table', { name: 'Pending requests' }),
    ).toBeInTheDocument();
    expect(api.listAccessRequests).toHaveBeenCalledWith({
      entityRef: 'component:default/payments-api',
    });
    const mine = screen.getByTestId('aks-access-my-requests');
    expect(
      await within(mine).findByRole('table', { name: 'My requests' }),
    ).toBeInTheDocument();
    expect(
      await screen.findAllByTestId('aks-access-request-button'),
    ).toHaveLength(2);
  });

  it('refreshes the access view and both request lists after a request is cancelled', async () => {
    const api = fakeAksAccessApi();
    await renderWithApis(<AksAccessContent />, { api });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Cancel the request for write on aks-dev-weu/payments-api',
      }),
    );
    await waitFor(() =>
      expect(api.listAccessRequests).toHaveBeenCalledTimes(4),
    );
    expect(api.getEntityAccess).toHaveBeenCalledTimes(2);
  });

  it('opens the review of the entity grants from the tab', async () => {
    await renderWithApis(<AksAccessContent />);
    const toggle = await screen.findByRole('button', { name: 'Review access' });
    expect(screen.queryByTestId('aks-access-review')).not.toBeInTheDocument();
    await userEvent.click(toggle);
    const review = screen.getByTestId('aks-access-review');
    expect(
      within(review).getByRole('table', { name: 'Grants to review' }),
    ).toBeInTheDocument();
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(toggle);
    expect(screen.queryByTestId('aks-access-review')).not.toBeInTheDocument();
  });

  it('links to the request-access and federation templates prefilled with the entity', async () => {
    await renderWithApis(<AksAccessContent />);
    const requestAccess = await screen.findByRole('button', {
      name: 'Request access',
    });
    const href = new URL(requestAccess.getAttribute('href')!, 'http://app');
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
