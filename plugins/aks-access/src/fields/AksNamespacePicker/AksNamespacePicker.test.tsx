import { fireEvent, screen, within } from '@testing-library/react';
import { fakeAksAccessApi } from '../../__testUtils__/fakeAksAccessApi';
import { fieldProps } from '../../__testUtils__/fieldProps';
import { access } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { AksNamespacePicker } from './AksNamespacePicker';

describe('AksNamespacePicker', () => {
  it("lists the chosen entity's namespaces on the chosen cluster", async () => {
    const api = fakeAksAccessApi({
      getEntityAccess: jest.fn(async () => ({
        ...access,
        namespaces: [
          ...access.namespaces,
          {
            cluster: 'aks-dev-weu',
            namespace: 'payments-api-batch',
            grants: [],
          },
        ],
      })),
    });
    const props = fieldProps({
      title: 'Namespace',
      uiOptions: { entityRefField: 'component' },
      otherFields: {
        component: 'component:default/payments-api',
        cluster: 'aks-dev-weu',
      },
    });
    await renderWithApis(<AksNamespacePicker {...props} />, { api });

    expect(api.getEntityAccess).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
    fireEvent.mouseDown(
      await screen.findByRole('button', { name: /^Namespace\s/ }),
    );
    const options = within(await screen.findByRole('listbox')).getAllByRole(
      'option',
    );
    expect(options.map(o => o.textContent)).toEqual([
      'payments-api',
      'payments-api-batch',
    ]);
    fireEvent.click(options[1]);
    expect(props.onChange).toHaveBeenCalledWith('payments-api-batch');
  });

  it('asks for the component first, and says when it has no namespace', async () => {
    const api = fakeAksAccessApi({
      getEntityAccess: jest.fn(async () => ({ ...access, namespaces: [] })),
    });
    await renderWithApis(
      <AksNamespacePicker {...fieldProps({ title: 'Namespace' })} />,
      { api },
    );
    expect(screen.getByText('Choose the component first.')).toBeInTheDocument();
    expect(api.getEntityAccess).not.toHaveBeenCalled();

    await renderWithApis(
      <AksNamespacePicker
        {...fieldProps({
          title: 'Namespace',
          otherFields: {
            entityRef: 'component:default/catalog-search',
            cluster: 'aks-dev-weu',
          },
        })}
      />,
      { api },
    );
    expect(
      await screen.findByText(
        'component:default/catalog-search has no namespace on aks-dev-weu yet: onboard one first.',
      ),
    ).toBeInTheDocument();
  });
});
