import { randomUUID } from 'crypto';
import YAML from 'yaml';
import {
  BUILTIN_ROLE_IDS,
  DEMO_CLUSTERS,
  DEMO_MANAGED_NAMESPACE,
  DEMO_SUBSCRIPTION_ID,
  DEMO_USERS,
} from '../seed/demoWorld';
import { ManagedNamespacesClient } from './__testUtils__/containerServiceLro';
import {
  adminCredential,
  adminToken,
  operatorCredential,
  operatorToken,
  rawRequest,
  type RawResponse,
  startTestSandbox,
  type TestSandbox,
} from './__testUtils__/testSandbox';
import { OPERATION_DURATION_MS } from './operations';

jest.setTimeout(60_000);

const { prod, dev } = DEMO_CLUSTERS;
const PROD_ID = `/subscriptions/${DEMO_SUBSCRIPTION_ID}/resourceGroups/${prod.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${prod.name}`;
const mnId = (name: string) => `${PROD_ID}/managedNamespaces/${name}`;
const V = '2026-08-01';

const spec = (properties: Record<string, unknown> = {}, extra = {}) => ({
  location: prod.location,
  tags: { team: 'payments' },
  properties: {
    labels: { app: 'web' },
    annotations: { owner: 'alice' },
    defaultResourceQuota: {
      cpuRequest: '500m',
      cpuLimit: '1000m',
      memoryRequest: '1Gi',
      memoryLimit: '2Gi',
    },
    ...properties,
  },
  ...extra,
});

