import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse } from 'yaml';
import type { DiscoveryService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
// The actions are exercised against the real plugin they call, started as
// that plugin's own tests start it.
import { startAksAccessTestBackend } from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

const REPO = path.resolve(__dirname, '../../../..');

/** The embedded default's `aksAccess` block, so the tests meet the policy users get. */
function embeddedDefaultConfig() {
  return parse(fs.readFileSync(path.join(REPO, 'app-config.yaml'), 'utf8'))
    .aksAccess;
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
    features?: NonNullable<
      Parameters<typeof startAksAccessTestBackend>[0]
    >['features'];
  } = {},
) {
  const aksAccess = embeddedDefaultConfig();
  if (options.sandboxDataDir)
    aksAccess.sandbox.dataDir = options.sandboxDataDir;
  const backend = await startAksAccessTestBackend({
    aksAccess,
    deniedUsers: options.deniedUsers,
    features: options.features,
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
