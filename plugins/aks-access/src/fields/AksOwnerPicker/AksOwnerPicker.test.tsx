import type { Entity } from '@backstage/catalog-model';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { fieldProps } from '../../__testUtils__/fieldProps';
import { PAYMENTS_API_REF, paymentsApi } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { AksOwnerPicker } from './AksOwnerPicker';

const group = (name: string, title: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default', title },
  spec: { type: 'team', children: [] },
});

const checkoutWeb: Entity = {
  ...paymentsApi,
  metadata: { name: 'checkout-web', namespace: 'default' },
  spec: { ...paymentsApi.spec, owner: 'group:team-checkout' },
};

const catalogEntities = [
  paymentsApi,
  checkoutWeb,
  group('team-payments', 'Team Payments'),
  group('team-checkout', 'Team Checkout'),
  group('team-data', 'Team Data'),
];

/** The scaffolder's form around the field: the owner it holds, and a component the test can change. */
const Form = () => {
  const [entityRef, setEntityRef] = useState(PAYMENTS_API_REF);
  const [owner, setOwner] = useState<string>();
  const props = fieldProps({
    title: 'Owning team',
    formData: owner,
    otherFields: { entityRef },
  });
  return (
    <>
      <button
        type="button"
        onClick={() =>
          setEntityRef(
            entityRef === PAYMENTS_API_REF
              ? 'component:default/checkout-web'
              : PAYMENTS_API_REF,
          )
        }
      >
        Other component
      </button>
      <AksOwnerPicker {...props} onChange={setOwner} />
    </>
  );
};

const ownerInput = () =>
  screen.getByRole('textbox', { name: /Owning team/ }) as HTMLInputElement;

describe('AksOwnerPicker', () => {
  it("fills in the chosen component's owner, whatever page the template was started from", async () => {
    const props = fieldProps({
      title: 'Owning team',
      otherFields: { entityRef: PAYMENTS_API_REF },
    });
    await renderWithApis(<AksOwnerPicker {...props} />, { catalogEntities });
    await waitFor(() =>
      expect(props.onChange).toHaveBeenCalledWith(
        'group:default/team-payments',
      ),
    );
  });

  it('waits for the component to be chosen', async () => {
    const props = fieldProps({ title: 'Owning team' });
    await renderWithApis(<AksOwnerPicker {...props} />, { catalogEntities });
    await userEvent.click(ownerInput());
    // the catalog has answered, and nothing was filled in
    await screen.findByText('Team Data');
    expect(props.onChange).not.toHaveBeenCalled();
  });

  it('keeps an owner already given, e.g. by the URL the entity tab opened', async () => {
    const props = fieldProps({
      title: 'Owning team',
      formData: 'group:default/team-data',
      otherFields: { entityRef: PAYMENTS_API_REF },
    });
    await renderWithApis(<AksOwnerPicker {...props} />, { catalogEntities });
    await waitFor(() => expect(ownerInput().value).toBe('Team Data'));
    expect(props.onChange).not.toHaveBeenCalled();
  });

  it("follows the component while the user has not chosen, and keeps the user's choice after", async () => {
    await renderWithApis(<Form />, { catalogEntities });
    await waitFor(() => expect(ownerInput().value).toBe('Team Payments'));
    expect(ownerInput().title).toBe('group:default/team-payments');

    fireEvent.click(screen.getByRole('button', { name: 'Other component' }));
    await waitFor(() => expect(ownerInput().value).toBe('Team Checkout'));

    await userEvent.click(ownerInput());
    await userEvent.clear(ownerInput());
    await userEvent.click(await screen.findByText('Team Data'));
    expect(ownerInput().value).toBe('Team Data');

    fireEvent.click(screen.getByRole('button', { name: 'Other component' }));
    // the payments component's owner would be Team Payments: the choice stands
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(ownerInput().value).toBe('Team Data');
  });
});
