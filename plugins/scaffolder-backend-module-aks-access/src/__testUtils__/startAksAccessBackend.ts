import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
// Tests only: the actions are exercised against the real plugin they call.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import aksAccessPlugin from '@aks-access/plugin-aks-access-backend';
import {
  coreServices,
  createServiceFactory,
  type DiscoveryService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

const REPO = path.resolve(__dirname, '../../../..');

/** The example catalog (examples/ and its templates), as the embedded default loads it. */
function exampleEntities(): Entity[] {
  const files = ['examples', 'examples/templates'].flatMap(dir =>
    fs
      .readdirSync(path.join(REPO, dir))
      .filter(f => f.endsWith('.yaml'))
      .map(f => path.join(REPO, dir, f)),
  );
  return files
    .flatMap(f => parseAllDocuments(fs.readFileSync(f, 'utf8')))
    .map(d => d.toJS() as Entity)
    .filter(e => e?.kind)
    .map(e => ({ ...e, metadata: { namespace: 'default', ...e.metadata } }));
}

/** The embedded default's `aksAccess` block, so the tests meet the policy users get. */
function embeddedDefaultConfig(): object {
  return parse(fs.readFileSync(path.join(REPO, 'app-config.yaml'), 'utf8'))
    .aksAccess;
}

/** Allows everything, except for the listed users. */
function permissionsDenying(denied: string[]) {
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () => ({
      async authorize(requests: any[], options: any) {
        const deny = denied.includes(
          options.credentials.principal?.userEntityRef,
        );
        return requests.map(() => ({
          result: deny ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
        }));
      },
      async authorizeConditional(requests: any[]) {
        return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
      },
    }),
  });
}

/**
 * The aks-access backend with the in-process sandbox behind a real HTTP
 * server, and what the actions need to reach it as the scaffolder would: a
 * discovery of that server and an auth service that issues on-behalf-of
 * tokens the backend accepts.
 */
export async function startAksAccessBackend(
  options: {
    deniedUsers?: string[];
    /** Where the embedded sandbox keeps its state, for tests that reach it directly. */
    sandboxDataDir?: string;
    features?: Parameters<typeof startTestBackend>[0]['features'];
  } = {},
) {
  const aksAccess: any = embeddedDefaultConfig();
  if (options.sandboxDataDir)
    aksAccess.sandbox.dataDir = options.sandboxDataDir;
  const backend = await startTestBackend({
    features: [
      aksAccessPlugin,
      mockServices.rootConfig.factory({ data: { aksAccess } }),
      ...(options.features ?? []),
      catalogServiceMock.factory({ entities: exampleEntities() }),
      permissionsDenying(options.deniedUsers ?? []),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const baseUrl = async (pluginId: string) =>
    `http://localhost:${port}/api/${pluginId}`;
  const discovery: DiscoveryService = {
    getBaseUrl: baseUrl,
    getExternalBaseUrl: baseUrl,
  };
  const auth = mockServices.auth({ pluginId: 'scaffolder' });
  return { backend, discovery, auth };
}
