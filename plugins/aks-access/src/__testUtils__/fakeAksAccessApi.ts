import type { AksAccessApi } from '../api';
import { access, clusters } from './fixtures';

/** A fake of the plugin's own API, answering with the demo-shaped fixtures. */
export function fakeAksAccessApi(
  overrides: Partial<AksAccessApi> = {},
): jest.Mocked<AksAccessApi> {
  return {
    getClusters: jest.fn(async () => ({ items: clusters })),
    getEntityAccess: jest.fn(async () => access),
    reviewAccess: jest.fn(async () => ({
      allowed: true,
      reason: 'RBAC: allowed',
    })),
    revokeGrant: jest.fn(async () => ({ changes: [] })),
    ...overrides,
  } as jest.Mocked<AksAccessApi>;
}

/** What the fetch-based client throws for a non-2xx answer, without a network. */
export async function responseError(status: number, statusText: string) {
  const { ResponseError } = await import('@backstage/errors');
  return ResponseError.fromResponse({
    status,
    statusText,
    url: 'http://localhost/api/aks-access',
    headers: { get: () => 'application/json' },
    text: async () =>
      JSON.stringify({
        error: { name: 'NotAllowedError', message: statusText },
        response: { statusCode: status },
      }),
  } as any);
}
