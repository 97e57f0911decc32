import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  makeInformer,
  PatchStrategy,
  RbacAuthorizationV1Api,
  V1Namespace,
  V1RoleBinding,
} from '@kubernetes/client-node';
import { RunningSandbox, startSandbox } from '../startSandbox';

jest.setTimeout(60_000);

let sandbox: RunningSandbox;

function kubeConfig(cluster = 'aks-dev-neu', token?: string): KubeConfig {
  const c = sandbox.clusters.find(x => x.name === cluster)!;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: cluster, server: c.apiServerUrl, caData: c.caData }],
    users: [{ name: 'u', token: token ?? c.adminToken }],
    contexts: [{ name: 'ctx', cluster, user: 'u' }],
    currentContext: 'ctx',
  });
  return kc;
}

const rolebinding = (
  name: string,
  namespace: string,
  group: string,
): V1RoleBinding => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name, namespace },
  roleRef: {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name: 'view',
  },
  subjects: [
    { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group },
  ],
});

async function status(
  promise: Promise<unknown>,
): Promise<{ code: number; body: any; headers: Record<string, string> }> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof ApiException)
      return {
        code: e.code,
        body: typeof e.body === 'string' ? JSON.parse(e.body) : e.body,
        headers: e.headers,
      };
    throw e;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.stop());

