import type { EntityViewerResponse } from '@aks-access/plugin-aks-access-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeAksAccessApi,
  responseError,
} from '../../__testUtils__/fakeAksAccessApi';
import {
  pendingRequest,
  VIEWER_REF,
  viewer,
} from '../../__testUtils__/fixtures';
import { viewerWithGrantCost as withCost } from '../../__testUtils__/grantCostFixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { RequestAccessDialog } from './RequestAccessDialog';
import { requestTargets } from './requestTargets';

/** Both namespaces requestable, each with what the policy allows there. */
const twoNamespaces: EntityViewerResponse = {
  ...viewer,
  namespaces: [
    {
      cluster: 'aks-dev-weu',
      namespace: 'payments-api',
      request: {
        allowed: true,
        principals: [
          { entityRef: VIEWER_REF, kind: 'User', displayName: 'Test User' },
        ],
        levels: ['read', 'write', 'admin'],
      },
    },
    viewer.namespaces[1],
  ],
};

async function renderDialog(
  options: {
    api?: ReturnType<typeof fakeAksAccessApi>;
    from?: EntityViewerResponse;
    initial?: string;
  } = {},
) {
  const api = options.api ?? fakeAksAccessApi();
  const onRequested = jest.fn();
  const onClose = jest.fn();
  await renderWithApis(
    <RequestAccessDialog
      targets={requestTargets(options.from ?? viewer)}
      initial={options.initial}
      userRef={VIEWER_REF}
      onClose={onClose}
      onRequested={onRequested}
    />,
    { api },
  );
  return {
    api,
    onRequested,
    onClose,
    dialog: await screen.findByRole('dialog'),
  };
}

/** Types the justification and asks, as the viewer would. */
async function submitWith(dialog: HTMLElement, justification: string) {
  await userEvent.type(
    within(dialog).getByLabelText(/Justification/),
    justification,
  );
  await userEvent.click(
    within(dialog).getByRole('button', { name: 'Request' }),
  );
}

const optionsOf = (select: HTMLElement) =>
  within(select)
    .getAllByRole('option')
    .map(o => [o.getAttribute('value'), o.textContent]);

// Typing through userEvent is slow in jsdom.
jest.setTimeout(20_000);

