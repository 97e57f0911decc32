import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { access, viewer } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { NamespacesPanel } from './NamespacesPanel';

describe('NamespacesPanel', () => {
  it("shows the viewer's level where the backend says they reach, and the request action where they may ask", async () => {
    const onRequest = jest.fn();
    await renderWithApis(
      <NamespacesPanel
        namespaces={access.namespaces}
        viewer={viewer}
        onRequest={onRequest}
      />,
    );
    const rows = within(
      await screen.findByRole('table', { name: 'Namespaces' }),
    ).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('You have write');
    expect(within(rows[1]).queryByRole('button')).not.toBeInTheDocument();
    await userEvent.click(
      within(rows[2]).getByRole('button', {
        name: 'Request temporary access to aks-prod-weu/payments-api',
      }),
    );
    expect(onRequest).toHaveBeenCalledWith('aks-prod-weu/payments-api');
  });

  it('disables the action with the reason where the namespace takes no requests, and words a level outside the three', async () => {
    await renderWithApis(
      <NamespacesPanel
        namespaces={access.namespaces}
        viewer={{
          ...viewer,
          namespaces: [
            { ...viewer.namespaces[0], level: 'custom' },
            {
              cluster: 'aks-prod-weu',
              namespace: 'payments-api',
              request: {
                allowed: false,
                reason:
                  'payments-api on aks-prod-weu was not onboarded through aks-access, so it takes no requests.',
              },
            },
          ],
        }}
        onRequest={jest.fn()}
      />,
    );
    const rows = within(
      await screen.findByRole('table', { name: 'Namespaces' }),
    ).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('You have custom role');
    const button = within(rows[2]).getByRole('button', {
      name: 'Request temporary access to aks-prod-weu/payments-api',
    });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(
      'payments-api on aks-prod-weu was not onboarded through aks-access, so it takes no requests.',
    );
  });
});
