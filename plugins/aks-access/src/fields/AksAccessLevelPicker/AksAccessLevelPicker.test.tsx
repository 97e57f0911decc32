import { fireEvent, screen } from '@testing-library/react';
import { fieldProps } from '../../__testUtils__/fieldProps';
import { fakeAksAccessApi } from '../../__testUtils__/fakeAksAccessApi';
import { VIEWER_REF } from '../../__testUtils__/fixtures';
import { viewerWithGrantCost } from '../../__testUtils__/grantCostFixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { AksAccessLevelPicker } from './AksAccessLevelPicker';

describe('AksAccessLevelPicker', () => {
  it('explains each level with the Azure role it maps to on an azure-rbac cluster', async () => {
    const props = fieldProps({
      title: 'Level',
      otherFields: { cluster: 'aks-prod-weu' },
    });
    await renderWithApis(<AksAccessLevelPicker {...props} />);

    expect(
      await screen.findByText(
        'On Prod (West Europe): Azure role assignment of "Azure Kubernetes Service RBAC Writer" at namespace scope',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Cannot change Roles or RoleBindings/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Azure Kubernetes Service Cluster User Role/),
    ).toBeInTheDocument();

    fireEvent.click(screen.getByRole('radio', { name: /^write/ }));
    expect(props.onChange).toHaveBeenCalledWith('write');
  });

  it('names the ClusterRole on a kubernetes-rbac cluster and offers only the levels allowed', async () => {
    const props = fieldProps({
      title: 'Level',
      uiOptions: { levels: ['read', 'write'] },
      otherFields: { cluster: 'aks-dev-weu' },
    });
    await renderWithApis(<AksAccessLevelPicker {...props} />);

    expect(
      await screen.findByText(
        'On Dev (West Europe): RoleBinding onto ClusterRole "view"',
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('radio')).toHaveLength(2);
    expect(
      screen.queryByRole('radio', { name: /^admin/ }),
    ).not.toBeInTheDocument();
  });

  it.each([
    [undefined, 0],
    ['group:default/payments-readers', 3],
  ])(
    'shows a level that belongs to another field only once that field has a value (%s)',
    async (readers, radios) => {
      const props = fieldProps({
        title: 'Access for the readers group',
        uiOptions: { shownWith: 'readers' },
        otherFields: {
          cluster: 'aks-dev-weu',
          ...(readers ? { readers } : {}),
        },
      });
      await renderWithApis(<AksAccessLevelPicker {...props} />);
      expect(screen.queryAllByRole('radio')).toHaveLength(radios);
    },
  );

  describe("a request for the signed-in user on a namespace whose grants spend Azure's role assignments", () => {
    const form = (principal: string) =>
      fieldProps({
        title: 'Level',
        otherFields: {
          entityRef: 'component:default/payments-api',
          cluster: 'aks-prod-weu',
          namespace: 'payments-api',
          principal,
        },
      });
    const api = () =>
      fakeAksAccessApi({
        getEntityViewer: jest.fn(async () =>
          viewerWithGrantCost([
            { displayName: 'Team Payments', assignments: 1, requestable: true },
          ]),
        ),
      });

    it('says what the backend counted, for the user', async () => {
      await renderWithApis(<AksAccessLevelPicker {...form(VIEWER_REF)} />, {
        api: api(),
      });
      expect(
        await screen.findByRole('note', { name: 'Role assignments' }),
      ).toHaveTextContent(
        'A grant to you uses 2 of the role assignments Azure allows the subscription of aks-prod-weu (3,212 of 4,000 used). Requesting for Team Payments, a group you are in, uses 1 for all its members.',
      );
    });

    it('asks nothing of the backend and says nothing for a group', async () => {
      const fake = api();
      await renderWithApis(
        <AksAccessLevelPicker {...form('group:default/team-payments')} />,
        { api: fake },
      );
      await screen.findByText(
        'On Prod (West Europe): Azure role assignment of "Azure Kubernetes Service RBAC Writer" at namespace scope',
      );
      expect(fake.getEntityViewer).not.toHaveBeenCalled();
      expect(
        screen.queryByRole('note', { name: 'Role assignments' }),
      ).not.toBeInTheDocument();
    });
  });
});
