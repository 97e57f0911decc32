import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeAksAccessApi,
  responseError,
} from '../../__testUtils__/fakeAksAccessApi';
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
      'Frank Fischer → Payments On-call → Team Payments → write via Azure role assignment "Azure Kubernetes Service RBAC Writer" (namespace)',
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

  it('names every kind of path: a direct binding, an inherited Azure role with its expiry, the admin group', async () => {
    const [frank] = people.items;
    const api = fakeAksAccessApi({
      getEntityPeople: jest.fn(async () => ({
        ...people,
        items: [
          {
            ...frank,
            user: {
              kind: 'User' as const,
              id: '0c7f2d4e-9a1b-4c3d-8e5f-6a7b8c9d0e1f',
              userPrincipalName: 'gina@contoso.example',
            },
            highestLevel: 'cluster-admin' as const,
            namespaces: [
              {
                cluster: 'aks-dev-neu',
                namespace: 'payments-api',
                level: 'cluster-admin' as const,
                paths: [
                  {
                    grantId: 'rb',
                    source: 'RoleBinding' as const,
                    level: 'write' as const,
                    role: 'ClusterRole/edit',
                    scope: 'namespace' as const,
                    principal: { kind: 'User' as const, id: 'gina' },
                    via: [],
                  },
                  {
                    grantId: 'azure',
                    source: 'AzureRoleAssignment' as const,
                    level: 'read' as const,
                    role: 'Azure Kubernetes Service RBAC Reader',
                    scope: 'cluster' as const,
                    principal: { kind: 'User' as const, id: 'gina' },
                    via: [],
                    inheritedFrom: '/subscriptions/s/resourceGroups/rg-aks',
                    expiresAt: '2026-12-24T00:00:00.000Z',
                  },
                  {
                    grantId: 'admins',
                    source: 'AadAdminGroup' as const,
                    level: 'cluster-admin' as const,
                    role: 'aadProfile.adminGroupObjectIDs',
                    scope: 'cluster' as const,
                    principal: { kind: 'Group' as const, id: 'g-admins' },
                    via: [
                      {
                        kind: 'Group' as const,
                        id: 'g-admins',
                        displayName: 'AKS Admins',
                      },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      })),
    });
    await renderWithApis(<PeoplePanel entityRef={ENTITY} />, { api });

    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Show how gina@contoso.example has access',
      }),
    );
    const [binding, azure, admins] = screen.getAllByTestId('access-path');
    expect(binding).toHaveTextContent(
      'gina@contoso.example → write via RoleBinding onto ClusterRole "edit" (namespace)',
    );
    expect(azure).toHaveTextContent(
      'read via Azure role assignment "Azure Kubernetes Service RBAC Reader" (cluster, inherited from /subscriptions/s/resourceGroups/rg-aks), until',
    );
    expect(admins).toHaveTextContent(
      "gina@contoso.example → AKS Admins → cluster-admin via the cluster's Entra admin group",
    );
  });

  it('warns when membership comes from the catalog only, and says when no one matches', async () => {
    const api = fakeAksAccessApi({
      getEntityPeople: jest.fn(async () => ({
        ...people,
        items: [],
        totalCount: 0,
        nextOffset: undefined,
        membership: {
          source: 'catalog' as const,
          users: 7,
          groups: 6,
          message:
            'Microsoft Graph is not configured: group nesting from the catalog only',
        },
      })),
    });
    await renderWithApis(<PeoplePanel entityRef={ENTITY} />, { api });

    expect(
      await screen.findByText(
        'Microsoft Graph is not configured: group nesting from the catalog only',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Group membership from the catalog's memberOf only/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No one holds access to these namespaces.'),
    ).toBeInTheDocument();
  });

  it('says so when the viewer may not read the entity access (403)', async () => {
    const error = await responseError(403, 'Forbidden');
    const api = fakeAksAccessApi({
      getEntityPeople: jest.fn(async () => Promise.reject(error)),
    });
    await renderWithApis(<PeoplePanel entityRef={ENTITY} />, { api });
    expect(
      await screen.findByText(
        'You may not see who has access to this component',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'People' })).toBeNull();
  });
});
