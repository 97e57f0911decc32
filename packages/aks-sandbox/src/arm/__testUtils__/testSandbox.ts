/*
 * What the ARM and Entra tests share: a sandbox whose CA an https.Agent
 * trusts, the backend's least-privilege credential, the operator's (Owner of
 * the subscription) for setting state up, and raw HTTPS calls for tests that
 * look at the wire (status, headers, error bodies) rather than at what an SDK
 * makes of them.
 */
import https from 'https';
import type { RestError } from '@azure/core-rest-pipeline';
import { ClientSecretCredential } from '@azure/identity';
import type { FaultConfig } from '../../context';
import {
  DEMO_ADMIN_APP,
  DEMO_TENANT_ID,
  SANDBOX_OPERATOR_APP,
} from '../../seed/demoWorld';
import { startSandbox, type RunningSandbox } from '../../startSandbox';

export interface TestSandbox extends RunningSandbox {
  /** trusts the sandbox CA; pass as `agent` to Azure SDK clients and credentials */
  agent: https.Agent;
  /** Deletes every role assignment but the operator's Owner, whose credential the tests then act with. */
  resetRoleAssignments(): Promise<void>;
}

export async function startTestSandbox(
  faults: FaultConfig = {},
): Promise<TestSandbox> {
  const sandbox = await startSandbox({ faults });
  const agent = new https.Agent({ ca: sandbox.caPem, keepAlive: true });
  const operatorOnly = Object.fromEntries(
    Object.entries(sandbox.store.state.roleAssignments).filter(
      ([, r]) => r.principalId === SANDBOX_OPERATOR_APP.servicePrincipalId,
    ),
  );
  return {
    ...sandbox,
    agent,
    resetRoleAssignments: () =>
      sandbox.store.commit([
        { path: ['roleAssignments'], value: { ...operatorOnly } },
      ]),
    async stop() {
      agent.destroy();
      await sandbox.stop();
    },
  };
}

/** A list of role assignments without the operator's own, for comparing with what a test created. */
export function withoutOperator<T extends { principalId?: string }>(
  assignments: T[],
): T[] {
  return assignments.filter(
    a => a.principalId !== SANDBOX_OPERATOR_APP.servicePrincipalId,
  );
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
  options: {
    token?: string;
    body?: unknown;
    form?: URLSearchParams;
    headers?: Record<string, string>;
  } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const data =
      options.form?.toString() ??
      (options.body === undefined ? undefined : JSON.stringify(options.body));
    const contentType = options.form
      ? 'application/x-www-form-urlencoded'
      : 'application/json';
    const req = https.request(
      url,
      {
        method,
        agent: sb.agent,
        headers: {
          ...options.headers,
          ...(options.token
            ? { authorization: `Bearer ${options.token}` }
            : {}),
          ...(data
            ? {
                'content-type': contentType,
                'content-length': Buffer.byteLength(data),
              }
            : {}),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text ? JSON.parse(text) : undefined,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

function appCredential(
  sb: TestSandbox,
  app: { appId: string; clientSecret: string },
): ClientSecretCredential {
  return new ClientSecretCredential(
    DEMO_TENANT_ID,
    app.appId,
    app.clientSecret,
    {
      authorityHost: sb.authorityHost,
      // MSAL's instance discovery always asks login.microsoftonline.com; a private authority must skip it.
      disableInstanceDiscovery: true,
      agent: sb.agent,
    },
  );
}

/** The backend's credential: the admin app's client secret against the sandbox authority. */
export function adminCredential(sb: TestSandbox): ClientSecretCredential {
  return appCredential(sb, DEMO_ADMIN_APP);
}

/** The sandbox operator's credential: Owner of the subscription. */
export function operatorCredential(sb: TestSandbox): ClientSecretCredential {
  return appCredential(sb, SANDBOX_OPERATOR_APP);
}

export async function adminToken(sb: TestSandbox): Promise<string> {
  return (
    await adminCredential(sb).getToken('https://management.azure.com/.default')
  ).token;
}

export async function operatorToken(sb: TestSandbox): Promise<string> {
  return (
    await operatorCredential(sb).getToken(
      'https://management.azure.com/.default',
    )
  ).token;
}

/** The error an SDK call fails with; a call that succeeds fails the test. */
export async function rejection(promise: Promise<unknown>): Promise<RestError> {
  try {
    await promise;
  } catch (e) {
    return e as RestError;
  }
  throw new Error('expected the call to fail');
}
