import {
  CoreV1Api,
  NetworkingV1Api,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import {
  AKS_BUILTIN_ROLES,
  aksClusterArmId,
  AksNamespaceScopeForm,
  parseAksNamespaceScope,
  parseArmId,
  roleDefinitionGuid,
  sameArmId,
} from '@aks-access/plugin-aks-access-common';
import {
  api,
  demoWorld,
  useBackendOnSandboxOnDisk,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

jest.setTimeout(180_000);

const { prod, dev } = demoWorld.DEMO_CLUSTERS;
const cluster = (c: typeof prod | typeof dev, managed: boolean) => ({
  name: c.name,
  subscriptionId: demoWorld.DEMO_SUBSCRIPTION_ID,
  resourceGroup: c.resourceGroup,
  clusterName: c.name,
  ...(managed ? { namespaceProvisioning: 'managedNamespace' } : {}),
});
const MANAGED_BY_ARM = 'kubernetes.azure.com/managedByArm';
const NAMESPACE_USER = AKS_BUILTIN_ROLES.namespaceUser.guid;
/** The user AKS's namespace reconciler writes as in the sandbox. */
const NAMESPACE_RECONCILER = 'aks-namespace-controller';

/*
 * The guide's practical exercise on aks-prod-weu set to provision AKS
 * managed namespaces: the namespace through ARM (its quota and network
 * policy held there), grants at the managed namespace's resource with the
 * Namespace User role, federation, a pod's token exchange, revoke, offboard.
 */
describe('the practical exercise on a managed namespace', () => {
  const onDisk = useBackendOnSandboxOnDisk({
    aksAccess: { clusters: [cluster(prod, true), cluster(dev, false)] },
  });
  const { sandbox } = onDisk;
  const namespace = 'ledger-exercise';
  const entityRef = 'component:default/payments-api';
  const objects = () =>
    Object.values(sandbox.state().clusters[prod.name].objects).filter(
      o => o.metadata.namespace === namespace || o.metadata.name === namespace,
    );
  const object = (kind: string, name: string) =>
    objects().find(o => o.kind === kind && o.metadata.name === name);
  const clusterId = aksClusterArmId(
    demoWorld.DEMO_SUBSCRIPTION_ID,
    prod.resourceGroup,
    prod.name,
  );
  /** The assignments at the namespace's scope in one of its two ARM forms. */
  const assignmentsAt = (form: AksNamespaceScopeForm) => {
    const scope = parseAksNamespaceScope(clusterId, namespace, form);
    return Object.values(sandbox.state().roleAssignments).filter(a =>
      sameArmId(parseArmId(a.scope), scope),
    );
  };
  const roleOf = (a: { roleDefinitionId: string }) =>
    roleDefinitionGuid(a.roleDefinitionId);

  let grantId = '';

  it('plans onboarding as a dry run from ARM and writes nothing', async () => {
    const before = sandbox.stateBytes();
    const planned = await api(onDisk.backend).post('/namespaces', {
      cluster: prod.name,
      namespace,
      entityRef,
      owner: 'group:default/team-payments',
      dryRun: true,
    });
    expect(planned.status).toBe(200);
    expect(
      planned.body.changes.map((c: any) => `${c.action} ${c.kind}`),
    ).toEqual([
      'create managedNamespaces',
      'create ResourceQuota',
      'create LimitRange',
    ]);
    expect(sandbox.stateBytes()).toBe(before);
  });

  it('onboards through ARM: the managed namespace holds labels, quota and network policy', async () => {
    const alice = api(onDisk.backend);
    const onboarded = await alice.post('/namespaces', {
      cluster: prod.name,
      namespace,
      entityRef,
      owner: 'group:default/team-payments',
    });
    expect(onboarded.status).toBe(200);
    expect(onboarded.body.changes).toContainEqual(
      expect.objectContaining({
        target: 'azure',
        kind: 'managedNamespaces',
        name: namespace,
        action: 'create',
      }),
    );
    const ns = object('Namespace', namespace)!;
    expect(ns.metadata.labels).toMatchObject({
      [MANAGED_BY_ARM]: 'true',
      'app.kubernetes.io/managed-by': 'aks-access',
    });
    expect(ns.metadata.annotations).toMatchObject({
      'aks-access.backstage.io/entity-ref': entityRef,
    });
    // ARM's default quota carries cpu and memory; the rest is ours.
    expect(
      (object('ResourceQuota', 'defaultresourcequota') as any).spec.hard,
    ).toMatchObject({ 'requests.cpu': '2000m', 'limits.memory': '8Gi' });
    expect(
      (object('ResourceQuota', 'aks-access-quota') as any).spec.hard,
    ).toEqual({ pods: '20' });
    expect(object('LimitRange', 'aks-access-limits')).toBeDefined();
    expect(object('NetworkPolicy', 'defaultnetworkpolicy')).toBeDefined();
    expect(
      object('NetworkPolicy', 'aks-access-same-namespace-ingress'),
    ).toBeUndefined();

    // AKS's webhook: even a cluster admin cannot relabel it with kubectl.
    const admin = sandbox
      .kubeConfigFor(prod.name, 'dave')
      .makeApiClient(CoreV1Api);
    const relabel = await admin
      .patchNamespace(
        { name: namespace, body: { metadata: { labels: { tier: 'gold' } } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      )
      .then(
        () => undefined,
        (error: { code?: number; body?: string }) => error,
      );
    expect(relabel?.code).toBe(400);
    expect(String(relabel?.body)).toContain(
      `Updating/deleting namespace ${namespace} labels is not allowed because it is managed by ARM. Please update this namespace through the ARM API.`,
    );

    const again = await alice.post('/namespaces', {
      cluster: prod.name,
      namespace,
      entityRef,
      owner: 'group:default/team-payments',
    });
    expect(again.status).toBe(200);
    expect(
      again.body.changes.filter((c: any) => c.action !== 'unchanged'),
    ).toEqual([]);
  });

  it('grants at the managed namespace, with Namespace User instead of the Cluster User Role', async () => {
    expect(
      await sandbox.canI(prod.name, 'erin', 'list', 'pods', namespace),
    ).toBe(false);
    // The team itself, as the guide's exercise does: it creates the pod's token below.
    const team = await api(onDisk.backend).post('/grants', {
      cluster: prod.name,
      namespace,
      principal: 'group:default/team-payments',
      level: 'admin',
    });
    expect(team.status).toBe(200);
    const granted = await api(onDisk.backend).post('/grants', {
      cluster: prod.name,
      namespace,
      principal: 'group:default/payments-readers',
      level: 'read',
    });
    expect(granted.status).toBe(200);
    grantId = granted.body.grantId;
    const atResource = assignmentsAt('managedNamespaces');
    expect(atResource.map(roleOf)).toEqual(
      expect.arrayContaining([NAMESPACE_USER]),
    );
    expect(assignmentsAt('namespaces')).toEqual([]);
    expect(
      await sandbox.canI(prod.name, 'erin', 'list', 'pods', namespace),
    ).toBe(true);
    expect(
      await sandbox.canI(prod.name, 'erin', 'delete', 'pods', namespace),
    ).toBe(false);

    const view = await api(onDisk.backend).get(
      '/entities/component/default/payments-api/access',
    );
    const shown = view.body.namespaces.find(
      (n: any) => n.cluster === prod.name && n.namespace === namespace,
    );
    expect(shown.managedByArm).toBe(true);
    expect(shown.managedNamespace).toMatchObject({
      defaultResourceQuota: { cpuRequest: '2000m', memoryLimit: '8Gi' },
      defaultNetworkPolicy: {
        ingress: 'AllowSameNamespace',
        egress: 'AllowAll',
      },
      adoptionPolicy: 'IfIdentical',
      deletePolicy: 'Keep',
    });
    expect(
      view.body.findings.filter((f: any) => f.namespace === namespace),
    ).toEqual([]);
    expect(shown.grants.map((g: any) => g.id)).toContain(grantId);
  });

  it("finds ARM's quota and network policy changed past the webhook; re-running onboarding restores them", async () => {
    // A cluster admin impersonating AKS's reconciler gets past the webhook.
    const pastWebhook = sandbox.kubeConfigFor(prod.name, 'dave');
    const merge = setHeaderOptions(
      'Impersonate-User',
      NAMESPACE_RECONCILER,
      setHeaderOptions(
        'Impersonate-Group',
        'system:masters',
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
    await pastWebhook.makeApiClient(CoreV1Api).patchNamespacedResourceQuota(
      {
        name: 'defaultresourcequota',
        namespace,
        body: { spec: { hard: { 'requests.cpu': '16' } } },
      },
      merge,
    );
    await pastWebhook
      .makeApiClient(NetworkingV1Api)
      .patchNamespacedNetworkPolicy(
        {
          name: 'defaultnetworkpolicy',
          namespace,
          body: { spec: { ingress: [{}] } },
        },
        merge,
      );

    const drift = async () => {
      const view = await api(onDisk.backend).get(
        '/entities/component/default/payments-api/access',
      );
      return view.body.findings.find(
        (f: any) => f.namespace === namespace && f.kind === 'drift',
      );
    };
    let found = await drift();
    for (let i = 0; !found && i < 50; i++) {
      await new Promise(r => setTimeout(r, 100));
      found = await drift();
    }
    expect(found).toMatchObject({
      severity: 'high',
      title: `Managed namespace ${namespace} differs from its ARM resource`,
    });
    expect(found.detail).toContain(
      'ResourceQuota defaultresourcequota requests.cpu is 16, not 2000m',
    );
    expect(found.detail).toContain(
      'NetworkPolicy defaultnetworkpolicy ingress is AllowAll, not AllowSameNamespace',
    );

    const rerun = await api(onDisk.backend).post('/namespaces', {
      cluster: prod.name,
      namespace,
      entityRef,
      owner: 'group:default/team-payments',
    });
    expect(rerun.status).toBe(200);
    expect(rerun.body.changes).toContainEqual(
      expect.objectContaining({ kind: 'managedNamespaces', action: 'update' }),
    );
    expect(
      (object('ResourceQuota', 'defaultresourcequota') as any).spec.hard[
        'requests.cpu'
      ],
    ).toBe('2000m');
    expect(
      (object('NetworkPolicy', 'defaultnetworkpolicy') as any).spec.ingress,
    ).toEqual([{ from: [{ podSelector: {} }] }]);
    for (let i = 0; (await drift()) && i < 50; i++) {
      await new Promise(r => setTimeout(r, 100));
    }
    expect(await drift()).toBeUndefined();
  });

  it('federates, and the pod exchanges its token', async () => {
    const federated = await api(onDisk.backend).post('/workload-identities', {
      cluster: prod.name,
      namespace,
      serviceAccount: 'app',
      entityRef,
      identityName: 'id-ledger-exercise-app',
    });
    expect(federated.status).toBe(200);
    const exchanged = await sandbox.exchangeAsPod(
      prod.name,
      namespace,
      'app',
      federated.body.clientId,
    );
    expect(exchanged.status).toBe(200);
  });

  it('revokes the grant, then offboards and deletes the namespace through ARM', async () => {
    const alice = api(onDisk.backend);
    const namespaceUsers = () =>
      assignmentsAt('managedNamespaces').filter(
        a => roleOf(a) === NAMESPACE_USER,
      );
    expect(namespaceUsers()).toHaveLength(2);
    const revoked = await alice.delete(
      `/grants/${encodeURIComponent(grantId)}`,
    );
    expect(revoked.status).toBe(200);
    // The readers' last grant there: their Namespace User role goes with it,
    // and the team's stays.
    expect(namespaceUsers()).toHaveLength(1);
    expect(
      await sandbox.canI(prod.name, 'erin', 'list', 'pods', namespace),
    ).toBe(false);

    const offboarded = await alice.delete(
      `/namespaces/${prod.name}/${namespace}?deleteNamespace=true`,
    );
    expect(offboarded.status).toBe(200);
    expect(offboarded.body.changes).toContainEqual(
      expect.objectContaining({
        kind: 'managedNamespaces',
        name: namespace,
        action: 'delete',
      }),
    );
    expect(assignmentsAt('managedNamespaces')).toEqual([]);
    const ns = object('Namespace', namespace);
    // Deleted, or terminating while its finalizer runs.
    expect(!ns || !!ns.metadata.deletionTimestamp).toBe(true);
  });
});
