import { targetPaths } from '@backstage/cli-common';
import fs from 'node:fs';
import { parse } from 'yaml';
import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import { SandboxOnDisk } from './sandboxOnDisk';
import { startAksAccessTestBackend } from './startAksAccessTestBackend';

/** The embedded default's policy (root app-config.yaml), so tests enforce what users get. */
export function examplePolicy(): object {
  const file = targetPaths.resolveRoot('app-config.yaml');
  return parse(fs.readFileSync(file, 'utf8')).aksAccess.policy;
}

export type TestBackend = Awaited<ReturnType<typeof startAksAccessTestBackend>>;

export async function startWritePathTestBackend(
  options: Parameters<typeof startAksAccessTestBackend>[0] = {},
) {
  return startAksAccessTestBackend({
    ...options,
    aksAccess: { policy: examplePolicy(), ...options.aksAccess },
  });
}

/**
 * For the enclosing describe: a write-path backend whose embedded sandbox
 * keeps its state in a folder of its own, so tests can reach the sandbox
 * directly and compare its state byte for byte.
 */
export function useBackendOnSandboxOnDisk(
  options: Omit<
    NonNullable<Parameters<typeof startAksAccessTestBackend>[0]>,
    'aksAccess'
  > & {
    aksAccess?: object;
  } = {},
) {
  const sandbox = new SandboxOnDisk();
  const context = { sandbox, backend: undefined as unknown as TestBackend };
  beforeAll(async () => {
    context.backend = await startWritePathTestBackend({
      ...options,
      aksAccess: {
        ...options.aksAccess,
        sandbox: { enabled: true, dataDir: sandbox.dataDir },
      },
    });
  });
  afterAll(async () => {
    await context.backend?.stop();
    sandbox.remove();
  });
  return context;
}

/** A client of the REST API for one caller. */
export function api(backend: TestBackend, userRef = 'user:default/alice') {
  const auth = mockCredentials.user.header(userRef);
  const base = '/api/aks-access';
  return {
    post: (p: string, body: unknown) =>
      request(backend.server)
        .post(`${base}${p}`)
        .set('authorization', auth)
        .send(body as object),
    delete: (p: string) =>
      request(backend.server).delete(`${base}${p}`).set('authorization', auth),
    get: (p: string) =>
      request(backend.server).get(`${base}${p}`).set('authorization', auth),
  };
}
