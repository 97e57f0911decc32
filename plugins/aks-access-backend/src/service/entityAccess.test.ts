import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import type {
  EntityAccessResponse,
  Grant,
} from '@aks-access/plugin-aks-access-common';
import {
  exampleEntities,
  startAksAccessTestBackend,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

jest.setTimeout(60_000);

const PROD = 'aks-prod-weu';
const DEV = 'aks-dev-neu';

const lines = (grants: Grant[]) =>
  grants
    .map(
      g =>
        `${g.source} ${g.role} ${g.level} ${g.scope}${
          g.managed ? ' managed' : ''
        } → ${g.principal.entityRef ?? g.principal.id}`,
    )
    .sort();

/** One line per grant made in the namespace, so its access reads (and diffs) at a glance. */
function grantLines(
  body: EntityAccessResponse,
  cluster: string,
  namespace: string,
) {
  const ns = body.namespaces.find(
    n => n.cluster === cluster && n.namespace === namespace,
  );
  if (!ns) throw new Error(`${cluster}/${namespace} not in the view`);
  return lines(ns.grants);
}

/** The cluster-wide grants, listed once per cluster. */
function clusterGrantLines(body: EntityAccessResponse, cluster: string) {
  const entries = body.clusterGrants.filter(c => c.cluster === cluster);
  if (entries.length !== 1)
    throw new Error(`${cluster} is in clusterGrants ${entries.length} times`);
  return lines(entries[0].grants);
}

// The seed's grants are older than any review interval, so every standing
// grant is overdue; the review tests (reviews/__tests__) assert those.
const findingIds = (body: EntityAccessResponse) =>
  body.findings
    .filter(f => f.kind !== 'review-overdue')
    .map(f => f.id)
    .sort();

// Cluster-wide access on aks-dev-neu that every namespace there inherits.
const DEV_CLUSTER_WIDE = [
  'AadAdminGroup aadProfile.adminGroupObjectIDs cluster-admin cluster → group:default/platform-admins',
  'ClusterRoleBinding ClusterRole/cluster-admin cluster-admin cluster → group:default/platform-admins',
  'ClusterRoleBinding ClusterRole/cluster-admin cluster-admin cluster → group:default/team-checkout',
  'ClusterRoleBinding ClusterRole/view read cluster → system:authenticated',
];
const DEV_CLUSTER_FINDINGS = [
  'over-broad:aks-dev-neu:ClusterRoleBinding authenticated-viewers:system:authenticated',
  'over-broad:aks-dev-neu:ClusterRoleBinding checkout-ci-cluster-admin:cluster-admin',
  'posture:aks-dev-neu:local-accounts',
];

describe('GET /entities/:kind/:namespace/:name/access', () => {
  let backend: Awaited<ReturnType<typeof startAksAccessTestBackend>>;
  beforeAll(async () => {
    const entities = exampleEntities();
    // A fourth mapping case: a namespace claimed by name alone.
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'worker-by-name',
        namespace: 'default',
        annotations: { 'backstage.io/kubernetes-namespace': 'payments-worker' },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'team-payments',
      },
    });
    // Two namespaces on one cluster, which the cluster-wide grants both reach.
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'payments-suite',
        namespace: 'default',
        annotations: {
          'aks-access.backstage.io/namespaces':
            'aks-dev-neu/payments-api, aks-dev-neu/payments-worker',
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'team-payments',
      },
    });
    backend = await startAksAccessTestBackend({
      entities,
      deniedUsers: ['user:default/mallory'],
    });
  });
  afterAll(() => backend.stop());

  const get = (name: string, user = 'user:default/alice') =>
    request(backend.server)
      .get(`/api/aks-access/entities/component/default/${name}/access`)
      .set('authorization', mockCredentials.user.header(user));

  it('payments-api: both authorization modes, managed and external grants, a healthy workload identity', async () => {
    const res = await get('payments-api');
    expect(res.status).toBe(200);
    const body: EntityAccessResponse = res.body;
    expect(body.entityRef).toBe('component:default/payments-api');
    expect(
      body.namespaces.map(n => `${n.cluster}/${n.namespace}`).sort(),
    ).toEqual([`${DEV}/payments-api`, `${PROD}/payments-api`]);
    // The seed's custom roles (seed/demoCustomRoles.ts) have no level their name gives away.
    expect(grantLines(body, PROD, 'payments-api')).toEqual([
      'AzureRoleAssignment Azure Kubernetes Service RBAC Writer write namespace managed → group:default/team-payments',
      'AzureRoleAssignment Payments Deployer custom namespace → group:default/payments-oncall',
    ]);
    expect(clusterGrantLines(body, PROD)).toEqual([
      'AadAdminGroup aadProfile.adminGroupObjectIDs cluster-admin cluster → group:default/platform-admins',
      'AzureRoleAssignment Azure Kubernetes Service Cluster User Role custom cluster managed → group:default/team-payments',
      'AzureRoleAssignment Azure Kubernetes Service RBAC Reader read cluster → group:default/team-data',
      'ClusterRoleBinding ClusterRole/cluster-admin cluster-admin cluster → group:default/platform-admins',
    ]);
    expect(grantLines(body, DEV, 'payments-api')).toEqual([
      'RoleBinding ClusterRole/edit write namespace managed → group:default/team-payments',
      'RoleBinding ClusterRole/view read namespace → group:default/payments-readers',
      'RoleBinding Role/payments-deployer custom namespace → group:default/payments-oncall',
    ]);
    expect(clusterGrantLines(body, DEV)).toEqual(DEV_CLUSTER_WIDE);
    expect(body.clusterGrants.map(c => c.cluster)).toEqual([PROD, DEV]);
    // team-data's reader role is inherited from the resource group.
    const inherited = body.clusterGrants
      .find(c => c.cluster === PROD)!
      .grants.find(g => g.principal.entityRef === 'group:default/team-data');
    expect(inherited).toMatchObject({
      inheritedFrom:
        '/subscriptions/6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f/resourceGroups/rg-aks-prod',
    });
    expect(body.identities).toHaveLength(1);
    const [identity] = body.identities;
    expect(identity).toMatchObject({
      cluster: PROD,
      namespace: 'payments-api',
      serviceAccount: 'payments-api',
      managed: true,
      identity: { name: 'id-payments-api', resourceGroup: 'rg-aks-identities' },
      azureRoles: [
        {
          role: 'Key Vault Secrets User',
          managed: true,
          scope: expect.stringMatching(/\/vaults\/kv-payments$/),
        },
      ],
    });
    expect(identity.fics).toHaveLength(1);
    expect(identity.fics[0].checks).toMatchObject({
      issuer: { ok: true },
      subject: { ok: true },
      audience: { ok: true },
    });
    expect(identity.fics[0].mismatches).toEqual([]);
    expect(identity.health).toEqual({ status: 'healthy', reasons: [] });
    expect(findingIds(body)).toEqual(DEV_CLUSTER_FINDINGS);
    expect(body.clusters).toEqual([
      {
        name: PROD,
        authorizationMode: 'azure-rbac',
        status: { reachable: true, since: expect.any(String) },
      },
      {
        name: DEV,
        authorizationMode: 'kubernetes-rbac',
        status: { reachable: true, since: expect.any(String) },
      },
      // Every configured cluster, the demo's twin in its second subscription too.
      {
        name: 'aks-prod-weu-2b7e9a41',
        authorizationMode: 'azure-rbac',
        status: { reachable: true, since: expect.any(String) },
      },
    ]);
  });

  it('payments-worker: the broken workload identity (FIC names the wrong ServiceAccount)', async () => {
    const body: EntityAccessResponse = (await get('payments-worker')).body;
    expect(grantLines(body, DEV, 'payments-worker')).toEqual([]);
    expect(clusterGrantLines(body, DEV)).toEqual(DEV_CLUSTER_WIDE);
    expect(body.identities).toHaveLength(1);
    expect(body.identities[0]).toMatchObject({
      cluster: DEV,
      namespace: 'payments-worker',
      serviceAccount: 'worker',
      managed: false,
      identity: { name: 'id-payments-worker' },
      azureRoles: [],
    });
    expect(body.identities[0].fics[0]).toMatchObject({
      name: 'fic-aks-dev-neu-payments-worker',
      checks: {
        issuer: { ok: true },
        subject: {
          ok: false,
          expected: 'system:serviceaccount:payments-worker:worker',
          actual: 'system:serviceaccount:payments-worker:default',
        },
        audience: { ok: true },
      },
      mismatches: [
        'subject is system:serviceaccount:payments-worker:default, expected system:serviceaccount:payments-worker:worker',
      ],
    });
    expect(findingIds(body)).toEqual(
      [
        ...DEV_CLUSTER_FINDINGS,
        'broken-link:aks-dev-neu:payments-worker:worker:fic',
      ].sort(),
    );
    const broken = body.findings.find(f => f.kind === 'broken-link')!;
    expect(broken.detail).toContain('AADSTS70021');
    expect(broken.detail).toContain(
      'subject is system:serviceaccount:payments-worker:default, expected system:serviceaccount:payments-worker:worker',
    );
    // The same verdict on the identity itself, pointing at that finding.
    expect(body.identities[0].health).toEqual({
      status: 'broken',
      reasons: [
        {
          link: 'fic',
          message:
            'No federated credential on id-payments-worker matches: token exchange fails with AADSTS70021',
          findingId: broken.id,
        },
      ],
    });
  });

  it('checkout-web: the drifted managed RoleBinding with a hand-added user', async () => {
    const body: EntityAccessResponse = (await get('checkout-web')).body;
    expect(grantLines(body, DEV, 'checkout-web')).toEqual([
      'RoleBinding ClusterRole/edit write namespace managed → group:default/team-checkout',
      'RoleBinding ClusterRole/edit write namespace managed → user:default/bob',
    ]);
    expect(clusterGrantLines(body, DEV)).toEqual(DEV_CLUSTER_WIDE);
    expect(body.identities).toEqual([]);
    expect(findingIds(body)).toEqual(
      [
        ...DEV_CLUSTER_FINDINGS,
        'drift:aks-dev-neu:checkout-web:RoleBinding:aks-access-write-b5ce08fe',
      ].sort(),
    );
    expect(body.findings.find(f => f.kind === 'drift')!.detail).toContain(
      'it has subjects aks-access did not add: User bob@contoso.example',
    );
  });

  it('lists cluster-wide grants once per cluster, however many of the namespaces they reach', async () => {
    const body: EntityAccessResponse = (await get('payments-suite')).body;
    expect(body.namespaces.map(n => `${n.cluster}/${n.namespace}`)).toEqual([
      `${DEV}/payments-api`,
      `${DEV}/payments-worker`,
    ]);
    expect(body.clusterGrants.map(c => c.cluster)).toEqual([DEV]);
    expect(clusterGrantLines(body, DEV)).toEqual(DEV_CLUSTER_WIDE);
    for (const ns of body.namespaces)
      expect(ns.grants.every(g => g.scope === 'namespace')).toBe(true);
    expect(grantLines(body, DEV, 'payments-worker')).toEqual([]);
    // Every grant once in the whole answer, so its id keys it.
    const ids = [...body.namespaces, ...body.clusterGrants].flatMap(a =>
      a.grants.map(g => g.id),
    );
    expect(new Set(ids).size).toBe(ids.length);
    // The cluster-wide findings once too.
    const findings = findingIds(body);
    expect(new Set(findings).size).toBe(findings.length);
    expect(findings).toEqual(expect.arrayContaining(DEV_CLUSTER_FINDINGS));
  });

  it('maps namespaces by all three annotations', async () => {
    // kubernetes-id label
    expect(
      (await get('payments-worker')).body.namespaces.map(
        (n: any) => `${n.cluster}/${n.namespace}`,
      ),
    ).toEqual([`${DEV}/payments-worker`]);
    // aks-access.backstage.io/namespaces (its kubernetes-id labels nothing)
    const checkoutApi: EntityAccessResponse = (await get('checkout-api')).body;
    expect(
      checkoutApi.namespaces.map(n => `${n.cluster}/${n.namespace}`),
    ).toEqual([`${PROD}/checkout-api`]);
    expect(grantLines(checkoutApi, PROD, 'checkout-api')).toContain(
      'AzureRoleAssignment Azure Kubernetes Service RBAC Reader read namespace → group:default/team-checkout',
    );
    // backstage.io/kubernetes-namespace, with a custom Role that has a wildcard rule
    const pipeline: EntityAccessResponse = (await get('data-pipeline')).body;
    expect(pipeline.namespaces.map(n => `${n.cluster}/${n.namespace}`)).toEqual(
      [`${DEV}/data-pipeline`],
    );
    expect(grantLines(pipeline, DEV, 'data-pipeline')).toContain(
      'RoleBinding Role/pipeline-operator custom namespace → group:default/team-data',
    );
    expect(findingIds(pipeline)).toContain(
      'over-broad:aks-dev-neu:RoleBinding data-pipeline/pipeline-operators:wildcard',
    );
    expect(
      (await get('worker-by-name')).body.namespaces.map(
        (n: any) => `${n.cluster}/${n.namespace}`,
      ),
    ).toEqual([`${DEV}/payments-worker`]);
    // not on AKS yet
    const none: EntityAccessResponse = (await get('catalog-search')).body;
    expect(none.namespaces).toEqual([]);
    expect(none.clusterGrants).toEqual([]);
  });

  it('answers 304 to a matching ETag', async () => {
    const first = await get('payments-api');
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const again = await get('payments-api').set(
      'if-none-match',
      first.headers.etag,
    );
    expect(again.status).toBe(304);
  });

  it('refuses a user denied aks-access.entity.read with 403', async () => {
    const res = await get('payments-api', 'user:default/mallory');
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
  });

  it('answers 404 for an entity the catalog does not have', async () => {
    const res = await get('no-such-component');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain(
      'component:default/no-such-component',
    );
  });
});

