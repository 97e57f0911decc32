import { fireEvent, screen } from '@testing-library/react';
import { fieldProps } from '../../__testUtils__/fieldProps';
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
});
