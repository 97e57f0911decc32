import { screen } from '@testing-library/react';
import {
  fakeAksAccessApi,
  responseError,
} from '../../__testUtils__/fakeAksAccessApi';
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
    expect(
      screen.getByText('critical: team-checkout holds cluster-admin'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /Who has access/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/aks-access',
    );
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
