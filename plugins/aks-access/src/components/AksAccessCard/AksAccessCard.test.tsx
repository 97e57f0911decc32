import { screen } from '@testing-library/react';
import {
  fakeAksAccessApi,
  responseError,
} from '../../__testUtils__/fakeAksAccessApi';
import { access } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { AksAccessCard } from './AksAccessCard';

describe('AksAccessCard', () => {
  it('sums up namespaces, writers, identity health and the worst finding', async () => {
    await renderWithApis(<AksAccessCard />);
    expect(await screen.findByText('1 of 2 healthy')).toBeInTheDocument();
    // team-payments (twice, one principal), team-checkout and platform-admins.
    expect(
      screen.getByText('Principals with write or higher').closest('tr'),
    ).toHaveTextContent('3');
    expect(screen.getByText('Namespaces').closest('tr')).toHaveTextContent('2');
    // The service's own worst finding, ahead of the cluster's critical one.
    expect(
      screen.getByText('high: settlement cannot reach Azure'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /Who has access/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/aks-access',
    );
  });

  it('counts overdue reviews on a line of their own, never as the worst finding', async () => {
    const api = fakeAksAccessApi({
      getEntityAccess: async () => ({
        ...access,
        findings: [
          {
            id: 'f-overdue',
            severity: 'critical' as const,
            kind: 'review-overdue' as const,
            cluster: 'aks-dev-weu',
            namespace: 'payments-api',
            title: 'Access review overdue',
            detail: '',
            remediation: '',
          },
          ...access.findings,
        ],
      }),
    });
    await renderWithApis(<AksAccessCard />, { api });
    expect(
      (await screen.findByText('Grants due for review')).closest('tr'),
    ).toHaveTextContent('1');
    expect(
      screen.getByText('high: settlement cannot reach Azure'),
    ).toBeInTheDocument();
  });

  it("falls back to the clusters' worst finding, marked as the cluster's", async () => {
    const api = fakeAksAccessApi({
      getEntityAccess: async () => ({
        ...access,
        findings: access.findings.filter(f => !f.namespace),
      }),
    });
    await renderWithApis(<AksAccessCard />, { api });
    expect(
      await screen.findByText(
        'critical: team-checkout holds cluster-admin (cluster)',
      ),
    ).toBeInTheDocument();
  });

  it("counts identities healthy by the backend's verdict, and cluster-wide writers once", async () => {
    const [healthy, broken] = access.identities;
    const api = fakeAksAccessApi({
      getEntityAccess: async () => ({
        ...access,
        identities: [
          healthy,
          // Its FIC matches, but the backend found the cluster link broken.
          {
            ...healthy,
            serviceAccount: 'worker',
            health: {
              status: 'broken' as const,
              reasons: [
                {
                  link: 'cluster' as const,
                  message: 'aks-prod-weu has no OIDC issuer',
                },
              ],
            },
          },
          { ...broken, health: { status: 'unknown' as const, reasons: [] } },
        ],
      }),
    });
    await renderWithApis(<AksAccessCard />, { api });
    expect(await screen.findByText('1 of 3 healthy')).toBeInTheDocument();
    expect(
      screen.getByText('Principals with write or higher').closest('tr'),
    ).toHaveTextContent('3');
  });

  it('says so when the viewer may not read the access view', async () => {
    const error = await responseError(403, 'Forbidden');
    const api = fakeAksAccessApi({
      getEntityAccess: () => Promise.reject(error),
    });
    await renderWithApis(<AksAccessCard />, { api });
    expect(
      await screen.findByText(
        'You may not see who has access to this component',
      ),
    ).toBeInTheDocument();
  });
});
