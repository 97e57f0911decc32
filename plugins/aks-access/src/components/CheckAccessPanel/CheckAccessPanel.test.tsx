import type { Entity } from '@backstage/catalog-model';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeAksAccessApi } from '../../__testUtils__/fakeAksAccessApi';
import { access } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { CheckAccessPanel } from './CheckAccessPanel';

const catalogEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'bob', namespace: 'default' },
    spec: { profile: { displayName: 'Bob Builder' } },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-payments', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
];

describe('CheckAccessPanel', () => {
  it('asks the cluster for a catalog principal and shows the verdict with its reason', async () => {
    const api = fakeAksAccessApi({
      checkAccess: jest.fn(async () => ({
        allowed: false,
        reason: 'no RBAC policy matched',
      })),
    });
    await renderWithApis(<CheckAccessPanel namespaces={access.namespaces} />, {
      api,
      catalogEntities,
    });

    await userEvent.click(screen.getByLabelText('Principal (user or group)'));
    await userEvent.click(
      await screen.findByText('Bob Builder (user:default/bob)'),
    );

    fireEvent.mouseDown(screen.getByRole('button', { name: /^Namespace\s/ }));
    fireEvent.click(
      within(screen.getByRole('listbox')).getByText(
        'aks-prod-weu/payments-api',
      ),
    );
    fireEvent.mouseDown(screen.getByRole('button', { name: /^Verb\s/ }));
    fireEvent.click(within(screen.getByRole('listbox')).getByText('delete'));
    fireEvent.change(screen.getByLabelText('Resource'), {
      target: { value: 'secrets' },
    });

    await userEvent.click(screen.getByRole('button', { name: 'Check' }));

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Denied: no RBAC policy matched',
    );
    await waitFor(() =>
      expect(api.checkAccess).toHaveBeenCalledWith({
        cluster: 'aks-prod-weu',
        namespace: 'payments-api',
        principal: 'user:default/bob',
        verb: 'delete',
        resource: 'secrets',
      }),
    );
  });
});
