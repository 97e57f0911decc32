import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SENSITIVE_PERMISSIONS } from '@aks-access/plugin-aks-access-common';
import { fakeAksAccessApi } from '../../__testUtils__/fakeAksAccessApi';
import { people } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { PeoplePanel } from './PeoplePanel';

const ENTITY = 'component:default/payments-api';

describe('PeoplePanel', () => {
  it('shows one row per person and expands it to the path through nested groups', async () => {
    const api = fakeAksAccessApi();
    await renderWithApis(<PeoplePanel entityRef={ENTITY} />, { api });

    const row = await screen.findByTestId('person-row');
    expect(row).toHaveTextContent('Frank Fischer');
    expect(row).toHaveTextContent('aks-prod-weu/payments-api: write');
    expect(
      screen.getByText(
        /Group membership from Microsoft Graph, nested groups included/,
      ),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Show how Frank Fischer has access' }),
    );
    expect(screen.getByTestId('access-path')).toHaveTextContent(
      'Frank Fischer → Payments On-call → Team Payments → write via Azure role assignment Azure Kubernetes Service RBAC Writer (namespace)',
    );
  });

  it('shows what a person can do in a namespace, as the backend’s matrix', async () => {
    const api = fakeAksAccessApi();
    await renderWithApis(<PeoplePanel entityRef={ENTITY} />, { api });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Show how Frank Fischer has access',
      }),
    );
    await userEvent.click(
      screen.getByRole('button', {
        name: 'What can Frank Fischer do in payments-api?',
      }),
    );
    const matrix = await screen.findByRole('table', {
      name: /^What user:default\/frank can do in payments-api on aks-prod-weu$/,
    });
    expect(
      within(matrix).getByLabelText('get pods: allowed'),
    ).toHaveTextContent('✓');
    expect(
      within(matrix).getByLabelText('create pods: not allowed'),
    ).toBeInTheDocument();
    expect(api.getEntityWhatCan).toHaveBeenCalledWith(ENTITY, {
      principal: 'user:default/frank',
      cluster: 'aks-prod-weu',
      namespace: 'payments-api',
    });
  });

  it('shows the sensitive permissions the backend found as chips in words, a platform admin’s as expected', async () => {
    const dave = {
      ...people.items[0],
      user: {
        kind: 'User' as const,
        id: '2ce34e56-8e12-49ff-8921-03ad52acf290',
        displayName: 'Dave Diallo',
      },
      highestLevel: 'cluster-admin' as const,
      sensitivePermissions: SENSITIVE_PERMISSIONS.map(p => ({
        permission: p.id,
        expected: true,
        namespaces: [{ cluster: 'aks-prod-weu', namespace: 'payments-api' }],
      })),
    };
    const api = fakeAksAccessApi({
      getEntityPeople: jest.fn(async () => ({
        ...people,
        items: [...people.items, dave],
      })),
    });
    await renderWithApis(<PeoplePanel entityRef={ENTITY} />, { api });

    const [frank, admin] = await screen.findAllByTestId('person-row');
    const chips = within(frank).getAllByTestId('sensitive-chip');
    expect(chips.map(c => c.textContent)).toEqual([
      'read Secrets',
      'list Secrets',
      'exec',
      'create pods',
    ]);
    expect(chips[2]).toHaveAttribute(
      'title',
      'Can exec into pods in aks-prod-weu/payments-api',
    );
    expect(within(admin).getByTestId('sensitive-chip')).toHaveTextContent(
      `${SENSITIVE_PERMISSIONS.length} expected (platform admin)`,
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Show how Frank Fischer has access' }),
    );
    expect(
      screen.getByText('Can read Secrets in aks-prod-weu/payments-api'),
    ).toBeInTheDocument();
  });

  it('names the roles of a custom level, as the backend gave them', async () => {
    const deployer = {
      user: {
        kind: 'User' as const,
        id: '0b6f2d1e-3c4a-4e5f-8a9b-1c2d3e4f5a6b',
        displayName: 'Gina Gomez',
      },
      highestLevel: 'custom' as const,
      customRoles: ['Role/payments-deployer', 'Payments Deployer'],
      namespaces: [
        {
          cluster: 'aks-dev-neu',
          namespace: 'payments-api',
          level: 'custom' as const,
          customRoles: ['Role/payments-deployer'],
          paths: [
            {
              grantId: 'grant-2',
              source: 'RoleBinding' as const,
              level: 'custom' as const,
              role: 'Role/payments-deployer',
              scope: 'namespace' as const,
              principal: {
                kind: 'Group' as const,
                id: '7d1f6c2a-5b8e-4f0a-9c3d-2e6b8a4f1c90',
                displayName: 'Payments On-call',
              },
              via: [
                {
                  kind: 'Group' as const,
                  id: '7d1f6c2a-5b8e-4f0a-9c3d-2e6b8a4f1c90',
                  displayName: 'Payments On-call',
                },
              ],
            },
          ],
        },
      ],
      sensitivePermissions: [],
    };
    const api = fakeAksAccessApi({
      getEntityPeople: jest.fn(async () => ({
        ...people,
        items: [deployer],
      })),
    });
    await renderWithApis(<PeoplePanel entityRef={ENTITY} />, { api });

    const row = await screen.findByTestId('person-row');
    expect(row).toHaveTextContent(
      'custom: Role/payments-deployer, Payments Deployer',
    );
    expect(row).toHaveTextContent(
      'aks-dev-neu/payments-api: custom: Role/payments-deployer',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Show how Gina Gomez has access' }),
    );
    expect(screen.getByTestId('access-path')).toHaveTextContent(
      'Gina Gomez → Payments On-call → custom via RoleBinding Role/payments-deployer (namespace)',
    );
  });

  it('asks the backend for the level, the search and the page', async () => {
    const api = fakeAksAccessApi();
    await renderWithApis(<PeoplePanel entityRef={ENTITY} />, { api });
    await screen.findByTestId('person-row');

    fireEvent.mouseDown(screen.getByRole('button', { name: /^At least\s/ }));
    fireEvent.click(within(screen.getByRole('listbox')).getByText('admin'));
    await waitFor(() =>
      expect(api.getEntityPeople).toHaveBeenLastCalledWith(ENTITY, {
        minLevel: 'admin',
        q: undefined,
        offset: 0,
        limit: 25,
      }),
    );

    fireEvent.change(screen.getByLabelText('Search people'), {
      target: { value: 'frank' },
    });
    await waitFor(() =>
      expect(api.getEntityPeople).toHaveBeenLastCalledWith(
        ENTITY,
        expect.objectContaining({ q: 'frank' }),
      ),
    );

    await userEvent.click(
      await screen.findByRole('button', { name: /next page/i }),
    );
    await waitFor(() =>
      expect(api.getEntityPeople).toHaveBeenLastCalledWith(
        ENTITY,
        expect.objectContaining({ offset: 25 }),
      ),
    );
  });
});
