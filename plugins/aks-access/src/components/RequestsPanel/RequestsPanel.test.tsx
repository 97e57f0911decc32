import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeAksAccessApi,
  responseError,
} from '../../__testUtils__/fakeAksAccessApi';
import {
  approvedRequest,
  deniedRequest,
  ownerViewer,
  PAYMENTS_API_REF,
  pendingRequest,
  viewer,
} from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { localTime } from '../../timeFormat';
import { RequestsPanel } from './RequestsPanel';

// Without the catalog's presentation API, a person's name is their entity name.
const APPROVE_ALICE =
  "Approve alice's request for write on aks-dev-weu/payments-api";
const DENY_ALICE = "Deny alice's request for write on aks-dev-weu/payments-api";

async function renderPanel(api = fakeAksAccessApi(), seenBy = ownerViewer) {
  const onChanged = jest.fn();
  await renderWithApis(
    <RequestsPanel
      entityRef={PAYMENTS_API_REF}
      viewer={seenBy}
      onChanged={onChanged}
    />,
    { api },
  );
  return { api, onChanged };
}

describe('RequestsPanel', () => {
  it('lists pending requests with who, for whom, where, level, duration and why', async () => {
    const { api } = await renderPanel();
    expect(api.listAccessRequests).toHaveBeenCalledWith({
      entityRef: PAYMENTS_API_REF,
    });
    const pending = await screen.findByRole('table', {
      name: 'Pending requests',
    });
    const rows = within(pending).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(1);
    const cells = within(rows[0])
      .getAllByRole('cell')
      .map(c => c.textContent);
    expect(cells.slice(0, 6)).toEqual([
      'alice',
      'alice',
      'payments-apion aks-dev-weu',
      'write',
      'PT4H (4 hours)',
      pendingRequest.justification,
    ]);
    expect(
      within(rows[0]).getByRole('button', { name: APPROVE_ALICE }),
    ).toBeInTheDocument();
    expect(
      within(rows[0]).getByRole('button', { name: DENY_ALICE }),
    ).toBeInTheDocument();
    expect(screen.getByText('Requests')).toBeInTheDocument();
  });

  it('shows the history: who decided or ended each request, and when', async () => {
    await renderPanel();
    const history = await screen.findByRole('table', {
      name: 'Request history',
    });
    const rows = within(history).getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual([
      expect.stringContaining(
        `approved by carol at ${localTime(approvedRequest.decidedAt!)}; ended`,
      ),
      expect.stringContaining(
        `denied by carol at ${localTime(deniedRequest.decidedAt!)}`,
      ),
    ]);
    expect(rows[0]).toHaveTextContent(localTime(approvedRequest.expiresAt!));
    // No refs and no ISO times where a name and a local time exist.
    for (const row of rows) {
      expect(row.textContent).not.toMatch(/user:default|\d{4}-\d\d-\d\dT/);
    }
    expect(rows[1]).toHaveTextContent(
      'Comment: admin on prod needs a change ticket',
    );
    expect(within(rows[0]).getByText('active')).toBeInTheDocument();
  });

  it('offers Approve and Deny only to approvers, and never on their own request', async () => {
    await renderPanel(fakeAksAccessApi(), viewer);
    const pending = await screen.findByRole('table', {
      name: 'Pending requests',
    });
    expect(within(pending).queryByRole('button')).not.toBeInTheDocument();
    expect(pending).toHaveTextContent('Waiting for the owners');
  });

  it("shows the requester's own pending request as theirs, without Approve, even to an approver", async () => {
    await renderPanel(fakeAksAccessApi(), {
      ...ownerViewer,
      user: { entityRef: 'user:default/Alice' },
    });
    const pending = await screen.findByRole('table', {
      name: 'Pending requests',
    });
    expect(within(pending).queryByRole('button')).not.toBeInTheDocument();
    expect(pending).toHaveTextContent('Your request: the owners decide');
  });

  it('approves with the comment, then refreshes', async () => {
    const { api, onChanged } = await renderPanel();
    await userEvent.click(
      await screen.findByRole('button', { name: APPROVE_ALICE }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(pendingRequest.justification);
    await userEvent.type(
      within(dialog).getByLabelText('Comment (optional)'),
      'ok, until the incident is closed',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );

    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(api.approveAccessRequest).toHaveBeenCalledWith(pendingRequest.id, {
      comment: 'ok, until the incident is closed',
    });
    expect(api.denyAccessRequest).not.toHaveBeenCalled();
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('denies with the comment', async () => {
    const { api, onChanged } = await renderPanel();
    await userEvent.click(
      await screen.findByRole('button', { name: DENY_ALICE }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByLabelText('Comment (optional)'),
      'use the read-only dashboard',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Deny' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(api.denyAccessRequest).toHaveBeenCalledWith(pendingRequest.id, {
      comment: 'use the read-only dashboard',
    });
  });

  it('sends no comment when none was written', async () => {
    const { api, onChanged } = await renderPanel();
    await userEvent.click(
      await screen.findByRole('button', { name: APPROVE_ALICE }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(api.approveAccessRequest).toHaveBeenCalledWith(
      pendingRequest.id,
      {},
    );
  });

  it("shows the backend's four-eyes refusal, and keeps the dialog open", async () => {
    const fourEyes = `Four eyes: user:default/alice made access request ${pendingRequest.id} and cannot approve it, not even as a platform admin; another owner of ${PAYMENTS_API_REF} must`;
    const error = await responseError(403, 'Forbidden', fourEyes);
    const { onChanged } = await renderPanel(
      fakeAksAccessApi({
        approveAccessRequest: jest.fn(async () => Promise.reject(error)),
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: APPROVE_ALICE }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );
    expect(await within(dialog).findByText(fourEyes)).toBeInTheDocument();
    expect(
      within(dialog).queryByText(/Request failed with 403/),
    ).not.toBeInTheDocument();
    expect(onChanged).not.toHaveBeenCalled();
  });

  it('shows a conflict (decided meanwhile) as the backend said it', async () => {
    const conflict = `Access request ${pendingRequest.id} was approved by user:default/carol in the meantime`;
    const error = await responseError(
      409,
      'Conflict',
      conflict,
      'ConflictError',
    );
    await renderPanel(
      fakeAksAccessApi({
        denyAccessRequest: jest.fn(async () => Promise.reject(error)),
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: DENY_ALICE }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Deny' }));
    expect(await within(dialog).findByText(conflict)).toBeInTheDocument();
  });

  it('says when nothing is pending or decided', async () => {
    await renderPanel(
      fakeAksAccessApi({
        listAccessRequests: jest.fn(async () => ({ items: [] })),
      }),
    );
    expect(await screen.findByText('No pending requests.')).toBeInTheDocument();
    expect(
      screen.getByText('No decided or ended requests.'),
    ).toBeInTheDocument();
  });

  it('shows why the list could not be read', async () => {
    const error = await responseError(
      403,
      'Forbidden',
      'You may not list access requests',
    );
    await renderPanel(
      fakeAksAccessApi({
        listAccessRequests: jest.fn(async () => Promise.reject(error)),
      }),
    );
    expect(
      await screen.findByText('You may not list access requests'),
    ).toBeInTheDocument();
  });
});
