import https from 'node:https';
import type { FaultConfig } from '../context';
import { RunningSandbox, startSandbox } from '../startSandbox';
import type { RequestInfo } from './requestInfo';
import { drawServerFault } from './serverFaults';
import { openWatch, rawKube } from './__testUtils__/rawKube';

jest.setTimeout(60_000);

const INTERNAL_ERROR = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'Internal error occurred: etcdserver: request timed out',
  reason: 'InternalError',
  details: { causes: [{ message: 'etcdserver: request timed out' }] },
  code: 500,
};
const SERVICE_UNAVAILABLE = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'apiserver is shutting down',
  reason: 'ServiceUnavailable',
  code: 503,
};

describe('drawServerFault', () => {
  const resource = (verb: string) =>
    ({
      kind: 'resource',
      type: undefined,
      group: '',
      version: 'v1',
      resource: 'namespaces',
      verb,
    } as RequestInfo);
  const nonResource: RequestInfo = { kind: 'nonResource', path: '/version' };
  /** Math.random's stand-in: the rate draw, then the 500/503 draw. */
  const draws =
    (...values: number[]) =>
    () =>
      values.shift() ?? 0;
  const codeOf = (
    rate: number | undefined,
    info: RequestInfo,
    ...values: number[]
  ) =>
    drawServerFault({ kubeErrorRate: rate }, info, draws(...values))?.toStatus()
      .code;

  it('fails a request with the configured probability', () => {
    expect(codeOf(undefined, resource('get'), 0)).toBeUndefined();
    expect(codeOf(0, resource('get'), 0)).toBeUndefined();
    expect(codeOf(0.3, resource('get'), 0.3)).toBeUndefined();
    expect(codeOf(0.3, resource('get'), 0.29, 0.2)).toBe(500);
    expect(codeOf(0.3, resource('get'), 0.29, 0.7)).toBe(503);
  });

  it('lets watches meet only the storage error, and requests that read no storage only the shutdown', () => {
    expect(codeOf(1, resource('watch'), 0, 0.7)).toBe(500);
    expect(codeOf(1, nonResource, 0, 0.2)).toBe(503);
    expect(codeOf(1, nonResource, 0, 0.7)).toBe(503);
  });
});

describe('kubeErrorRate on a running API server', () => {
  const faults: FaultConfig = {};
  let sandbox: RunningSandbox;
  const cluster = 'aks-dev-neu';
  beforeAll(async () => {
    sandbox = await startSandbox({ faults });
  });
  afterAll(() => sandbox.stop());
  afterEach(() => {
    faults.kubeErrorRate = undefined;
  });

  it('answers 500 and 503 with the Status bodies and headers kube-apiserver sends', async () => {
    faults.kubeErrorRate = 1;
    const seen = new Map<number, { headers: any; body: any }>();
    for (let i = 0; i < 60 && seen.size < 2; i++) {
      const r = await rawKube(sandbox, cluster, '/api/v1/namespaces');
      seen.set(r.status, {
        headers: r.headers,
        body: JSON.parse(r.raw.toString('utf8')),
      });
    }
    expect([...seen.keys()].sort()).toEqual([500, 503]);
    expect(seen.get(500)!.body).toEqual(INTERNAL_ERROR);
    expect(seen.get(503)!.body).toEqual(SERVICE_UNAVAILABLE);
    expect(seen.get(503)!.headers['retry-after']).toBe('1');
    for (const { headers } of seen.values())
      expect(headers['content-type']).toBe('application/json');
  });

  it('leaves the cluster OIDC issuer (discovery, JWKS) alone', async () => {
    faults.kubeErrorRate = 1;
    const issuer = sandbox.clusters.find(
      c => c.name === cluster,
    )!.oidcIssuerUrl;
    const statusOf = (url: string) =>
      new Promise(resolve =>
        https.get(url, { ca: sandbox.caPem }, res => {
          res.resume();
          resolve(res.statusCode);
        }),
      );
    expect(
      await Promise.all([
        statusOf(`${issuer}.well-known/openid-configuration`),
        statusOf(`${issuer}openid/v1/jwks`),
      ]),
    ).toEqual([200, 200]);
  });

  it('refuses a watch only before it starts, and never cuts one that is open', async () => {
    faults.kubeErrorRate = 1;
    for (let i = 0; i < 5; i++) {
      const refused = await rawKube(
        sandbox,
        cluster,
        '/api/v1/namespaces?watch=1',
      );
      expect({
        status: refused.status,
        body: JSON.parse(refused.raw.toString('utf8')),
      }).toEqual({ status: 500, body: INTERNAL_ERROR });
    }

    faults.kubeErrorRate = 0;
    const watch = openWatch(sandbox, cluster, '/api/v1/namespaces?watch=1');
    await watch.started;
    expect(watch.state.status).toBe(200);
    // While the fault fails everything else, the open watch streams on.
    faults.kubeErrorRate = 1;
    const failed = await Promise.all(
      Array.from({ length: 10 }, () =>
        rawKube(sandbox, cluster, '/api/v1/namespaces'),
      ),
    );
    expect(
      failed.map(r => r.status).filter(s => s !== 500 && s !== 503),
    ).toEqual([]);
    faults.kubeErrorRate = 0;
    const created = await rawKube(sandbox, cluster, '/api/v1/namespaces', {
      method: 'POST',
      body: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'watched-through-faults' },
      },
    });
    expect(created.status).toBe(201);
    for (let i = 0; i < 50; i++) {
      if (
        watch.events.some(
          e => e.object?.metadata?.name === 'watched-through-faults',
        )
      )
        break;
      await new Promise(r => setTimeout(r, 20));
    }
    expect(
      watch.events
        .filter(e => e.object?.metadata?.name === 'watched-through-faults')
        .map(e => e.type),
    ).toEqual(['ADDED']);
    expect(watch.state.ended).toBe(false);
    watch.close();
  });
});
