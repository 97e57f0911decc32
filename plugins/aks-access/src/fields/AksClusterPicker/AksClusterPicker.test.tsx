import { fireEvent, screen, within } from '@testing-library/react';
import { fieldProps } from '../../__testUtils__/fieldProps';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { AksClusterPicker } from './AksClusterPicker';

describe('AksClusterPicker', () => {
  it('lists the clusters with environment, authorization mode and the kind of namespace onboarding creates', async () => {
    const props = fieldProps({ title: 'Cluster' });
    await renderWithApis(<AksClusterPicker {...props} />);

    fireEvent.mouseDown(
      await screen.findByRole('button', { name: /^Cluster\s/ }),
    );
    const listbox = await screen.findByRole('listbox');
    expect(
      within(listbox).getByText('Dev (West Europe) (aks-dev-weu)'),
    ).toBeInTheDocument();
    expect(
      within(listbox).getByText(
        'dev · Kubernetes RBAC · creates Kubernetes namespaces',
      ),
    ).toBeInTheDocument();
    expect(
      within(listbox).getByText(
        'prod · Azure RBAC · creates AKS managed namespaces (ARM holds quota and network policy)',
      ),
    ).toBeInTheDocument();

    fireEvent.click(
      within(listbox).getByText('Prod (West Europe) (aks-prod-weu)'),
    );
    expect(props.onChange).toHaveBeenCalledWith('aks-prod-weu');
  });
});
