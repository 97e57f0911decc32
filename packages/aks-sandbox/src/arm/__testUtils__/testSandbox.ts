/*
 * What the ARM and Entra tests share: a sandbox whose CA an https.Agent
 * trusts, the backend's credential, and raw HTTPS calls for tests that look at
 * the wire (status, headers, error bodies) rather than at what an SDK makes of
 * them.
 */
import https from 'https';
import { ClientSecretCredential } from '@azure/identity';
import type { FaultConfig } from '../../context';
import { DEMO_ADMIN_APP, DEMO_TENANT_ID } from '../../seed/demoWorld';
import { startSandbox, type RunningSandbox } from '../../startSandbox';

export interface TestSandbox extends RunningSandbox {
  /** trusts the sandbox CA; pass as `agent` to Azure SDK clients and credentials */
  agent: https.Agent;
}

export async function startTestSandbox(faults: FaultConfig = {}): Promise<TestSandbox> {
  const sandbox = await startSandbox({ faults });
  const agent = new https.Agent({ ca: sandbox.caPem, keepAlive: true });
  return {
    ...sandbox,
    agent,
    async stop() {
      agent.destroy();
      await sandbox.stop();
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

export function rawRequest(
  sb: TestSandbox,
  method: string,
  url: string,
  options: { token?: string; body?: unknown; form?: URLSearchParams } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const data = options.form?.toString() ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const contentType = options.form ? 'application/x-www-form-urlencoded' : 'application/json';
    const req = https.request(url, {
      method,
      agent: sb.agent,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(data ? { 'content-type': contentType, 'content-length': Buffer.byteLength(data) } : {}),
      },
    }, res => {
      const chunks: Buffer[] = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** The backend's credential: the admin app's client secret against the sandbox authority. */
export function adminCredential(sb: TestSandbox): ClientSecretCredential {
  return new ClientSecretCredential(DEMO_TENANT_ID, DEMO_ADMIN_APP.appId, DEMO_ADMIN_APP.clientSecret, {
    authorityHost: sb.authorityHost,
    // MSAL's instance discovery always asks login.microsoftonline.com; a private authority must skip it.
    disableInstanceDiscovery: true,
    agent: sb.agent,
  });
}

export async function adminToken(sb: TestSandbox): Promise<string> {
  return (await adminCredential(sb).getToken('https://management.azure.com/.default')).token;
}
