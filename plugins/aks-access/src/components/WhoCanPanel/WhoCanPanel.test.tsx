import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeAksAccessApi } from '../../__testUtils__/fakeAksAccessApi';
import { access, people } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { WhoCanPanel } from './WhoCanPanel';

describe('WhoCanPanel', () => {
  const frank = {
    kind: 'User' as const,
    id: 'f0000000-0000-0000-0000-000000000006',
    displayName: 'Frank Fischer',
    entityRef: 'user:default/frank',
  };
  const answer = {
    entityRef: access.entityRef,
    verb: 'get',
    resource: 'secrets',
    apiGroup: '',
    namespaces: [{ cluster: 'aks-prod-weu', namespace: 'payments-api' }],
    people: [
      {
        user: frank,
        platformAdmin: false,
        namespaces: [
          {
            cluster: 'aks-prod-weu',
            namespace: 'payments-api',
            paths: [
              {
                grantId: 'g1',
                source: 'AzureRoleAssignment' as const,
                level: 'write' as const,
                role: 'Azure Kubernetes Service RBAC Writer',
                scope: 'namespace' as const,
                principal: {
                  kind: 'Group' as const,
                  id: 'team',
                  displayName: 'Team Payments',
                },
                via: [
                  {
                    kind: 'Group' as const,
                    id: 'oncall',
                    displayName: 'Payments On-call',
                  },
                  {
                    kind: 'Group' as const,
                    id: 'team',
                    displayName: 'Team Payments',
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
    totalPeople: 1,
    offset: 0,
    limit: 50,
    workloadIdentities: [],
    others: [],
    membership: people.membership,
    generatedAt: '2026-11-28T10:00:00.000Z',
  };

  it('asks the backend who can read Secrets in one click and shows each person with the path', async () => {
    const api = fakeAksAccessApi({
      getEntityWhoCan: jest.fn(async () => answer),
    });
    await renderWithApis(
      <WhoCanPanel
        entityRef={access.entityRef}
        namespaces={access.namespaces}
      />,
      { api },
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Who can read Secrets?' }),
    );
    expect(
      await screen.findByText('1 person can get secrets'),
    ).toBeInTheDocument();
    // The name with its ref on hover, then the path through both groups.
    expect(screen.getByTitle('user:default/frank')).toHaveTextContent(
      'Frank Fischer',
    );
    expect(screen.getByText(/Payments On-call/)).toBeInTheDocument();
    expect(api.getEntityWhoCan).toHaveBeenCalledWith(access.entityRef, {
      verb: 'get',
      resource: 'secrets',
    });
  });

  it('asks about one namespace, verb and resource from the form', async () => {
    const api = fakeAksAccessApi();
    await renderWithApis(
      <WhoCanPanel
        entityRef={access.entityRef}
        namespaces={access.namespaces}
      />,
      { api },
    );
    const { cluster, namespace } = access.namespaces[0];
    fireEvent.mouseDown(screen.getByRole('button', { name: /^Where\s/ }));
    fireEvent.click(
      within(screen.getByRole('listbox')).getByText(
        `${namespace} on ${cluster}`,
      ),
    );
    fireEvent.mouseDown(
      screen.getByRole('button', { name: /^Action \(verb\)\s/ }),
    );
    fireEvent.click(within(screen.getByRole('listbox')).getByText('create'));
    fireEvent.mouseDown(
      screen.getByRole('button', { name: /^Object kind \(resource\)\s/ }),
    );
    fireEvent.click(within(screen.getByRole('listbox')).getByText('pods/exec'));
    await userEvent.click(screen.getByRole('button', { name: 'Ask' }));
    await waitFor(() =>
      expect(api.getEntityWhoCan).toHaveBeenCalledWith(access.entityRef, {
        verb: 'create',
        resource: 'pods/exec',
        cluster,
        namespace,
      }),
    );
    expect(
      await screen.findByText('0 people can create pods/exec'),
    ).toBeInTheDocument();
  });
});
