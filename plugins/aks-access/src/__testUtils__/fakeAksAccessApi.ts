import type { AccessRequest } from '@aks-access/plugin-aks-access-common';
import type { AksAccessApi } from '../api';
import {
  access,
  clusters,
  entityRequests,
  myRequests,
  people,
  viewer,
} from './fixtures';

const decided = (
  request: AccessRequest,
  state: AccessRequest['state'],
  comment?: string,
): AccessRequest => ({
  ...request,
  state,
  decidedAt: '2026-11-28T10:05:00.000Z',
  decidedBy: 'user:default/test',
  ...(comment ? { comment } : {}),
});

const byId = (id: string) =>
  [...entityRequests, ...myRequests].find(r => r.id === id) ??
  entityRequests[0];

function reviewOutcome(decision: 'keep' | 'revoke', dryRun?: boolean) {
  if (dryRun) return 'planned' as const;
  return decision === 'keep' ? ('kept' as const) : ('revoked' as const);
}

/** A fake of the plugin's own API, answering with the demo-shaped fixtures. */
export function fakeAksAccessApi(
  overrides: Partial<AksAccessApi> = {},
): jest.Mocked<AksAccessApi> {
  return {
    getClusters: jest.fn(async () => ({ items: clusters })),
    getEntityAccess: jest.fn(async () => access),
    getEntityPeople: jest.fn(async () => people),
    getEntityViewer: jest.fn(async () => viewer),
    getEntitySensitivePermissions: jest.fn(async () => ({
      entityRef: access.entityRef,
      findings: [],
      expected: [],
      generatedAt: '2026-11-28T10:00:00.000Z',
    })),
    getEntityWhatCan: jest.fn(async (_entity, query) => ({
      principal: { kind: 'User' as const, id: query.principal },
      cluster: query.cluster,
      namespace: query.namespace,
      verbs: ['get', 'create'],
      rows: [
        {
          resource: 'pods',
          apiGroup: '',
          cells: [
            { verb: 'get', allowed: true, paths: [] },
            { verb: 'create', allowed: false, paths: [] },
          ],
        },
      ],
      generatedAt: '2026-11-28T10:00:00.000Z',
    })),
    getEntityWhoCan: jest.fn(async (_entity, query) => ({
      entityRef: access.entityRef,
      verb: query.verb,
      resource: query.resource,
      apiGroup: '',
      namespaces: [],
      people: [],
      totalPeople: 0,
      offset: 0,
      limit: 50,
      workloadIdentities: [],
      others: [],
      membership: people.membership,
      generatedAt: '2026-11-28T10:00:00.000Z',
    })),
    checkAccess: jest.fn(async () => ({
      allowed: true,
      reason: 'RBAC: allowed',
    })),
    revokeGrant: jest.fn(async () => ({ changes: [] })),
    requestAccess: jest.fn(async input => ({
      request: {
        ...input,
        id: '6f0b5a6e-1c1a-4d7e-9a51-0000000000ff',
        entityRef: access.entityRef,
        requester: 'user:default/test',
        state: 'pending' as const,
        createdAt: '2026-11-28T10:00:00.000Z',
        pendingUntil: '2026-11-29T10:00:00.000Z',
      },
      changes: [],
    })),
    listAccessRequests: jest.fn(async (query = {}) => ({
      items: query.mine ? myRequests : entityRequests,
    })),
    approveAccessRequest: jest.fn(async (id, options = {}) => ({
      request: decided(byId(id), 'approved', options.comment),
      changes: [],
    })),
    denyAccessRequest: jest.fn(async (id, options = {}) => ({
      request: decided(byId(id), 'denied', options.comment),
      changes: [],
    })),
    cancelAccessRequest: jest.fn(async id => ({
      request: { ...byId(id), state: 'cancelled' as const },
      changes: [],
    })),
    reviewGrants: jest.fn(async ({ decisions, dryRun }) => ({
      results: decisions.map(d => ({
        ...d,
        outcome: reviewOutcome(d.decision, dryRun),
      })),
      changes: [],
    })),
    ...overrides,
  } as jest.Mocked<AksAccessApi>;
}

/**
 * What the fetch-based client throws for a non-2xx answer, without a network.
 * `message` is what the backend's error handler put in the body.
 */
export async function responseError(
  status: number,
  statusText: string,
  message: string = statusText,
  name: string = 'NotAllowedError',
) {
  const { ResponseError } = await import('@backstage/errors');
  return ResponseError.fromResponse({
    status,
    statusText,
    url: 'http://localhost/api/aks-access',
    headers: { get: () => 'application/json' },
    text: async () =>
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
  } as any);
}
