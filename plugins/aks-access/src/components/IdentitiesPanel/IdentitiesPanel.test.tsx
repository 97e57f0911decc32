import type { WorkloadIdentity } from '@aks-access/plugin-aks-access-common';
import { screen, within } from '@testing-library/react';
import { access, PAYMENTS_API_REF } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { IdentitiesPanel } from './IdentitiesPanel';

const [healthy] = access.identities;

/** The healthy identity's chain, with the health the backend gives it. */
const withHealth = (
  serviceAccount: string,
  health: WorkloadIdentity['health'],
): WorkloadIdentity => ({ ...healthy, serviceAccount, health });

const region = (serviceAccount: string) =>
  screen.getByRole('region', {
    name: `Workload identity aks-prod-weu/payments-api/${serviceAccount}`,
  });

const repairLink = (serviceAccount: string) =>
  within(region(serviceAccount)).queryByRole('link', {
    name: 'Repair with the federation template',
  });

describe('IdentitiesPanel', () => {
  it('shows the health the backend computed, with its reasons, not one of its own', async () => {
    await renderWithApis(
      <IdentitiesPanel
        entityRef={PAYMENTS_API_REF}
        identities={[
          // Every FIC check passed, yet the backend says broken: the cluster
          // link is one the UI cannot see, so only the backend's word counts.
          withHealth('cluster-off', {
            status: 'broken',
            reasons: [
              {
                link: 'cluster',
                message:
                  'aks-prod-weu has the workload identity webhook disabled, so its pods get no Azure token',
                findingId:
                  'broken-link:aks-prod-weu:payments-api:cluster-off:cluster',
              },
            ],
          }),
          withHealth('no-identity', {
            status: 'broken',
            reasons: [
              {
                link: 'identity',
                message:
                  'No managed identity has client ID client-healthy, the one the ServiceAccount is annotated with',
                findingId:
                  'broken-link:aks-prod-weu:payments-api:no-identity:identity',
              },
            ],
          }),
          withHealth('unread', {
            status: 'unknown',
            reasons: [
              {
                link: 'fic',
                message:
                  'Could not read the federated credentials of id-payments-api: 503 Service Unavailable',
              },
            ],
          }),
          healthy,
        ]}
      />,
    );

    expect(
      within(region('cluster-off')).getByText(
        'aks-prod-weu has the workload identity webhook disabled, so its pods get no Azure token',
      ),
    ).toBeInTheDocument();
    // Federating again cannot turn the cluster's webhook on.
    expect(repairLink('cluster-off')).not.toBeInTheDocument();

    expect(
      within(region('no-identity')).getByText(
        'No managed identity has client ID client-healthy, the one the ServiceAccount is annotated with',
      ),
    ).toBeInTheDocument();
    expect(repairLink('no-identity')).toHaveAttribute(
      'href',
      expect.stringContaining('aks-federate-workload-identity'),
    );

    expect(
      within(region('unread')).getByText(
        'Could not read the federated credentials of id-payments-api: 503 Service Unavailable',
      ),
    ).toBeInTheDocument();
    expect(repairLink('unread')).not.toBeInTheDocument();

    expect(
      within(region('payments-api')).getByText('matches'),
    ).toBeInTheDocument();
    expect(repairLink('payments-api')).not.toBeInTheDocument();
  });

  it("shows each FIC's mismatches as the backend worded them", async () => {
    await renderWithApis(
      <IdentitiesPanel
        entityRef={PAYMENTS_API_REF}
        identities={access.identities}
      />,
    );
    const broken = region('settlement');
    expect(
      within(broken).getByText(
        'subject is system:serviceaccount:payments-api:default, expected system:serviceaccount:payments-api:settlement',
      ),
    ).toBeInTheDocument();
    expect(within(broken).queryByText('matches')).not.toBeInTheDocument();
    expect(repairLink('settlement')).toBeInTheDocument();
  });
});
