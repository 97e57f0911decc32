import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  NetworkingV1Api,
  PatchStrategy,
} from '@kubernetes/client-node';
import https from 'node:https';
import { DEMO_MANAGED_NAMESPACE } from '../seed/demoWorld';
import { RunningSandbox, startSandbox } from '../startSandbox';
import { Kubectl, kubectlFor } from './__testUtils__/kubectl';
import {
  NAMESPACE_RECONCILER_USER,
  NAMESPACE_WEBHOOK,
} from './managedNamespaceGuard';

jest.setTimeout(60_000);

const NS = DEMO_MANAGED_NAMESPACE;
const prod = '--context=aks-prod-weu-admin';
const denial = (message: string) =>
  `admission webhook "${NAMESPACE_WEBHOOK}" denied the request: ${message}`;
const LABELS = `Updating/deleting namespace ${NS} labels is not allowed because it is managed by ARM. Please update this namespace through the ARM API.`;
const DELETE_NS = `Deleting namespace ${NS} is not allowed because it is managed by ARM. Please delete this namespace though ARM api.`;
const UPDATE_QUOTA =
  'Updating resource quota defaultresourcequota is not allowed because it is managed by ARM. Please update this resource quota though ARM api.';
const DELETE_QUOTA =
  'Deleting resource quota defaultresourcequota is not allowed because it is managed by ARM.';
const UPDATE_POLICY =
  'Updating default network policy defaultnetworkpolicy is not allowed because it is managed by ARM. Please update this network policy though ARM api';
const DELETE_POLICY =
  'Deleting default network policy defaultnetworkpolicy is not allowed because it is managed by ARM.';

let sandbox: RunningSandbox;
let kubectl: Kubectl;

beforeAll(async () => {
  sandbox = await startSandbox();
  kubectl = kubectlFor(sandbox);
});
afterAll(() => sandbox.stop());

function kubeConfig(): KubeConfig {
  const c = sandbox.clusters.find(x => x.name === 'aks-prod-weu')!;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: c.name, server: c.apiServerUrl, caData: c.caData }],
    users: [{ name: 'u', token: c.adminToken }],
    contexts: [{ name: 'ctx', cluster: c.name, user: 'u' }],
    currentContext: 'ctx',
  });
  return kc;
}

/** kubectl edit with an editor that rewrites the file with sed. */
async function edit(args: string[], sedScript: string) {
  const previous = process.env.KUBE_EDITOR;
  process.env.KUBE_EDITOR = `sed -i -e '${sedScript}'`;
  try {
    return await kubectl([prod, 'edit', ...args]);
  } finally {
    if (previous === undefined) delete process.env.KUBE_EDITOR;
    else process.env.KUBE_EDITOR = previous;
  }
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (e) {
    if (e instanceof ApiException)
      return {
        code: e.code,
        body: typeof e.body === 'string' ? JSON.parse(e.body) : e.body,
      };
    throw e;
  }
  throw new Error('expected the request to fail');
}

