import {
  KubeConfig,
  RbacAuthorizationV1Api,
  V1RoleBinding,
} from '@kubernetes/client-node';
import {
  RunningSandbox,
  startSandbox,
  type FaultConfig,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';
import { ClusterCache } from './ClusterCache';
import { ResourceWatcher } from './ResourceWatcher';
import { WATCHED_PATHS } from './resources';

jest.setTimeout(60_000);

async function until(condition: () => boolean, what: string) {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await new Promise(r => setTimeout(r, 20));
  }
}

describe('ResourceWatcher', () => {
  // Mutated by the tests: the sandbox reads its faults on every request.
  const faults: FaultConfig = {};
  let sandbox: RunningSandbox;
  let kubeConfig: KubeConfig;

  beforeAll(async () => {
    sandbox = await startSandbox({ faults });
    // Kubernetes RBAC: the demo's teams hold RoleBindings there.
    const cluster = sandbox.clusters.find(c => c.name === 'aks-dev-neu')!;
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [
        {
          name: cluster.name,
          server: cluster.apiServerUrl,
          caData: cluster.caData,
        },
      ],
      users: [{ name: 'admin', token: cluster.adminToken }],
      contexts: [{ name: 'c', cluster: cluster.name, user: 'admin' }],
      currentContext: 'c',
    });
  });
  afterAll(() => sandbox.stop());

  const watcher = (onRequest?: () => void) =>
    new ResourceWatcher<V1RoleBinding>({
      kubeConfig,
      path: WATCHED_PATHS.rolebindings,
      onRequest,
    });

  it('lists once, then follows creates and deletes through the watch, keeping only the metadata the index reads', async () => {
    let lists = 0;
    const rolebindings = watcher(() => lists++);
    await rolebindings.start();
    try {
      expect(rolebindings.health.failing).toBeUndefined();
      expect(rolebindings.store.size).toBeGreaterThan(0);
      const rbac = kubeConfig.makeApiClient(RbacAuthorizationV1Api);
      await rbac.createNamespacedRoleBinding({
        namespace: 'default',
        body: {
          metadata: {
            name: 'watched',
            labels: { team: 'payments' },
            annotations: {
              'kubectl.kubernetes.io/last-applied-configuration': '{}',
              note: 'kept',
            },
          },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: 'view',
          },
          subjects: [
            {
              apiGroup: 'rbac.authorization.k8s.io',
              kind: 'Group',
              name: 'watchers',
            },
          ],
        },
      });
      await until(
        () => !!rolebindings.store.get('watched', 'default'),
        'the created RoleBinding',
      );
      const kept = rolebindings.store.get('watched', 'default')!;
      expect(kept.metadata).toEqual({
        name: 'watched',
        namespace: 'default',
        labels: { team: 'payments' },
        annotations: { note: 'kept' },
        creationTimestamp: expect.any(String),
        deletionTimestamp: undefined,
      });
      expect(kept.roleRef.name).toBe('view');
      expect(kept.subjects).toEqual([
        expect.objectContaining({ kind: 'Group', name: 'watchers' }),
      ]);

      await rbac.deleteNamespacedRoleBinding({
        name: 'watched',
        namespace: 'default',
      });
      await until(
        () => !rolebindings.store.get('watched', 'default'),
        'the deleted RoleBinding gone',
      );
      expect(lists).toBe(1);
    } finally {
      rolebindings.stop();
    }
  });

  it('says which LIST fails and why while the API server fails, and lists again once it answers', async () => {
    faults.kubeErrorRate = 1;
    const rolebindings = watcher();
    try {
      await rolebindings.start();
      expect(rolebindings.health.failing?.message).toMatch(
        /^LIST \/apis\/rbac\.authorization\.k8s\.io\/v1\/rolebindings answered 50[03]: (Internal error occurred: etcdserver: request timed out|apiserver is shutting down)$/,
      );
      expect(rolebindings.store.size).toBe(0);
      faults.kubeErrorRate = 0;
      await until(() => !!rolebindings.health.syncedAt, 'the retried LIST');
      expect(rolebindings.health.failing).toBeUndefined();
      expect(rolebindings.store.size).toBeGreaterThan(0);
    } finally {
      faults.kubeErrorRate = 0;
      rolebindings.stop();
    }
  });
});

describe('ClusterCache.observe', () => {
  it('keeps a slim copy of what the write path applied, and leaves that object as it was', () => {
    const cache = new ClusterCache(new KubeConfig(), { kubernetesCalls: 0 });
    const applied: V1RoleBinding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: {
        name: 'b',
        namespace: 'ns',
        uid: '0b7f3c1e-1111-4a2b-9c3d-000000000001',
        resourceVersion: '42',
        managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{"big":true}',
        },
      },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'edit',
      },
    };
    const before = structuredClone(applied);
    cache.observe(applied, false);
    expect(applied).toEqual(before);
    expect(cache.store('rolebindings').get('b', 'ns')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'b', namespace: 'ns', annotations: {} },
      roleRef: applied.roleRef,
    });
  });
});