describe('@kubernetes/client-node against the sandbox', () => {
  it('feeds an informer ADDED, MODIFIED and DELETED', async () => {
    const kc = kubeConfig();
    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    const informer = makeInformer(
      kc,
      '/apis/rbac.authorization.k8s.io/v1/namespaces/payments-api/rolebindings',
      () => rbac.listNamespacedRoleBinding({ namespace: 'payments-api' }),
    );
    const events: string[] = [];
    informer.on('add', o => events.push(`add:${o.metadata!.name}`));
    informer.on('update', o => events.push(`update:${o.metadata!.name}`));
    informer.on('delete', o => events.push(`delete:${o.metadata!.name}`));
    await informer.start();
    await rbac.createNamespacedRoleBinding({
      namespace: 'payments-api',
      body: rolebinding('watched', 'payments-api', 'g1'),
    });
    const current = await rbac.readNamespacedRoleBinding({
      name: 'watched',
      namespace: 'payments-api',
    });
    current.subjects!.push({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Group',
      name: 'g2',
    });
    await rbac.replaceNamespacedRoleBinding({
      name: 'watched',
      namespace: 'payments-api',
      body: current,
    });
    await rbac.deleteNamespacedRoleBinding({
      name: 'watched',
      namespace: 'payments-api',
    });
    await new Promise(r => setTimeout(r, 500));
    await informer.stop();
    expect(events).toEqual(
      expect.arrayContaining([
        'add:legacy-readers',
        'add:watched',
        'update:watched',
        'delete:watched',
      ]),
    );
  });

  it('refuses a stale update with 409 Conflict', async () => {
    const rbac = kubeConfig().makeApiClient(RbacAuthorizationV1Api);
    const rb = await rbac.readNamespacedRoleBinding({
      name: 'legacy-readers',
      namespace: 'payments-api',
    });
    await rbac.replaceNamespacedRoleBinding({
      name: 'legacy-readers',
      namespace: 'payments-api',
      body: { ...rb, metadata: { ...rb.metadata, labels: { touched: 'yes' } } },
    });
    const stale = await status(
      rbac.replaceNamespacedRoleBinding({
        name: 'legacy-readers',
        namespace: 'payments-api',
        body: rb,
      }),
    );
    expect(stale.code).toBe(409);
    expect(stale.body.message).toBe(
      'Operation cannot be fulfilled on rolebindings.rbac.authorization.k8s.io "legacy-readers": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('pages a list with limit/continue', async () => {
    const kc = kubeConfig();
    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        rbac.createNamespacedRoleBinding({
          namespace: 'data-pipeline',
          body: rolebinding(
            `paged-${String(i).padStart(2, '0')}`,
            'data-pipeline',
            'g',
          ),
        }),
      ),
    );
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await rbac.listNamespacedRoleBinding({
        namespace: 'data-pipeline',
        limit: 10,
        _continue: token,
        labelSelector: '',
      });
      names.push(...page.items.map(i => i.metadata!.name!));
      token = page.metadata?._continue;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(names.filter(n => n.startsWith('paged-'))).toHaveLength(25);
    expect(new Set(names).size).toBe(names.length);
  });

  it('filters by label and field selectors', async () => {
    const core = kubeConfig().makeApiClient(CoreV1Api);
    const labelled = await core.listNamespace({
      labelSelector:
        'backstage.io/kubernetes-id in (payments-api,checkout-web),app.kubernetes.io/managed-by',
    });
    expect(labelled.items.map(n => n.metadata!.name)).toEqual(['payments-api']);
    const byName = await core.listNamespace({
      fieldSelector: 'metadata.name=data-pipeline',
    });
    expect(byName.items.map(n => n.metadata!.name)).toEqual(['data-pipeline']);
  });

  it('server-side apply: re-apply is a no-op, another manager conflicts unless forced', async () => {
    const objects = KubernetesObjectApi.makeApiClient(kubeConfig());
    const intent = rolebinding('ssa', 'payments-api', 'g1');
    const first = await objects.patch(
      intent,
      undefined,
      undefined,
      'backstage-aks-access',
      false,
      PatchStrategy.ServerSideApply,
    );
    const again = await objects.patch(
      intent,
      undefined,
      undefined,
      'backstage-aks-access',
      false,
      PatchStrategy.ServerSideApply,
    );
    expect(again.metadata!.resourceVersion).toBe(
      first.metadata!.resourceVersion,
    );
    const other = {
      ...intent,
      subjects: [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'g2' },
      ],
    };
    const conflict = await status(
      objects.patch(
        other,
        undefined,
        undefined,
        'someone-else',
        false,
        PatchStrategy.ServerSideApply,
      ),
    );
    expect(conflict.code).toBe(409);
    expect(conflict.body.message).toBe(
      'Apply failed with 1 conflict: conflict with "backstage-aks-access" using rbac.authorization.k8s.io/v1: .subjects',
    );
    const forced = await objects.patch(
      other,
      undefined,
      undefined,
      'someone-else',
      true,
      PatchStrategy.ServerSideApply,
    );
    expect((forced as V1RoleBinding).subjects).toEqual(other.subjects);
  });

  it('server-side apply of a namespace: re-apply is a no-op that keeps the name label and finalizer', async () => {
    const objects = KubernetesObjectApi.makeApiClient(kubeConfig());
    const intent: V1Namespace = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'ssa-ns', labels: { team: 'a' } },
    };
    const first = await objects.patch(
      intent,
      undefined,
      undefined,
      'backstage-aks-access',
      true,
      PatchStrategy.ServerSideApply,
    );
    const again = await objects.patch(
      intent,
      undefined,
      undefined,
      'backstage-aks-access',
      true,
      PatchStrategy.ServerSideApply,
    );
    expect(again.metadata!.resourceVersion).toBe(
      first.metadata!.resourceVersion,
    );
    expect(again.metadata!.labels).toEqual({
      team: 'a',
      'kubernetes.io/metadata.name': 'ssa-ns',
    });
    expect(again.spec).toEqual({ finalizers: ['kubernetes'] });
    // As the namespace strategy does on every update: neither can be dropped.
    const core = kubeConfig().makeApiClient(CoreV1Api);
    const replaced = await core.replaceNamespace({
      name: 'ssa-ns',
      body: { metadata: { name: 'ssa-ns', labels: {} }, spec: {} },
    });
    expect(replaced.metadata!.labels).toEqual({
      'kubernetes.io/metadata.name': 'ssa-ns',
    });
    expect(replaced.spec!.finalizers).toEqual(['kubernetes']);
  });

  it('dryRun=All validates but stores nothing', async () => {
    const rbac = kubeConfig().makeApiClient(RbacAuthorizationV1Api);
    const created = await rbac.createNamespacedRoleBinding({
      namespace: 'payments-api',
      body: rolebinding('dry', 'payments-api', 'g'),
      dryRun: 'All',
    });
    expect(created.metadata!.name).toBe('dry');
    expect(
      (
        await status(
          rbac.readNamespacedRoleBinding({
            name: 'dry',
            namespace: 'payments-api',
          }),
        )
      ).code,
    ).toBe(404);
    await rbac.deleteNamespacedRoleBinding({
      name: 'legacy-readers',
      namespace: 'payments-api',
      dryRun: 'All',
    });
    expect(
      (
        await rbac.readNamespacedRoleBinding({
          name: 'legacy-readers',
          namespace: 'payments-api',
        })
      ).metadata!.name,
    ).toBe('legacy-readers');
  });

  it('never loses a write between concurrent writers', async () => {
    const core = kubeConfig().makeApiClient(CoreV1Api);
    const writers = Array.from({ length: 20 }, async (_, i) => {
      for (;;) {
        const ns = await core.readNamespace({ name: 'payments-worker' });
        ns.metadata!.annotations = {
          ...ns.metadata!.annotations,
          [`writer-${i}`]: 'done',
        };
        try {
          await core.replaceNamespace({ name: 'payments-worker', body: ns });
          return;
        } catch (e) {
          if (!(e instanceof ApiException && e.code === 409)) throw e;
        }
      }
    });
    await Promise.all(writers);
    const annotations = (await core.readNamespace({ name: 'payments-worker' }))
      .metadata!.annotations!;
    expect(
      Object.keys(annotations).filter(k => k.startsWith('writer-')),
    ).toHaveLength(20);
  });

  it('mints ServiceAccount tokens the API server accepts', async () => {
    const core = kubeConfig().makeApiClient(CoreV1Api);
    const request = await core.createNamespacedServiceAccountToken({
      name: 'worker',
      namespace: 'payments-worker',
      body: { spec: { audiences: [] } },
    });
    const token = request.status!.token;
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1], 'base64url').toString(),
    );
    expect(payload.sub).toBe('system:serviceaccount:payments-worker:worker');
    expect(payload.iss).toBe(
      sandbox.clusters.find(c => c.name === 'aks-dev-neu')!.oidcIssuerUrl,
    );
    const asSa = kubeConfig('aks-dev-neu', token).makeApiClient(CoreV1Api);
    expect(
      (
        await asSa.listNamespacedServiceAccount({
          namespace: 'payments-worker',
        })
      ).items.length,
    ).toBeGreaterThan(0);
    const denied = await status(
      asSa.createNamespace({ body: { metadata: { name: 'nope' } } }),
    );
    expect(denied.body.message).toBe(
      'namespaces is forbidden: User "system:serviceaccount:payments-worker:worker" cannot create resource "namespaces" in API group "" at the cluster scope',
    );
  });

  it('answers 401 for unknown tokens and only accepts the local admin token with local accounts on', async () => {
    const unknown = await status(
      kubeConfig('aks-dev-neu', 'nope')
        .makeApiClient(CoreV1Api)
        .listNamespace(),
    );
    expect(unknown.code).toBe(401);
    const dev = sandbox.clusters.find(c => c.name === 'aks-dev-neu')!;
    const prod = sandbox.clusters.find(c => c.name === 'aks-prod-weu')!;
    await kubeConfig('aks-dev-neu', dev.localAdminToken)
      .makeApiClient(CoreV1Api)
      .listNamespace();
    expect(
      (
        await status(
          kubeConfig('aks-prod-weu', prod.localAdminToken)
            .makeApiClient(CoreV1Api)
            .listNamespace(),
        )
      ).code,
    ).toBe(401);
  });
});

describe('the Kubernetes 429 fault', () => {
  it('throttles with Retry-After once the bucket is empty', async () => {
    const throttled = await startSandbox({
      seed: 'empty',
      faults: { kubeThrottle: { capacity: 3, refillPerSecond: 0.5 } },
    });
    try {
      const c = throttled.clusters[0];
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [{ name: 'c', server: c.apiServerUrl, caData: c.caData }],
        users: [{ name: 'u', token: c.adminToken }],
        contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
        currentContext: 'x',
      });
      const core = kc.makeApiClient(CoreV1Api);
      for (let i = 0; i < 3; i++) await core.listNamespace();
      const limited = await status(core.listNamespace());
      expect(limited.code).toBe(429);
      expect(limited.headers['retry-after']).toBe('2');
      expect(limited.body.reason).toBe('TooManyRequests');
    } finally {
      await throttled.stop();
    }
  });
});
