import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeAksAccessApi,
  responseError,
} from '../../__testUtils__/fakeAksAccessApi';
import { access, pendingRequest } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { NamespacesPanel } from '../NamespacesPanel/NamespacesPanel';

const REQUEST_DEV = 'Request temporary access to aks-dev-weu/payments-api';
const REQUEST_PROD = 'Request temporary access to aks-prod-weu/payments-api';

async function renderPanel(options: Parameters<typeof renderWithApis>[1] = {}) {
  const onChanged = jest.fn();
  await renderWithApis(
    <NamespacesPanel
      namespaces={access.namespaces}
      clusterGrants={access.clusterGrants}
      onChanged={onChanged}
    />,
    options,
  );
  return onChanged;
}

async function openDialog(name = REQUEST_DEV) {
  await userEvent.click(await screen.findByRole('button', { name }));
  return screen.findByRole('dialog');
}

describe('Request temporary access', () => {
  it('is offered on each namespace the viewer cannot reach', async () => {
    await renderPanel();
    expect(
      await screen.findByRole('button', { name: REQUEST_DEV }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: REQUEST_PROD })).toHaveAttribute(
      'data-testid',
      'aks-access-request-button',
    );
  });

  it('is not offered where a grant names the viewer or one of their groups', async () => {
    // team-payments holds write on dev and the Azure writer role on prod.
    await renderPanel({
      identity: {
        userEntityRef: 'user:default/test',
        ownershipEntityRefs: [
          'user:default/test',
          'group:default/team-payments',
        ],
      },
    });
    expect(await screen.findAllByText('You have access')).toHaveLength(2);
    expect(
      screen.queryByTestId('aks-access-request-button'),
    ).not.toBeInTheDocument();
  });

  it('requires a justification before asking the backend', async () => {
    const api = fakeAksAccessApi();
    await renderPanel({ api });
    const dialog = await openDialog();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request' }),
    );
    expect(
      await within(dialog).findByText(
        'Justification is required: say why you need the access',
      ),
    ).toBeInTheDocument();
    // Blanks are no justification either.
    await userEvent.type(within(dialog).getByLabelText(/Justification/), '   ');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request' }),
    );
    expect(
      within(dialog).getByText(
        'Justification is required: say why you need the access',
      ),
    ).toBeInTheDocument();
    expect(api.requestAccess).not.toHaveBeenCalled();
  });

  it('refuses a malformed custom duration', async () => {
    const api = fakeAksAccessApi();
    await renderPanel({ api });
    const dialog = await openDialog();
    await userEvent.selectOptions(
      within(dialog).getByLabelText('Duration'),
      'other',
    );
    await userEvent.type(
      within(dialog).getByLabelText('Duration (ISO 8601)'),
      '4 hours',
    );
    await userEvent.type(
      within(dialog).getByLabelText(/Justification/),
      'incident',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request' }),
    );
    expect(
      await within(dialog).findByText(/An ISO 8601 duration/),
    ).toBeInTheDocument();
    expect(api.requestAccess).not.toHaveBeenCalled();
  });

  it('asks for a group the viewer belongs to, then says it waits for the owners', async () => {
    const api = fakeAksAccessApi();
    const onChanged = await renderPanel({
      api,
      identity: {
        userEntityRef: 'user:default/test',
        ownershipEntityRefs: ['user:default/test', 'group:default/sre'],
      },
    });
    const dialog = await openDialog();
    const principal = within(dialog).getByLabelText(/^For/);
    expect(
      within(principal)
        .getAllByRole('option')
        .map(o => o.getAttribute('value')),
    ).toEqual(['user:default/test', 'group:default/sre']);
    await userEvent.selectOptions(principal, 'group:default/sre');
    await userEvent.selectOptions(
      within(dialog).getByLabelText(/^Level/),
      'write',
    );
    expect(
      within(within(dialog).getByLabelText('Duration'))
        .getAllByRole('option')
        .map(o => o.getAttribute('value')),
    ).toEqual(['PT1H', 'PT4H', 'PT8H', 'P1D', 'P7D', 'other']);
    await userEvent.selectOptions(
      within(dialog).getByLabelText('Duration'),
      'P1D',
    );
    await userEvent.type(
      within(dialog).getByLabelText(/Justification/),
      '  Debug the settlement incident INC-1234 ',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request' }),
    );

    expect(
      await within(dialog).findByText(/waiting for approval by the owners/),
    ).toBeInTheDocument();
    expect(api.requestAccess).toHaveBeenCalledWith({
      cluster: 'aks-dev-weu',
      namespace: 'payments-api',
      principal: 'group:default/sre',
      level: 'write',
      duration: 'P1D',
      justification: 'Debug the settlement incident INC-1234',
    });
    expect(onChanged).toHaveBeenCalled();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('sends a custom duration, and shows the expiry when approved at once', async () => {
    const expiresAt = '2026-11-28T12:00:00.000Z';
    const api = fakeAksAccessApi({
      requestAccess: jest.fn(async input => ({
        request: {
          ...pendingRequest,
          ...input,
          requester: 'user:default/test',
          state: 'approved' as const,
          expiresAt,
        },
        changes: [],
      })),
    });
    await renderPanel({ api });
    const dialog = await openDialog(REQUEST_PROD);
    await userEvent.selectOptions(
      within(dialog).getByLabelText('Duration'),
      'other',
    );
    await userEvent.type(
      within(dialog).getByLabelText('Duration (ISO 8601)'),
      'PT2H',
    );
    await userEvent.type(
      within(dialog).getByLabelText(/Justification/),
      'on call',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request' }),
    );
    expect(
      await within(dialog).findByText(
        `Approved at once: user:default/test has read access on aks-prod-weu/payments-api until ${new Date(
          expiresAt,
        ).toLocaleString()}.`,
      ),
    ).toBeInTheDocument();
    expect(api.requestAccess).toHaveBeenCalledWith(
      expect.objectContaining({
        cluster: 'aks-prod-weu',
        principal: 'user:default/test',
        level: 'read',
        duration: 'PT2H',
      }),
    );
  });

  it("shows the backend's refusal", async () => {
    const message =
      'duration P7D is longer than the policy allows on prod (accessRequests.maxDuration PT8H)';
    const error = await responseError(
      400,
      'Bad Request',
      message,
      'InputError',
    );
    const onChanged = await renderPanel({
      api: fakeAksAccessApi({
        requestAccess: jest.fn(async () => Promise.reject(error)),
      }),
    });
    const dialog = await openDialog(REQUEST_PROD);
    await userEvent.selectOptions(
      within(dialog).getByLabelText('Duration'),
      'P7D',
    );
    await userEvent.type(
      within(dialog).getByLabelText(/Justification/),
      'migration week',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request' }),
    );
    expect(await within(dialog).findByText(message)).toBeInTheDocument();
    expect(onChanged).not.toHaveBeenCalled();
  });
});
