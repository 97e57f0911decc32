import https from 'node:https';
import { ConfigReader } from '@backstage/config';
import {
  RunningSandbox,
  sandboxEnvironment,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';
import { createCredential } from '../azure/createCredential';
import { readAksAccessConfig } from '../config/readAksAccessConfig';
import { withEnvironment } from '../config/withEnvironment';

/** The backend's configuration on a running sandbox, as the sandbox module sets it, with an agent that trusts its CA. */
export function backendOnSandbox(sandbox: RunningSandbox) {
  const environment = sandboxEnvironment(sandbox);
  const config = withEnvironment(
    readAksAccessConfig(new ConfigReader({})),
    environment,
  );
  const agent = new https.Agent({ ca: environment.caPem, keepAlive: true });
  return { config, agent, credential: createCredential(config.azure, agent) };
}
