import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  ownerViewer,
  PAYMENTS_API_REF,
  viewer,
} from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { PrimaryActions } from './PrimaryActions';

describe('PrimaryActions', () => {
  it('gives a non-owner "Request temporary access" and none of the owner templates', async () => {
    const onRequest = jest.fn();
    await renderWithApis(
      <PrimaryActions
        entityRef={PAYMENTS_API_REF}
        viewer={viewer}
        onRequest={onRequest}
      />,
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Request temporary access' }),
    );
    expect(onRequest).toHaveBeenCalled();
    expect(
      screen.queryByRole('button', { name: /group access|Federate|Onboard/ }),
    ).not.toBeInTheDocument();
  });

  it('disables it with the reason when no namespace takes a request from the viewer', async () => {
    const reason = 'checkout-api was not onboarded through aks-access.';
    await renderWithApis(
      <PrimaryActions
        entityRef={PAYMENTS_API_REF}
        viewer={{
          ...viewer,
          namespaces: [
            {
              cluster: 'aks-dev-weu',
              namespace: 'checkout-api',
              request: { allowed: false, reason },
            },
          ],
        }}
        onRequest={jest.fn()}
      />,
    );
    const button = screen.getByRole('button', {
      name: 'Request temporary access',
    });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(reason);
  });

  it('gives owners the templates that change their namespaces', async () => {
    await renderWithApis(
      <PrimaryActions
        entityRef={PAYMENTS_API_REF}
        owner="group:default/team-payments"
        viewer={ownerViewer}
        onRequest={jest.fn()}
      />,
    );
    expect(
      // LinkButton renders a link with the button role.
      screen.getByRole('button', { name: 'Give a group access' }),
    ).toHaveAttribute('href', expect.stringContaining('aks-request-access'));
    expect(
      screen.getByRole('button', { name: 'Federate a workload identity' }),
    ).toBeInTheDocument();
    const onboard = new URL(
      screen
        .getByRole('button', { name: 'Onboard another namespace' })
        .getAttribute('href')!,
      'http://app',
    );
    // The owning team comes prefilled from the component.
    expect(JSON.parse(onboard.searchParams.get('formData')!)).toEqual({
      entityRef: PAYMENTS_API_REF,
      owner: 'group:default/team-payments',
    });
    expect(
      screen.queryByRole('button', { name: 'Request temporary access' }),
    ).not.toBeInTheDocument();
  });
});
