import {
  demoWorld,
  identitiesNamed,
  inventory,
  problems,
  SandboxOnDisk,
  api,
  startWritePathTestBackend,
  TestBackend,
  type FaultConfig,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

jest.setTimeout(300_000);

/*
 * The write path under each of the sandbox's faults (DESIGN §8), alone and
 * all together: onboarding, a grant and a federation in two namespaces at
 * once (one per cluster, one shared identity, so FIC writes on that identity
 * overlap) all complete, a re-run changes nothing, and the sandbox holds no
 * duplicate and no orphan.
 */
const FAULTS: Array<[string, FaultConfig]> = [
  ['none', {}],
  ['latency', { latencyMs: 150 }],
  // Few enough tokens that the run must wait out Retry-After more than once.
  ['arm-throttle', { armThrottle: { capacity: 6, refillPerSecond: 4 } }],
  ['arm-5xx', { armErrorRate: 0.3 }],
  ['kube-throttle', { kubeThrottle: { capacity: 8, refillPerSecond: 8 } }],
  // Kubernetes 500 (etcd timeout) and 503 (an instance shutting down); at
  // 0.2 a run meets dozens, and one call failing all 8 attempts stays rare.
  ['kube-5xx', { kubeErrorRate: 0.2 }],
  // New identities stay unknown to ARM's directory replica for a minute.
  ['principal-replication', { principalReplicationMs: 60_000 }],
  ['fic-concurrency', { ficConcurrencyWindowMs: 600 }],
  [
    'all',
    {
      latencyMs: 40,
      armThrottle: { capacity: 10, refillPerSecond: 6 },
      kubeThrottle: { capacity: 15, refillPerSecond: 15 },
      principalReplicationMs: 60_000,
      ficConcurrencyWindowMs: 300,
      armErrorRate: 0.1,
      kubeErrorRate: 0.1,
    },
  ],
];

const entityRef = 'component:default/payments-api';

describe.each(FAULTS)('under the %s fault', (name, faults) => {
  const sandbox = new SandboxOnDisk();
  let backend: TestBackend;
  const targets = [
    { cluster: 'aks-prod-weu', namespace: `faults-${name}-prod` },
    { cluster: 'aks-dev-neu', namespace: `faults-${name}-dev` },
  ];
  const identityName = `id-faults-${name}`;

  beforeAll(async () => {
    backend = await startWritePathTestBackend({
      aksAccess: {
        sandbox: { enabled: true, dataDir: sandbox.dataDir, faults },
      },
    });
  });
  afterAll(async () => {
    await backend?.stop();
    sandbox.remove();
  });

  const requests = (t: (typeof targets)[number]) => ({
    onboard: {
      ...t,
      entityRef,
      owner: 'group:default/team-payments',
    },
    grant: {
      ...t,
      principal: 'group:default/payments-readers',
      level: 'read',
    },
    federate: {
      ...t,
      serviceAccount: 'api',
      entityRef,
      identityName,
      azureRoles: [
        {
          role: 'Key Vault Secrets User',
          scope: demoWorld.DEMO_KEYVAULT_SCOPE,
        },
      ],
    },
  });

  /** The three operations on both namespaces at once; each must answer 200. */
  async function runAll() {
    const alice = api(backend);
    const responses: any[] = [];
    const each = async (
      path: string,
      key: 'onboard' | 'grant' | 'federate',
    ) => {
      const answered = await Promise.all(
        targets.map(t => alice.post(path, requests(t)[key])),
      );
      for (const r of answered) {
        expect({
          path,
          status: r.status,
          body: r.status === 200 ? undefined : r.body,
        }).toEqual({
          path,
          status: 200,
          body: undefined,
        });
      }
      responses.push(...answered);
    };
    await each('/namespaces', 'onboard');
    await each('/grants', 'grant');
    await each('/workload-identities', 'federate');
    return responses;
  }

  /**
   * The read path, as soon as the writes have answered (the scheduled refresh
   * is a minute away): one identity, both federations, one grant each, and
   * no ARM read reported failing.
   */
  async function expectViewOf(clientId: string, when: string) {
    const access = await api(backend).get(
      `/entities/component/default/payments-api/access`,
    );
    expect(access.status).toBe(200);
    for (const t of targets) {
      const identities = (access.body.identities as any[]).filter(
        i => i.cluster === t.cluster && i.namespace === t.namespace,
      );
      const grants = (access.body.namespaces as any[])
        .filter(n => n.cluster === t.cluster && n.namespace === t.namespace)
        .flatMap(n => n.grants);
      expect({
        when,
        target: t,
        identities: identities.map(i => ({
          serviceAccount: i.serviceAccount,
          clientId: i.clientId,
          identity: i.identity?.clientId,
          fics: i.fics.filter((f: any) =>
            f.subject.endsWith(`:${t.namespace}:api`),
          ).length,
          azureRoles: i.azureRoles.length,
        })),
        readers: grants.filter(
          (g: any) =>
            g.managed &&
            g.scope === 'namespace' &&
            g.principal.id === demoWorld.DEMO_GROUPS.paymentsReaders.objectId,
        ).length,
      }).toEqual({
        when,
        target: t,
        identities: [
          {
            serviceAccount: 'api',
            clientId,
            identity: clientId,
            fics: 1,
            azureRoles: 1,
          },
        ],
        readers: 1,
      });
    }
    expect(
      (access.body.clusters as any[]).filter(c =>
        c.status.error?.startsWith('ARM:'),
      ),
    ).toEqual([]);
  }

  it('every operation completes, a re-run changes nothing, nothing is duplicated or orphaned', async () => {
    const first = await runAll();
    expect(
      first
        .flatMap(r => r.body.changes)
        .some((c: any) => c.action === 'create'),
    ).toBe(true);
    const clientId = first.find(r => r.body.clientId)!.body.clientId;
    await expectViewOf(clientId, 'after the writes');

    // The re-run writes nothing at all: the sandbox stays byte-identical.
    const bytes = sandbox.stateBytes();
    const again = await runAll();
    expect(sandbox.stateBytes()).toBe(bytes);
    expect(
      again
        .flatMap(r => r.body.changes)
        .filter((c: any) => c.action !== 'unchanged'),
    ).toEqual([]);
    // Both federations name the one identity.
    const clientIds = new Set(
      [...first, ...again]
        .filter(r => r.body.clientId)
        .map(r => r.body.clientId),
    );
    expect(clientIds.size).toBe(1);

    const scope = {
      namespaces: targets.map(t => t.namespace),
      identityNames: [identityName],
    };
    const state = sandbox.state();
    expect(problems(state, scope)).toEqual([]);
    expect(inventory(state, scope)).toEqual({
      identities: 1,
      // One per cluster issuer.
      fics: 2,
      // One Key Vault role, asked for twice.
      identityRoleAssignments: 1,
      // The read grant on the Azure RBAC cluster...
      namespaceRoleAssignments: 1,
      // ...and on the Kubernetes RBAC one.
      managedRoleBindings: 1,
      federatedServiceAccounts: 2,
    });

    // The Key Vault role goes to a brand-new identity, so under the
    // replication fault ARM could not yet see its principal: only
    // principalType: ServicePrincipal lets the assignment through.
    const [identity] = identitiesNamed(state, [identityName]);
    const principal = state.directory.servicePrincipals.find(
      p => p.objectId === identity.principalId,
    )!;
    const assignment = Object.values(state.roleAssignments).find(
      a => a.principalId === identity.principalId,
    )!;
    expect(assignment.principalType).toBe('ServicePrincipal');
    const assignedAfterMs =
      Date.parse(assignment.createdOn) - principal.createdAt;
    expect(assignedAfterMs).toBeLessThan(
      faults.principalReplicationMs ?? Infinity,
    );

    // The re-run wrote nothing, but still refreshed the view.
    await expectViewOf(clientId, 'after the re-run');
  });
});