describe('Microsoft.ContainerService/managedClusters/managedNamespaces', () => {
  let sb: TestSandbox;
  let token: string;
  let sdk: ManagedNamespacesClient;

  const arm = (
    method: string,
    path: string,
    body?: unknown,
    options: { apiVersion?: string; token?: string } = {},
  ) =>
    rawRequest(
      sb,
      method,
      `${sb.armUrl}${path}${path.includes('?') ? '&' : '?'}api-version=${
        options.apiVersion ?? V
      }`,
      { token: options.token ?? token, body },
    );
  const kube = (method: string, path: string, body?: unknown) =>
    rawRequest(
      sb,
      method,
      `${sb.clusters.find(c => c.name === prod.name)!.apiServerUrl}${path}`,
      { token: sb.clusters[0].adminToken, body },
    );
  const namespaceObjects = async (name: string) => ({
    namespace: (await kube('GET', `/api/v1/namespaces/${name}`)).body,
    quota: (
      await kube(
        'GET',
        `/api/v1/namespaces/${name}/resourcequotas/defaultresourcequota`,
      )
    ).body,
    policy: (
      await kube(
        'GET',
        `/apis/networking.k8s.io/v1/namespaces/${name}/networkpolicies/defaultnetworkpolicy`,
      )
    ).body,
  });
  /** Follows an accepted request's Azure-AsyncOperation until it reports an outcome, as a poller does. */
  const outcome = async (accepted: RawResponse) => {
    for (;;) {
      const status = await rawRequest(
        sb,
        'GET',
        accepted.headers['azure-asyncoperation'] as string,
        { token },
      );
      expect(status.status).toBe(200);
      if (status.body.status !== 'InProgress') return status.body;
      await new Promise(r => setTimeout(r, 50));
    }
  };
  const create = async (name: string, body: unknown = spec()) => {
    const res = await arm('PUT', mnId(name), body);
    expect({ status: res.status, body: res.body }).toMatchObject({
      status: 201,
    });
    expect(await outcome(res)).toMatchObject({ status: 'Succeeded' });
    return res;
  };
  const assign = (scope: string, role: string, principalId: string) =>
    arm(
      'PUT',
      `${scope}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`,
      {
        properties: {
          roleDefinitionId: `/subscriptions/${DEMO_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
          principalId,
          principalType: 'User',
        },
      },
      { apiVersion: '2022-04-01' },
    );
  const userToken = (name: string) =>
    sb.users.find(u => u.name === name)!.token;

  beforeAll(async () => {
    sb = await startTestSandbox();
    token = await operatorToken(sb);
    sdk = new ManagedNamespacesClient(
      operatorCredential(sb),
      DEMO_SUBSCRIPTION_ID,
      { endpoint: sb.armUrl, agent: sb.agent },
    );
  });
  afterAll(() => sb.stop());

  it('creates long-running: 201 with Azure-AsyncOperation and Retry-After, Creating until the operation succeeds', async () => {
    const res = await arm('PUT', mnId('lro-raw'), spec());
    expect(res.status).toBe(201);
    const asyncUrl = res.headers['azure-asyncoperation'] as string;
    expect(asyncUrl).toMatch(
      new RegExp(
        `^${sb.armUrl}/subscriptions/${DEMO_SUBSCRIPTION_ID}/providers/Microsoft\\.ContainerService/locations/${prod.location}/operations/[0-9a-f-]{36}\\?api-version=${V}$`,
      ),
    );
    expect(res.headers['retry-after']).toBe('1');
    expect(res.headers.location).toBeUndefined();
    expect(res.body).toMatchObject({
      id: mnId('lro-raw'),
      name: 'lro-raw',
      type: 'Microsoft.ContainerService/managedClusters/managedNamespaces',
      location: prod.location,
      tags: { team: 'payments' },
      properties: {
        provisioningState: 'Creating',
        labels: { app: 'web', 'kubernetes.azure.com/managedByArm': 'true' },
        annotations: { owner: 'alice' },
        defaultNetworkPolicy: {
          ingress: 'AllowSameNamespace',
          egress: 'AllowAll',
        },
        adoptionPolicy: 'Never',
        deletePolicy: 'Keep',
      },
    });
    const running = await rawRequest(sb, 'GET', asyncUrl, { token });
    expect(running.body).toMatchObject({
      status: 'InProgress',
      resourceId: mnId('lro-raw'),
    });
    expect(running.headers['retry-after']).toBe('1');
    expect((await arm('GET', mnId('lro-raw'))).body.properties).toMatchObject({
      provisioningState: 'Creating',
    });
    expect(await outcome(res)).toMatchObject({
      status: 'Succeeded',
      endTime: expect.any(String),
    });
    expect((await arm('GET', mnId('lro-raw'))).body.properties).toMatchObject({
      provisioningState: 'Succeeded',
    });
  });

  it('creates through the SDK poller (core-lro), whose final GET returns the resource; the cluster has the namespace, quota and policy', async () => {
    const started = Date.now();
    const poller = await sdk.beginCreateOrUpdate(
      prod.resourceGroup,
      prod.name,
      'lro-sdk',
      spec({ defaultNetworkPolicy: { ingress: 'DenyAll', egress: 'DenyAll' } }),
    );
    expect(poller.isDone()).toBe(false);
    const result = await poller.pollUntilDone();
    expect(Date.now() - started).toBeGreaterThanOrEqual(OPERATION_DURATION_MS);
    expect(result).toMatchObject({
      name: 'lro-sdk',
      properties: { provisioningState: 'Succeeded' },
    });
    const { namespace, quota, policy } = await namespaceObjects('lro-sdk');
    expect(namespace.metadata.labels).toEqual({
      app: 'web',
      'kubernetes.azure.com/managedByArm': 'true',
      'kubernetes.io/metadata.name': 'lro-sdk',
    });
    expect(namespace.metadata.annotations).toEqual({ owner: 'alice' });
    expect(quota.spec).toEqual({
      hard: {
        'requests.cpu': '500m',
        'limits.cpu': '1000m',
        'requests.memory': '1Gi',
        'limits.memory': '2Gi',
      },
    });
    expect(policy.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [],
    });
  });

  it('updates with 200 and no async headers: labels it no longer sets leave the namespace, the quota goes with defaultResourceQuota, the policy follows', async () => {
    await create('update-me');
    const res = await arm(
      'PUT',
      mnId('update-me'),
      spec({
        labels: { tier: 'gold' },
        annotations: {},
        defaultResourceQuota: {},
        defaultNetworkPolicy: { ingress: 'AllowAll' },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers['azure-asyncoperation']).toBeUndefined();
    expect(res.body.properties).toMatchObject({
      provisioningState: 'Succeeded',
      labels: { tier: 'gold', 'kubernetes.azure.com/managedByArm': 'true' },
      defaultNetworkPolicy: { ingress: 'AllowAll', egress: 'AllowAll' },
    });
    const { namespace, quota, policy } = await namespaceObjects('update-me');
    expect(namespace.metadata.labels).toEqual({
      tier: 'gold',
      'kubernetes.azure.com/managedByArm': 'true',
      'kubernetes.io/metadata.name': 'update-me',
    });
    expect(namespace.metadata.annotations ?? {}).toEqual({});
    expect(quota.code).toBe(404);
    expect(policy.spec).toMatchObject({ ingress: [{}], egress: [{}] });
  });

  it('PATCH changes the tags and nothing else', async () => {
    await create('tagged');
    const res = await arm('PATCH', mnId('tagged'), {
      tags: { a: 'b' },
      properties: { labels: { ignored: 'yes' } },
    });
    expect(res.status).toBe(200);
    expect(res.body.tags).toEqual({ a: 'b' });
    expect(res.body.properties.labels).not.toHaveProperty('ignored');
    expect((await arm('GET', mnId('tagged'))).body.tags).toEqual({ a: 'b' });
  });

  it('lists by cluster, ten to a page, the rest through nextLink', async () => {
    for (let i = 0; i < 11; i++)
      expect(
        (await arm('PUT', mnId(`page-${String(i).padStart(2, '0')}`), spec()))
          .status,
      ).toBe(201);
    const first = await arm('GET', `${PROD_ID}/managedNamespaces`);
    expect(first.status).toBe(200);
    expect(first.body.value).toHaveLength(10);
    expect(first.body.nextLink).toContain('%24skipToken=');
    const { pages, items } = await sdk.listByManagedCluster(
      prod.resourceGroup,
      prod.name,
    );
    expect(pages).toBeGreaterThan(1);
    const names = items.map(i => i.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(
      expect.arrayContaining([DEMO_MANAGED_NAMESPACE, 'page-00', 'page-10']),
    );
    const devId = PROD_ID.replace(
      prod.resourceGroup,
      dev.resourceGroup,
    ).replace(prod.name, dev.name);
    const devList = await arm('GET', `${devId}/managedNamespaces`);
    expect(devList.body).toEqual({ value: [] });
  });

  it('fails the operation when the API server refuses the reconciler (InternalError), and the resource is Failed', async () => {
    const res = await arm(
      'PUT',
      mnId('bad-label'),
      spec({ labels: { 'not a label key': 'x' } }),
    );
    expect(res.status).toBe(201);
    const status = await outcome(res);
    expect(status).toMatchObject({
      status: 'Failed',
      error: { code: 'InternalError' },
    });
    expect(status.error.message).toMatch(
      /^KubeClient failed to create namespace: Namespace "bad-label" is invalid: /,
    );
    expect((await arm('GET', mnId('bad-label'))).body.properties).toMatchObject(
      { provisioningState: 'Failed' },
    );
    await expect(
      sdk.beginCreateOrUpdateAndWait(
        prod.resourceGroup,
        prod.name,
        'bad-label-sdk',
        spec({ labels: { 'not a label key': 'x' } }),
      ),
    ).rejects.toThrow(
      /The long-running operation has failed\. InternalError\. KubeClient failed/,
    );
  });

  it('refuses another write while an operation runs (409 OperationNotAllowed)', async () => {
    expect((await arm('PUT', mnId('busy'), spec())).status).toBe(201);
    for (const res of [
      await arm('PUT', mnId('busy'), spec()),
      await arm('DELETE', mnId('busy')),
    ]) {
      expect({ status: res.status, error: res.body.error }).toEqual({
        status: 409,
        error: {
          code: 'OperationNotAllowed',
          message:
            'Operation is not allowed: Another operation (Creating) is in progress, please wait for it to finish before starting a new operation.',
        },
      });
    }
  });

  describe('DELETE', () => {
    it('Keep: 202 with Azure-AsyncOperation, Location and Retry-After; the namespace stays without the managedByArm label', async () => {
      await create('keep-me', spec({ deletePolicy: 'Keep' }));
      const res = await arm('DELETE', mnId('keep-me'));
      expect(res.status).toBe(202);
      expect(res.body).toBeUndefined();
      expect(res.headers['retry-after']).toBe('1');
      expect(res.headers.location).toMatch(
        /\/providers\/Microsoft\.ContainerService\/locations\/westeurope\/operationresults\/[0-9a-f-]{36}\?api-version=2026-08-01$/,
      );
      expect((await arm('GET', mnId('keep-me'))).body.properties).toMatchObject(
        { provisioningState: 'Deleting' },
      );
      // The Location URL: 202 while running, then what DELETE would have answered.
      const location = res.headers.location as string;
      expect((await rawRequest(sb, 'GET', location, { token })).status).toBe(
        202,
      );
      expect(await outcome(res)).toMatchObject({ status: 'Succeeded' });
      expect((await rawRequest(sb, 'GET', location, { token })).status).toBe(
        204,
      );
      expect((await arm('GET', mnId('keep-me'))).status).toBe(404);
      expect((await arm('DELETE', mnId('keep-me'))).status).toBe(204);
      const { namespace, quota } = await namespaceObjects('keep-me');
      expect(namespace.metadata.labels).toEqual({
        app: 'web',
        'kubernetes.io/metadata.name': 'keep-me',
      });
      expect(quota.metadata.name).toBe('defaultresourcequota');
      // No longer managed: the Kubernetes API may change it again.
      expect(
        (
          await kube(
            'DELETE',
            `/api/v1/namespaces/keep-me/resourcequotas/defaultresourcequota`,
          )
        ).status,
      ).toBe(200);
    });

    it('Delete, through the SDK poller: the namespace goes, with everything in it', async () => {
      await create('delete-me', spec({ deletePolicy: 'Delete' }));
      await sdk.beginDeleteAndWait(prod.resourceGroup, prod.name, 'delete-me');
      expect((await arm('GET', mnId('delete-me'))).status).toBe(404);
      for (let i = 0; ; i++) {
        const ns = await kube('GET', '/api/v1/namespaces/delete-me');
        if (ns.status === 404) break;
        expect(ns.body.status.phase).toBe('Terminating');
        expect(i).toBeLessThan(50);
        await new Promise(r => setTimeout(r, 50));
      }
      expect(
        (await kube('GET', '/api/v1/namespaces/delete-me/resourcequotas')).body
          .items,
      ).toEqual([]);
    });

    it('answers 204 for a managed namespace that does not exist', async () => {
      expect((await arm('DELETE', mnId('never-was'))).status).toBe(204);
    });
  });

  describe('adoption of a namespace that exists', () => {
    const existing = async (name: string, labels: Record<string, string>) =>
      expect(
        (
          await kube('POST', '/api/v1/namespaces', {
            metadata: { name, labels, annotations: { owner: 'alice' } },
          })
        ).status,
      ).toBe(201);

    it('Never (the default): the PUT fails with 409 NamespaceAlreadyExists, and no resource is made', async () => {
      await existing('adopt-never', { app: 'web' });
      const res = await arm('PUT', mnId('adopt-never'), spec());
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('NamespaceAlreadyExists');
      expect((await arm('GET', mnId('adopt-never'))).status).toBe(404);
    });

    it('IfIdentical: refuses what it would overwrite, naming it; adopts a namespace that has what ARM sets', async () => {
      await existing('adopt-if', { app: 'api', extra: 'kept' });
      const refused = await arm(
        'PUT',
        mnId('adopt-if'),
        spec({ adoptionPolicy: 'IfIdentical' }),
      );
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('NamespaceNotIdentical');
      expect(refused.body.error.message).toContain(
        "label app is 'api', not 'web'",
      );
      const adopted = await create(
        'adopt-if',
        spec({ adoptionPolicy: 'IfIdentical', labels: { app: 'api' } }),
      );
      expect(adopted.body.properties.adoptionPolicy).toBe('IfIdentical');
      const { namespace, quota } = await namespaceObjects('adopt-if');
      expect(namespace.metadata.labels).toMatchObject({
        app: 'api',
        extra: 'kept',
        'kubernetes.azure.com/managedByArm': 'true',
      });
      expect(quota.spec.hard['limits.cpu']).toBe('1000m');
    });

    it('IfIdentical: a defaultresourcequota with other limits is a difference', async () => {
      await existing('adopt-quota', { app: 'web' });
      await kube('POST', '/api/v1/namespaces/adopt-quota/resourcequotas', {
        metadata: { name: 'defaultresourcequota' },
        spec: { hard: { 'limits.cpu': '8' } },
      });
      const res = await arm(
        'PUT',
        mnId('adopt-quota'),
        spec({ adoptionPolicy: 'IfIdentical' }),
      );
      expect(res.status).toBe(409);
      expect(res.body.error.message).toContain(
        'resource quota defaultresourcequota differs from defaultResourceQuota',
      );
    });

    it('Always: takes the namespace over, overwriting labels and the default quota', async () => {
      await existing('adopt-always', { app: 'api', extra: 'kept' });
      await kube('POST', '/api/v1/namespaces/adopt-always/resourcequotas', {
        metadata: { name: 'defaultresourcequota' },
        spec: { hard: { 'limits.cpu': '8', pods: '5' } },
      });
      await create('adopt-always', spec({ adoptionPolicy: 'Always' }));
      const { namespace, quota } = await namespaceObjects('adopt-always');
      expect(namespace.metadata.labels).toMatchObject({
        app: 'web',
        extra: 'kept',
        'kubernetes.azure.com/managedByArm': 'true',
      });
      expect(quota.spec.hard).toEqual({
        'requests.cpu': '500m',
        'limits.cpu': '1000m',
        'requests.memory': '1Gi',
        'limits.memory': '2Gi',
      });
    });
  });

  it.each([
    ['an invalid name', 'Bad_Name', spec(), 400, 'InvalidParameter'],
    ['a name too long', 'a'.repeat(64), spec(), 400, 'InvalidParameter'],
    ['a system namespace', 'kube-system', spec(), 400, 'InvalidParameter'],
    ['no location', 'no-location', { properties: {} }, 400, 'LocationRequired'],
    [
      'another location',
      'elsewhere',
      spec({}, { location: 'eastus2' }),
      400,
      'InvalidParameter',
    ],
    [
      'an unknown policy rule',
      'bad-rule',
      spec({ defaultNetworkPolicy: { ingress: 'AllowSome' } }),
      400,
      'InvalidParameter',
    ],
    [
      'an unknown adoption policy',
      'bad-adopt',
      spec({ adoptionPolicy: 'Sometimes' }),
      400,
      'InvalidParameter',
    ],
    [
      'a quota that is no quantity',
      'bad-quota',
      spec({ defaultResourceQuota: { cpuLimit: 'lots' } }),
      400,
      'InvalidParameter',
    ],
    [
      'labels that are not strings',
      'bad-labels',
      spec({ labels: { a: 1 } }),
      400,
      'InvalidRequestContent',
    ],
  ])('refuses a PUT with %s', async (_what, name, body, status, code) => {
    const res = await arm('PUT', mnId(name), body);
    expect({ status: res.status, code: res.body?.error?.code }).toEqual({
      status,
      code,
    });
  });

  it('serves the stable api-versions that have managed namespaces, from 2025-09-01', async () => {
    for (const apiVersion of ['2025-09-01', '2026-02-01', '2026-10-01'])
      expect(
        (
          await arm('GET', mnId(DEMO_MANAGED_NAMESPACE), undefined, {
            apiVersion,
          })
        ).status,
      ).toBe(200);
    const old = await arm('GET', mnId(DEMO_MANAGED_NAMESPACE), undefined, {
      apiVersion: '2025-08-01',
    });
    expect(old.status).toBe(400);
    expect(old.body.error.code).toBe('NoRegisteredProviderFound');
    expect(old.body.error.message).toContain(
      "for type 'managedClusters/managedNamespaces'",
    );
  });

  it("listCredential: a kubeconfig for the cluster's API server, kubelogin, its context in the namespace", async () => {
    const res = await arm(
      'POST',
      `${mnId(DEMO_MANAGED_NAMESPACE)}/listCredential`,
    );
    expect(res.status).toBe(200);
    expect(res.body.kubeconfigs).toHaveLength(1);
    const config = YAML.parse(
      Buffer.from(res.body.kubeconfigs[0].value, 'base64').toString('utf8'),
    );
    expect(config.contexts[0].context).toMatchObject({
      cluster: prod.name,
      namespace: DEMO_MANAGED_NAMESPACE,
    });
    expect(config.clusters[0].cluster.server).toBe(
      sb.ctx.urls.clusterApi(prod.name),
    );
    expect(config.users[0].user.exec.command).toBe('kubelogin');
    expect(
      (await arm('POST', `${mnId('not-managed')}/listCredential`)).status,
    ).toBe(404);
  });

  describe('authorization', () => {
    it('refuses a caller without a role before looking, with the managedNamespaces actions', async () => {
      const carol = userToken('carol');
      const put = await arm('PUT', mnId('carols'), spec(), { token: carol });
      expect(put.status).toBe(403);
      expect(put.body.error.message).toContain(
        `'Microsoft.ContainerService/managedClusters/managedNamespaces/write' over scope '${mnId(
          'carols',
        )}'`,
      );
      const cred = await arm(
        'POST',
        `${mnId(DEMO_MANAGED_NAMESPACE)}/listCredential`,
        undefined,
        { token: carol },
      );
      expect(cred.body.error.message).toContain(
        "'Microsoft.ContainerService/managedClusters/managedNamespaces/listCredential/action'",
      );
    });

    it('Namespace User at the managed namespace reads it and lists its credential, and writes nothing', async () => {
      const bob = DEMO_USERS.bob.objectId;
      expect(
        (
          await assign(
            mnId(DEMO_MANAGED_NAMESPACE),
            BUILTIN_ROLE_IDS.namespaceUser,
            bob,
          )
        ).status,
      ).toBe(201);
      const t = { token: userToken('bob') };
      expect(
        (await arm('GET', mnId(DEMO_MANAGED_NAMESPACE), undefined, t)).status,
      ).toBe(200);
      expect(
        (
          await arm(
            'POST',
            `${mnId(DEMO_MANAGED_NAMESPACE)}/listCredential`,
            undefined,
            t,
          )
        ).status,
      ).toBe(200);
      expect(
        (await arm('PATCH', mnId(DEMO_MANAGED_NAMESPACE), { tags: {} }, t))
          .status,
      ).toBe(403);
      expect(
        (await arm('GET', `${PROD_ID}/managedNamespaces`, undefined, t)).status,
      ).toBe(403);
    });

    it('Namespace Contributor at the cluster creates, polls (the operation URL needs no role) and deletes', async () => {
      const dave = DEMO_USERS.dave.objectId;
      await assign(PROD_ID, BUILTIN_ROLE_IDS.namespaceContributor, dave);
      const t = { token: userToken('dave') };
      const res = await arm('PUT', mnId('daves'), spec(), t);
      expect(res.status).toBe(201);
      const status = await rawRequest(
        sb,
        'GET',
        res.headers['azure-asyncoperation'] as string,
        t,
      );
      expect(status.status).toBe(200);
      await outcome(res);
      expect(res.body.systemData).toMatchObject({
        createdBy: 'dave@contoso.example',
        createdByType: 'User',
      });
      expect((await arm('DELETE', mnId('daves'), undefined, t)).status).toBe(
        202,
      );
    });

    it("the backend's seeded rights create and delete managed namespaces and assign Namespace User and RBAC Writer there, but not Namespace Contributor", async () => {
      const backend = new ManagedNamespacesClient(
        adminCredential(sb),
        DEMO_SUBSCRIPTION_ID,
        { endpoint: sb.armUrl, agent: sb.agent },
      );
      const made = await backend.beginCreateOrUpdateAndWait(
        prod.resourceGroup,
        prod.name,
        'backend-made',
        spec({ deletePolicy: 'Delete' }),
      );
      expect(made.properties.provisioningState).toBe('Succeeded');
      const t = { token: await adminToken(sb) };
      const assignAs = (role: string) =>
        arm(
          'PUT',
          `${mnId(
            'backend-made',
          )}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`,
          {
            properties: {
              roleDefinitionId: `/subscriptions/${DEMO_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
              principalId: DEMO_USERS.alice.objectId,
              principalType: 'User',
            },
          },
          { ...t, apiVersion: '2022-04-01' },
        );
      expect((await assignAs(BUILTIN_ROLE_IDS.namespaceUser)).status).toBe(201);
      expect((await assignAs(BUILTIN_ROLE_IDS.rbacWriter)).status).toBe(201);
      const escalation = await assignAs(BUILTIN_ROLE_IDS.namespaceContributor);
      expect(escalation.status).toBe(403);
      await backend.beginDeleteAndWait(
        prod.resourceGroup,
        prod.name,
        'backend-made',
      );
      expect((await arm('GET', mnId('backend-made'))).status).toBe(404);
    });

    it('Azure RBAC data actions assigned at the managed namespace apply inside it on the azure-rbac cluster', async () => {
      const erin = userToken('erin');
      const list = (ns: string) =>
        rawRequest(
          sb,
          'GET',
          `${
            sb.clusters.find(c => c.name === prod.name)!.apiServerUrl
          }/api/v1/namespaces/${ns}/serviceaccounts`,
          { token: erin },
        );
      expect((await list(DEMO_MANAGED_NAMESPACE)).status).toBe(403);
      await assign(
        mnId(DEMO_MANAGED_NAMESPACE),
        BUILTIN_ROLE_IDS.rbacReader,
        DEMO_USERS.erin.objectId,
      );
      expect((await list(DEMO_MANAGED_NAMESPACE)).status).toBe(200);
      expect((await list('payments-api')).status).toBe(403);
    });
  });
});
