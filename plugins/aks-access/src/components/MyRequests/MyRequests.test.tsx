import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeAksAccessApi,
  responseError,
} from '../../__testUtils__/fakeAksAccessApi';
import { myRequests } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { MyRequests } from './MyRequests';

const [pending, active] = myRequests;

async function renderMine(api = fakeAksAccessApi()) {
  const onChanged = jest.fn();
  await renderWithApis(<MyRequests onChanged={onChanged} />, { api });
  return { api, onChanged };
}

describe('MyRequests', () => {
  it("lists the viewer's own requests with their state, on every component", async () => {
    const { api } = await renderMine();
    expect(api.listAccessRequests).toHaveBeenCalledWith({ mine: true });
    const table = await screen.findByRole('table', { name: 'My requests' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual([
      expect.stringMatching(/^pendingpayments-api/),
      expect.stringMatching(/^activecheckout-web/),
      expect.stringMatching(/^denied.*admin on prod needs a change ticket/),
    ]);
    // Cancel on the pending one, End now on the active one, nothing on the denied one.
    expect(within(rows[0]).getByRole('button')).toHaveTextContent('Cancel');
    expect(within(rows[1]).getByRole('button')).toHaveTextContent('End now');
    expect(within(rows[2]).queryByRole('button')).not.toBeInTheDocument();
  });

  it('cancels a pending request', async () => {
    const { api, onChanged } = await renderMine();
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Cancel the request for write on aks-dev-weu/payments-api',
      }),
    );
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(api.cancelAccessRequest).toHaveBeenCalledWith(pending.id);
  });

  it('ends an active grant now', async () => {
    const { api, onChanged } = await renderMine();
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'End now: read on aks-dev-weu/checkout-web',
      }),
    );
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(api.cancelAccessRequest).toHaveBeenCalledWith(active.id);
  });

  it("shows the backend's refusal", async () => {
    const message = `Access request ${pending.id} is approved; only a pending or active request can be cancelled`;
    const error = await responseError(
      409,
      'Conflict',
      message,
      'ConflictError',
    );
    const { onChanged } = await renderMine(
      fakeAksAccessApi({
        cancelAccessRequest: jest.fn(async () => Promise.reject(error)),
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Cancel the request for write on aks-dev-weu/payments-api',
      }),
    );
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(onChanged).not.toHaveBeenCalled();
  });

  it('says when there are none', async () => {
    await renderMine(
      fakeAksAccessApi({
        listAccessRequests: jest.fn(async () => ({ items: [] })),
      }),
    );
    expect(
      await screen.findByText('You have not requested access yet.'),
    ).toBeInTheDocument();
  });
});