describe('POST /access-reviews', () => {
  let backend: Awaited<ReturnType<typeof startAksAccessTestBackend>>;
  beforeAll(async () => {
    backend = await startAksAccessTestBackend();
  });
  afterAll(() => backend.stop());

  const review = (body: object) =>
    request(backend.server)
      .post('/api/aks-access/access-reviews')
      .set('authorization', mockCredentials.user.header())
      .send(body);

  it.each([
    // kubernetes-rbac: RoleBindings decide
    [DEV, 'user:default/alice', 'create', 'deployments', 'apps', true],
    [DEV, 'user:default/erin', 'list', 'pods', undefined, true],
    [DEV, 'user:default/erin', 'delete', 'pods', undefined, false],
    // azure-rbac: the namespace-scoped Writer assignment and the resource-group Reader decide
    [
      PROD,
      'group:default/team-payments',
      'create',
      'deployments',
      'apps',
      true,
    ],
    [PROD, 'group:default/team-data', 'list', 'pods', undefined, true],
    [PROD, 'group:default/team-data', 'delete', 'pods', undefined, false],
    [PROD, 'user:default/erin', 'list', 'pods', undefined, false],
  ])(
    '%s: %s %s %s → %s',
    async (cluster, principal, verb, resource, group, allowed) => {
      const res = await review({
        cluster,
        namespace: 'payments-api',
        principal,
        verb,
        resource,
        ...(group ? { group } : {}),
      });
      expect(res.status).toBe(200);
      expect(res.body.allowed).toBe(allowed);
      expect(typeof res.body.reason).toBe('string');
    },
  );

  it('rejects a malformed review with 400', async () => {
    const res = await review({
      cluster: DEV,
      namespace: 'payments-api',
      principal: 'alice',
      verb: 'get',
      resource: 'pods',
    });
    expect(res.status).toBe(400);
  });
});
