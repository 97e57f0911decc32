import type { Entity } from '@backstage/catalog-model';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeAksAccessApi } from '../../__testUtils__/fakeAksAccessApi';
import { access, people } from '../../__testUtils__/fixtures';
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

async function chooseNamespace() {
  fireEvent.mouseDown(screen.getByRole('button', { name: /^Namespace\s/ }));
  fireEvent.click(
    within(screen.getByRole('listbox')).getByText('aks-prod-weu/payments-api'),
  );
}

describe('CheckAccessPanel', () => {
  it('asks the cluster for a catalog principal and shows the verdict with its reason', async () => {
    const api = fakeAksAccessApi({
      reviewAccess: jest.fn(async () => ({
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

    await chooseNamespace();
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
      expect(api.reviewAccess).toHaveBeenCalledWith({
        cluster: 'aks-prod-weu',
        namespace: 'payments-api',
        principal: 'user:default/bob',
        verb: 'delete',
        resource: 'secrets',
      }),
    );
  });

  it('explains a yes: the principal with its groups, and the path through them', async () => {
    const [frank] = people.items;
    const api = fakeAksAccessApi({
      reviewAccess: jest.fn(async () => ({
        allowed: true,
        reason: 'Azure RBAC: allowed',
        principal: { ...frank.user, groupCount: 2 },
        paths: frank.namespaces[0].paths,
      })),
    });
    await renderWithApis(<CheckAccessPanel namespaces={access.namespaces} />, {
      api,
      catalogEntities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: 'frank', namespace: 'default' },
          spec: { profile: { displayName: 'Frank Fischer' } },
        },
      ],
    });

    await userEvent.click(screen.getByLabelText('Principal (user or group)'));
    await userEvent.click(
      await screen.findByText('Frank Fischer (user:default/frank)'),
    );
    await chooseNamespace();
    await userEvent.click(screen.getByRole('button', { name: 'Check' }));

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Allowed: Azure RBAC: allowed',
    );
    expect(
      screen.getByText(/with 2 groups, nested ones included/),
    ).toHaveTextContent(
      'Checked as Frank Fischer (User), with 2 groups, nested ones included.',
    );
    expect(screen.getByTestId('access-path')).toHaveTextContent(
      'Frank Fischer → Payments On-call → Team Payments → write via Azure role assignment "Azure Kubernetes Service RBAC Writer" (namespace)',
    );
  });

  it('checks an Entra object id the catalog does not know', async () => {
    const objectId = '0c7f2d4e-9a1b-4c3d-8e5f-6a7b8c9d0e1f';
    const api = fakeAksAccessApi({
      reviewAccess: jest.fn(async () => ({
        allowed: false,
        reason: 'no RBAC policy matched',
        principal: { kind: 'User' as const, id: objectId },
        paths: [],
      })),
    });
    await renderWithApis(<CheckAccessPanel namespaces={access.namespaces} />, {
      api,
      catalogEntities,
    });

    const check = screen.getByRole('button', { name: 'Check' });
    const input = screen.getByRole('textbox', {
      name: 'Principal (user or group)',
    });
    await userEvent.type(input, 'not-an-id');
    expect(check).toBeDisabled();
    await userEvent.clear(input);
    await userEvent.type(input, objectId);
    await chooseNamespace();
    await userEvent.click(check);

    expect(await screen.findByRole('status')).toHaveTextContent('Denied');
    expect(api.reviewAccess).toHaveBeenCalledWith(
      expect.objectContaining({ principal: objectId }),
    );
    expect(
      screen.getByText('None: no grant in this namespace reaches it.'),
    ).toBeInTheDocument();
  });
});