describe("the managed-namespace webhook, through kubectl (as the cluster's admin)", () => {
  it.each([
    ['kubectl label', ['label', 'ns', NS, 'extra=1'], LABELS],
    [
      'kubectl label --overwrite',
      ['label', 'ns', NS, 'team=other', '--overwrite'],
      LABELS,
    ],
    [
      'kubectl label (removing the mark)',
      ['label', 'ns', NS, 'kubernetes.azure.com/managedByArm-'],
      LABELS,
    ],
    ['kubectl annotate', ['annotate', 'ns', NS, 'note=x'], LABELS],
    ['kubectl delete ns', ['delete', 'ns', NS], DELETE_NS],
    [
      'kubectl delete ns --dry-run=server',
      ['delete', 'ns', NS, '--dry-run=server'],
      DELETE_NS,
    ],
    [
      'kubectl patch resourcequota',
      [
        'patch',
        'resourcequota',
        'defaultresourcequota',
        '-n',
        NS,
        '--type=merge',
        '-p',
        '{"spec":{"hard":{"limits.cpu":"64"}}}',
      ],
      UPDATE_QUOTA,
    ],
    [
      'kubectl delete resourcequota',
      ['delete', 'resourcequota', 'defaultresourcequota', '-n', NS],
      DELETE_QUOTA,
    ],
    [
      'kubectl patch networkpolicy',
      [
        'patch',
        'networkpolicy',
        'defaultnetworkpolicy',
        '-n',
        NS,
        '--type=json',
        '-p',
        '[{"op":"replace","path":"/spec/ingress","value":[{}]}]',
      ],
      UPDATE_POLICY,
    ],
    [
      'kubectl label networkpolicy',
      ['label', 'networkpolicy', 'defaultnetworkpolicy', '-n', NS, 'x=y'],
      UPDATE_POLICY,
    ],
    [
      'kubectl delete networkpolicy',
      ['delete', 'networkpolicy', 'defaultnetworkpolicy', '-n', NS],
      DELETE_POLICY,
    ],
  ])('%s is refused with 400 BadRequest', async (_name, args, message) => {
    const { code, stderr } = await kubectl([prod, ...args]);
    expect(code).not.toBe(0);
    expect(stderr).toContain(
      `Error from server (BadRequest): ${denial(message)}`,
    );
  });

  it("kubectl edit of the namespace's labels is refused, and nothing changed", async () => {
    const { code, stderr } = await edit(
      ['ns', NS],
      's/team: payments/team: other/',
    );
    expect(code).not.toBe(0);
    expect(stderr).toContain(denial(LABELS));
    const ns = JSON.parse(
      (await kubectl([prod, 'get', 'ns', NS, '-o', 'json'])).stdout,
    );
    expect(ns.metadata.labels).toMatchObject({
      team: 'payments',
      'kubernetes.azure.com/managedByArm': 'true',
    });
    expect(ns.metadata.deletionTimestamp).toBeUndefined();
  });

  it('kubectl edit of the default quota is refused', async () => {
    const { code, stderr } = await edit(
      ['resourcequota', 'defaultresourcequota', '-n', NS],
      's/limits.cpu: 4000m/limits.cpu: "64"/',
    );
    expect(code).not.toBe(0);
    expect(stderr).toContain(denial(UPDATE_QUOTA));
  });

  it('lets other quotas and network policies be added, changed and deleted', async () => {
    const manifest = `
apiVersion: v1
kind: ResourceQuota
metadata: { name: team-extra, namespace: ${NS} }
spec: { hard: { pods: "20" } }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: allow-ingress-controller, namespace: ${NS} }
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels: { kubernetes.io/metadata.name: app-routing-system }
`;
    expect((await kubectl([prod, 'apply', '-f', '-'], manifest)).code).toBe(0);
    expect(
      (
        await kubectl([
          prod,
          'patch',
          'resourcequota',
          'team-extra',
          '-n',
          NS,
          '--type=merge',
          '-p',
          '{"spec":{"hard":{"pods":"30"}}}',
        ])
      ).code,
    ).toBe(0);
    expect((await kubectl([prod, 'delete', '-f', '-'], manifest)).code).toBe(0);
  });

  it('lets the namespace itself be written where ARM sets nothing, and other namespaces be labelled', async () => {
    expect(
      (await kubectl([prod, 'label', 'ns', 'checkout-api', 'probe=1'])).code,
    ).toBe(0);
    expect(
      (await kubectl([prod, 'label', 'ns', 'checkout-api', 'probe-'])).code,
    ).toBe(0);
    // The default ServiceAccount, and anything else in the namespace, stays writable.
    expect(
      (await kubectl([prod, 'annotate', 'sa', 'default', '-n', NS, 'x=y']))
        .code,
    ).toBe(0);
  });
});