describe('RequestAccessDialog', () => {
  it('offers only whom and which levels the backend allows, the first principal chosen, and succeeds untouched', async () => {
    const { api, dialog, onRequested } = await renderDialog();
    expect(dialog).toHaveTextContent(
      'Request temporary access to aks-prod-weu/payments-api',
    );
    const principal = within(dialog).getByLabelText(/^For/);
    expect(optionsOf(principal)).toEqual([
      ['group:default/team-payments', 'Team Payments'],
      [VIEWER_REF, 'Test User (you)'],
    ]);
    expect(principal).toHaveValue('group:default/team-payments');
    expect(
      optionsOf(within(dialog).getByLabelText(/^Level/)).map(([v]) => v),
    ).toEqual(['read', 'write']);
    expect(
      optionsOf(within(dialog).getByLabelText('Duration')).map(([v]) => v),
    ).toEqual(['PT1H', 'PT4H', 'PT8H', 'P1D', 'P7D', 'other']);

    await submitWith(dialog, '  Debug the settlement incident INC-1234 ');
    expect(
      await within(dialog).findByText(/waiting for approval by the owners/),
    ).toBeInTheDocument();
    expect(api.requestAccess).toHaveBeenCalledWith({
      cluster: 'aks-prod-weu',
      namespace: 'payments-api',
      principal: 'group:default/team-payments',
      level: 'read',
      duration: 'PT4H',
      justification: 'Debug the settlement incident INC-1234',
    });
    expect(onRequested).toHaveBeenCalled();
    // Names, not refs.
    expect(dialog).not.toHaveTextContent('group:default/');
  });

  it('lets the viewer choose among several namespaces, each with its own principals', async () => {
    const { api, dialog } = await renderDialog({
      from: twoNamespaces,
      initial: 'aks-prod-weu/payments-api',
    });
    const namespace = within(dialog).getByLabelText(/^Namespace/);
    expect(namespace).toHaveValue('aks-prod-weu/payments-api');
    await userEvent.selectOptions(namespace, 'aks-dev-weu/payments-api');
    expect(within(dialog).getByLabelText(/^For/)).toHaveValue(VIEWER_REF);
    await userEvent.selectOptions(
      within(dialog).getByLabelText(/^Level/),
      'admin',
    );
    await submitWith(dialog, 'incident');
    await waitFor(() =>
      expect(api.requestAccess).toHaveBeenCalledWith(
        expect.objectContaining({
          cluster: 'aks-dev-weu',
          principal: VIEWER_REF,
          level: 'admin',
        }),
      ),
    );
  });

  it('requires a justification before asking the backend', async () => {
    const { api, dialog } = await renderDialog();
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
    expect(api.requestAccess).not.toHaveBeenCalled();
  });

  it('refuses a malformed custom duration', async () => {
    const { api, dialog } = await renderDialog();
    await userEvent.selectOptions(
      within(dialog).getByLabelText('Duration'),
      'other',
    );
    await userEvent.type(
      within(dialog).getByLabelText('Duration (ISO 8601)'),
      '4 hours',
    );
    await submitWith(dialog, 'incident');
    expect(
      await within(dialog).findByText(/An ISO 8601 duration/),
    ).toBeInTheDocument();
    expect(api.requestAccess).not.toHaveBeenCalled();
  });

  it('says how long an access approved at once lasts, in local time', async () => {
    const expiresAt = new Date(
      Date.now() + 2 * 3_600_000 + 90_000,
    ).toISOString();
    const api = fakeAksAccessApi({
      requestAccess: jest.fn(async input => ({
        request: {
          ...pendingRequest,
          ...input,
          requester: VIEWER_REF,
          state: 'approved' as const,
          expiresAt,
        },
        changes: [],
      })),
    });
    const { dialog } = await renderDialog({ api });
    await userEvent.selectOptions(
      within(dialog).getByLabelText('Duration'),
      'other',
    );
    await userEvent.type(
      within(dialog).getByLabelText('Duration (ISO 8601)'),
      'PT2H',
    );
    await submitWith(dialog, 'on call');
    const status = await within(dialog).findByRole('status');
    expect(status).toHaveTextContent(
      /^Approved at once: team-payments has read access on aks-prod-weu\/payments-api/,
    );
    expect(status).toHaveTextContent('ends in 2 h 1 min');
    expect(status).not.toHaveTextContent(expiresAt);
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
    const { dialog, onRequested } = await renderDialog({
      api: fakeAksAccessApi({
        requestAccess: jest.fn(async () => Promise.reject(error)),
      }),
    });
    await userEvent.selectOptions(
      within(dialog).getByLabelText('Duration'),
      'P7D',
    );
    await submitWith(dialog, 'migration week');
    expect(await within(dialog).findByText(message)).toBeInTheDocument();
    expect(onRequested).not.toHaveBeenCalled();
  });

  it('says what a grant to the viewer spends of the subscription, and switches to the group that would cover them', async () => {
    const { api, dialog } = await renderDialog({
      from: withCost([
        { displayName: 'Team Payments', assignments: 1, requestable: true },
      ]),
    });
    // A group is chosen: nothing to say.
    expect(
      within(dialog).queryByRole('note', { name: 'Role assignments' }),
    ).not.toBeInTheDocument();
    await userEvent.selectOptions(
      within(dialog).getByLabelText(/^For/),
      VIEWER_REF,
    );
    const hint = within(dialog).getByRole('note', { name: 'Role assignments' });
    expect(hint).toHaveTextContent(
      'A grant to you uses 2 of the role assignments Azure allows the subscription of aks-prod-weu (3,212 of 4,000 used). Requesting for Team Payments, a group you are in, uses 1 for all its members.',
    );
    await userEvent.click(
      within(hint).getByRole('button', { name: 'Ask for Team Payments' }),
    );
    expect(within(dialog).getByLabelText(/^For/)).toHaveValue(
      'group:default/team-payments',
    );
    expect(
      within(dialog).queryByRole('note', { name: 'Role assignments' }),
    ).not.toBeInTheDocument();
    await submitWith(dialog, 'incident');
    await waitFor(() =>
      expect(api.requestAccess).toHaveBeenCalledWith(
        expect.objectContaining({ principal: 'group:default/team-payments' }),
      ),
    );
  });

  it('names a group the viewer cannot ask for without offering to switch', async () => {
    const { dialog } = await renderDialog({
      from: withCost([
        { displayName: 'Payments Readers', assignments: 2, requestable: false },
      ]),
    });
    await userEvent.selectOptions(
      within(dialog).getByLabelText(/^For/),
      VIEWER_REF,
    );
    const hint = within(dialog).getByRole('note', { name: 'Role assignments' });
    expect(hint).toHaveTextContent(
      'A grant to Payments Readers, a group you are in, would use the same 2 for all its members; its owners can ask for it.',
    );
    expect(within(hint).queryByRole('button')).not.toBeInTheDocument();
  });
});