describe('the managed-namespace webhook, through @kubernetes/client-node', () => {
  it('refuses a replace of the namespace with other labels, with the Status a webhook denial has', async () => {
    const core = kubeConfig().makeApiClient(CoreV1Api);
    const ns = await core.readNamespace({ name: NS });
    ns.metadata!.labels = { ...ns.metadata!.labels, team: 'other' };
    const { code, body } = await failure(
      core.replaceNamespace({ name: NS, body: ns }),
    );
    expect(code).toBe(400);
    expect(body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: denial(LABELS),
      reason: 'BadRequest',
      code: 400,
    });
  });

  it('refuses a strategic-merge patch of its annotations, a server-side apply of its labels, and deletes', async () => {
    const objects = KubernetesObjectApi.makeApiClient(kubeConfig());
    const annotate = await failure(
      objects.patch(
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name: NS,
            annotations: { 'contoso.example/cost-center': 'x' },
          },
        },
        undefined,
        undefined,
        undefined,
        undefined,
        PatchStrategy.StrategicMergePatch,
      ),
    );
    expect(annotate.body.message).toBe(denial(LABELS));
    const apply = await failure(
      objects.patch(
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: NS, labels: { team: 'mine' } },
        },
        undefined,
        undefined,
        'someone',
        true,
        PatchStrategy.ServerSideApply,
      ),
    );
    expect(apply.body.message).toBe(denial(LABELS));

    const core = kubeConfig().makeApiClient(CoreV1Api);
    const deleteQuota = await failure(
      core.deleteNamespacedResourceQuota({
        name: 'defaultresourcequota',
        namespace: NS,
      }),
    );
    expect({
      code: deleteQuota.code,
      message: deleteQuota.body.message,
    }).toEqual({ code: 400, message: denial(DELETE_QUOTA) });
    const deleteAllQuotas = await failure(
      core.deleteCollectionNamespacedResourceQuota({ namespace: NS }),
    );
    expect(deleteAllQuotas.body.message).toBe(denial(DELETE_QUOTA));
    const networking = kubeConfig().makeApiClient(NetworkingV1Api);
    const deletePolicy = await failure(
      networking.deleteNamespacedNetworkPolicy({
        name: 'defaultnetworkpolicy',
        namespace: NS,
      }),
    );
    expect(deletePolicy.body.message).toBe(denial(DELETE_POLICY));
    const quota = await core.readNamespacedResourceQuota({
      name: 'defaultresourcequota',
      namespace: NS,
    });
    expect(quota.spec?.hard).toEqual({
      'requests.cpu': '2000m',
      'limits.cpu': '4000m',
      'requests.memory': '4Gi',
      'limits.memory': '8Gi',
    });
  });

  it("lets ARM's reconciler through (and so a cluster admin who impersonates it)", async () => {
    const c = sandbox.clusters.find(x => x.name === 'aks-prod-weu')!;
    const path = `/api/v1/namespaces/${NS}/resourcequotas/defaultresourcequota`;
    const reply = await new Promise<{ status: number; body: any }>(
      (resolve, reject) => {
        const data = JSON.stringify({
          spec: { hard: { 'limits.cpu': '5000m' } },
        });
        const req = https.request(
          `${c.apiServerUrl}${path}`,
          {
            method: 'PATCH',
            ca: sandbox.caPem,
            headers: {
              authorization: `Bearer ${c.adminToken}`,
              'impersonate-user': NAMESPACE_RECONCILER_USER,
              'impersonate-group': 'system:masters',
              'content-type': 'application/merge-patch+json',
              'content-length': Buffer.byteLength(data),
            },
          },
          res => {
            const chunks: Buffer[] = [];
            res.on('data', chunk => chunks.push(chunk));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                body: JSON.parse(Buffer.concat(chunks).toString()),
              }),
            );
          },
        );
        req.on('error', reject);
        req.end(data);
      },
    );
    expect(reply.status).toBe(200);
    expect(reply.body.spec.hard['limits.cpu']).toBe('5000m');
  });
});
