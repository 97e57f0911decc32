import https from 'node:https';
import {
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
  V1PolicyRule,
} from '@kubernetes/client-node';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AKS_BUILTIN_ROLES,
  aksNamespaceScope,
  KUBERNETES_RESOURCES,
  KUBERNETES_VERBS,
  parseKubernetesResource,
  PermissionRequest,
  WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION,
} from '@aks-access/plugin-aks-access-common';
import {
  demoWorld,
  RunningSandbox,
  sandboxEnvironment,
  startSandbox,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';
import {
  AksAccessServices,
  buildAksAccessServices,
} from '../service/createAksAccessServices';
import type { AksAccessConfig } from '../config/types';
import { GroupMembership } from '../people/GroupMembership';
import { PrincipalDirectory } from '../people/PrincipalDirectory';
import { subjectAccessReview } from '../kubernetes/subjectAccessReview';
import { ClusterPermissionSources } from './allowingGrants';
import { sensitivePermissions } from './sensitivePermissions';
import { resolveIdentity, whatCan } from './whatCan';
import { gatherWhoCan } from './whoCan';

/*
 * The engine against the clusters' own authorizer: for many (principal,
 * verb, resource, namespace) triples over the demo seed plus a generated
 * world (custom Roles and ClusterRoles, aggregation, wildcards,
 * resourceNames, subresources, nested groups, a user past the 200-group
 * overage, Azure role assignments at every scope), the who-can answer must
 * list the principal exactly when a SubjectAccessReview, sent as AKS
 * receives the principal (UPN, every group, extra.oid), allows it.
 */

jest.setTimeout(240_000);

/** Deterministic, so a disagreement can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(24);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const some = <T>(xs: readonly T[], max: number): T[] => {
  const n = 1 + Math.floor(rand() * max);
  return [...new Set(Array.from({ length: n }, () => pick(xs)))];
};
const guid = () =>
  'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () =>
    Math.floor(rand() * 16).toString(16),
  );

const RULE_VERBS = [...KUBERNETES_VERBS.slice(0, 11), '*'];
const RULE_GROUPS = ['', 'apps', 'rbac.authorization.k8s.io', 'batch', '*'];
const RULE_RESOURCES = [
  'pods',
  'pods/exec',
  'pods/attach',
  'pods/portforward',
  'pods/log',
  'secrets',
  'configmaps',
  'deployments',
  'deployments/scale',
  'roles',
  'rolebindings',
  'clusterroles',
  'serviceaccounts',
  'serviceaccounts/token',
  'users',
  '*',
  '*/exec',
  '*/status',
];
const NAMES = ['alpha', 'beta'];
const GEN_NAMESPACES = ['gen-0', 'gen-1', 'gen-2'];
const AGGREGATE_LABEL = 'gen.example/aggregate-to-gen-agg';

function randomRules(): V1PolicyRule[] {
  return Array.from({ length: 1 + Math.floor(rand() * 3) }, () => ({
    verbs: some(RULE_VERBS, 3),
    apiGroups: some(RULE_GROUPS, 2),
    resources: some(RULE_RESOURCES, 3),
    ...(rand() < 0.25 ? { resourceNames: some(NAMES, 2) } : {}),
  }));
}

interface GeneratedDirectory {
  users: Array<{ objectId: string; userPrincipalName: string }>;
  groups: string[];
}

/** Users and groups nested three deep, one user in 210 groups (past the token's 200). */
async function generateDirectory(
  sandbox: RunningSandbox,
): Promise<GeneratedDirectory> {
  const { directory } = sandbox.store.state;
  const users = Array.from({ length: 12 }, (_, i) => ({
    objectId: guid(),
    userPrincipalName: `gen-user-${i}@contoso.example`,
    displayName: `Generated user ${i}`,
    token: `gen-token-${i}-${guid()}`,
  }));
  const groups = Array.from({ length: 9 }, (_, i) => ({
    objectId: guid(),
    displayName: `gen-group-${i}`,
    members: [] as string[],
  }));
  for (const user of users.slice(0, 10))
    for (const group of some(groups, 2)) group.members.push(user.objectId);
  // Nesting: 0 in 3 in 6, 1 in 4 in 7, 2 in 5 in 8; team-payments holds 8.
  for (let i = 0; i < 6; i++) groups[i + 3].members.push(groups[i].objectId);
  const teamPayments = directory.groups.find(
    g => g.displayName === 'team-payments',
  );
  const wide = Array.from({ length: 210 }, (_, i) => ({
    objectId: guid(),
    displayName: `gen-wide-${i}`,
    members: [users[11].objectId],
  }));
  wide[209].members.push(groups[0].objectId);
  await sandbox.store.commit([
    { path: ['directory', 'users'], value: [...directory.users, ...users] },
    {
      path: ['directory', 'groups'],
      value: [
        ...directory.groups.map(g =>
          g === teamPayments
            ? { ...g, members: [...g.members, groups[8].objectId] }
            : g,
        ),
        ...groups,
        ...wide,
      ],
    },
  ]);
  return {
    users,
    groups: [...groups.map(g => g.objectId), wide[0].objectId],
  };
}

async function generateKubernetes(
  sandbox: RunningSandbox,
  generated: GeneratedDirectory,
) {
  for (const cluster of sandbox.clusters) {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        { name: 'c', server: cluster.apiServerUrl, caData: cluster.caData },
      ],
      users: [{ name: 'u', token: cluster.adminToken }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const core = kc.makeApiClient(CoreV1Api);
    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    const roleRef = (kind: string, name: string) => ({
      apiGroup: 'rbac.authorization.k8s.io',
      kind,
      name,
    });
    const subject = (namespace: string) => {
      const r = rand();
      if (r < 0.3) {
        const group = pick(generated.groups);
        return {
          kind: 'Group',
          apiGroup: 'rbac.authorization.k8s.io',
          // RBAC compares exactly: an upper-case id matches no token's group.
          name: rand() < 0.15 ? group.toUpperCase() : group,
        };
      }
      if (r < 0.55)
        return {
          kind: 'User',
          apiGroup: 'rbac.authorization.k8s.io',
          name: pick(generated.users).userPrincipalName,
        };
      if (r < 0.85)
        return {
          kind: 'ServiceAccount',
          name: pick(['builder', 'deployer']),
          namespace: pick([namespace, ...GEN_NAMESPACES]),
        };
      return {
        kind: 'Group',
        apiGroup: 'rbac.authorization.k8s.io',
        name: pick([
          'system:serviceaccounts',
          `system:serviceaccounts:${namespace}`,
        ]),
      };
    };
    for (let i = 0; i < 6; i++) {
      await rbac.createClusterRole({
        body: {
          metadata: {
            name: `gen-cr-${i}`,
            ...(i < 3 ? { labels: { [AGGREGATE_LABEL]: 'true' } } : {}),
          },
          rules: randomRules(),
        },
      });
    }
    await rbac.createClusterRole({
      body: {
        metadata: { name: 'gen-agg' },
        aggregationRule: {
          clusterRoleSelectors: [
            { matchLabels: { [AGGREGATE_LABEL]: 'true' } },
          ],
        },
      },
    });
    const clusterRoles = [
      ...Array.from({ length: 6 }, (_, i) => `gen-cr-${i}`),
      'gen-agg',
      'view',
      'edit',
    ];
    for (const ns of GEN_NAMESPACES) {
      await core.createNamespace({ body: { metadata: { name: ns } } });
      for (const sa of ['builder', 'deployer']) {
        await core.createNamespacedServiceAccount({
          namespace: ns,
          body: {
            metadata: {
              name: sa,
              ...(sa === 'builder'
                ? {
                    annotations: {
                      [WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: guid(),
                    },
                  }
                : {}),
            },
          },
        });
      }
      for (let i = 0; i < 3; i++) {
        await rbac.createNamespacedRole({
          namespace: ns,
          body: { metadata: { name: `gen-role-${i}` }, rules: randomRules() },
        });
      }
      for (let i = 0; i < 6; i++) {
        const ref =
          rand() < 0.5
            ? roleRef('Role', `gen-role-${Math.floor(rand() * 3)}`)
            : roleRef('ClusterRole', pick(clusterRoles));
        await rbac.createNamespacedRoleBinding({
          namespace: ns,
          body: {
            metadata: { name: `gen-rb-${i}` },
            roleRef: ref,
            subjects: Array.from({ length: 1 + Math.floor(rand() * 2) }, () =>
              subject(ns),
            ),
          },
        });
      }
    }
    await rbac.createClusterRoleBinding({
      body: {
        metadata: { name: 'gen-crb' },
        roleRef: roleRef('ClusterRole', 'gen-cr-3'),
        subjects: [subject('gen-0')],
      },
    });
  }
}

/** Azure RBAC assignments on the azure-rbac cluster: namespace, managed-namespace and cluster scopes. */
async function generateAzure(
  sandbox: RunningSandbox,
  generated: GeneratedDirectory,
) {
  const state = sandbox.store.state;
  const cluster = Object.values(state.clusters).find(
    c => c.record.aadProfile?.enableAzureRBAC,
  )!;
  const data = (action: string) =>
    `Microsoft.ContainerService/managedClusters/${action}`;
  // Custom roles, each taking back part of what it grants with notDataActions.
  const custom = [
    {
      roleName: 'gen Pod Operator',
      name: guid(),
      dataActions: [data('pods/*'), data('secrets/read'), data('apps/*')],
      notDataActions: [
        data('pods/exec/action'),
        data('apps/deployments/delete'),
      ],
    },
    {
      roleName: 'gen All But Secrets',
      name: guid(),
      dataActions: [data('*')],
      notDataActions: [data('secrets/*'), data('rbac.authorization.k8s.io/*')],
    },
  ];
  await sandbox.store.commit(
    custom.map(({ roleName, name, dataActions, notDataActions }) => ({
      path: ['customRoleDefinitions', name],
      value: {
        roleName,
        name,
        description: 'generated by the who-can property test',
        assignableScopes: [`/subscriptions/${state.subscriptionId}`],
        permissions: [
          { actions: [], notActions: [], dataActions, notDataActions },
        ],
      },
    })),
  );
  const roles = [
    AKS_BUILTIN_ROLES.rbacReader.guid,
    AKS_BUILTIN_ROLES.rbacWriter.guid,
    AKS_BUILTIN_ROLES.rbacAdmin.guid,
    ...custom.map(c => c.name),
    ...custom.map(c => c.name),
  ];
  const changes = Array.from({ length: 12 }, (_, i) => {
    const scope =
      i >= 10
        ? cluster.record.id
        : aksNamespaceScope(
            cluster.record.id,
            pick(GEN_NAMESPACES),
            pick(['namespaces', 'managedNamespaces'] as const),
          );
    const user = rand() < 0.4;
    const name = guid();
    const id = `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
    return {
      path: ['roleAssignments', id.toLowerCase()],
      value: {
        id,
        name,
        scope,
        roleDefinitionId: `/subscriptions/${
          state.subscriptionId
        }/providers/Microsoft.Authorization/roleDefinitions/${pick(roles)}`,
        principalId: user
          ? pick(generated.users).objectId
          : pick(generated.groups),
        principalType: user ? 'User' : 'Group',
        createdOn: '2026-01-15T09:00:00Z',
        updatedOn: '2026-01-15T09:00:00Z',
      },
    };
  });
  await sandbox.store.commit(changes);
}

/** The transitive groups of an object, from the sandbox's directory (not the backend's copy). */
function transitiveGroups(sandbox: RunningSandbox, objectId: string): string[] {
  const parents = new Map<string, string[]>();
  for (const g of sandbox.store.state.directory.groups)
    for (const m of g.members)
      parents.set(m.toLowerCase(), [
        ...(parents.get(m.toLowerCase()) ?? []),
        g.objectId,
      ]);
  const found = new Set<string>();
  let frontier = [objectId.toLowerCase()];
  while (frontier.length) {
    frontier = frontier.flatMap(id =>
      (parents.get(id) ?? []).filter(g => !found.has(g) && found.add(g)),
    );
  }
  return [...found];
}

interface Principal {
  label: string;
  username: string;
  groups: string[];
  oid?: string;
}

const REQUEST_RESOURCES = [
  '*',
  ...Object.entries(KUBERNETES_RESOURCES).flatMap(([r, { subresources }]) => [
    r,
    ...(subresources ?? []).map(s => `${r}/${s}`),
  ]),
];

async function inBatches<T>(
  items: T[],
  size: number,
  run: (item: T) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) await run(items[next++]);
    }),
  );
}

describe('who-can against the clusters’ SubjectAccessReview', () => {
  let sandbox: RunningSandbox;
  let services: AksAccessServices;
  let membership: GroupMembership;
  let directory: PrincipalDirectory;
  let agent: https.Agent;
  let generated: GeneratedDirectory;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'demo' });
    generated = await generateDirectory(sandbox);
    await generateKubernetes(sandbox, generated);
    await generateAzure(sandbox, generated);
    agent = new https.Agent({ ca: sandbox.caPem, keepAlive: true });
    const logger = mockServices.rootLogger({ level: 'warn' });
    const environment = sandboxEnvironment(sandbox);
    services = await buildAksAccessServices(
      {
        azure: {
          ...environment.azure,
          refreshIntervalSeconds: 3600,
          membershipRefreshSeconds: 3600,
        } as AksAccessConfig['azure'],
        clusters: environment.clusters!,
      },
      { logger, agent },
    );
    directory = new PrincipalDirectory(
      catalogServiceMock({ entities: [] }),
      mockServices.auth(),
      logger,
    );
    await directory.ready();
    membership = new GroupMembership(services.graph, directory, logger);
    await membership.refresh();
  });

  afterAll(async () => {
    await services?.stop();
    agent?.destroy();
    await sandbox?.stop();
  });

  it('agrees with the authorizer on at least 10,000 triples', async () => {
    expect(membership.status().source).toBe('graph');
    const state = sandbox.store.state;
    const people: Principal[] = state.directory.users.map(u => ({
      label: u.userPrincipalName,
      username: u.userPrincipalName,
      groups: [
        ...transitiveGroups(sandbox, u.objectId),
        'system:authenticated',
      ],
      oid: u.objectId,
    }));
    const overage = people.find(p => p.oid === generated.users[11].objectId)!;
    expect(overage.groups.length).toBeGreaterThan(200);

    const questions: Array<{
      cluster: string;
      namespace: string;
      request: PermissionRequest;
    }> = [];
    const namespacesOf = new Map<string, string[]>();
    for (const cluster of services.registry.list()) {
      const names = services.index
        .kubernetes(cluster.name)
        .store('namespaces')
        .list()
        .map(n => n.metadata!.name!);
      namespacesOf.set(cluster.name, names);
    }
    // About 31 principals a question (fewer on the twin cluster, which has no demo namespaces).
    for (let i = 0; i < 340; i++) {
      const cluster = pick([...namespacesOf.keys()]);
      const namespace =
        rand() < 0.5 ? pick(GEN_NAMESPACES) : pick(namespacesOf.get(cluster)!);
      const resource = parseKubernetesResource(pick(REQUEST_RESOURCES))!;
      const name = rand() < 0.3 ? pick([...NAMES, 'gamma']) : undefined;
      questions.push({
        cluster,
        namespace,
        request: {
          verb: pick([...KUBERNETES_VERBS, '*']),
          ...resource,
          ...(name ? { name } : {}),
        },
      });
    }

    const serviceAccounts = (cluster: string): Principal[] =>
      services.index
        .kubernetes(cluster)
        .store('serviceaccounts')
        .list()
        .filter(sa => /^(gen-|payments|checkout)/.test(sa.metadata!.namespace!))
        .map(sa => {
          const ns = sa.metadata!.namespace!;
          return {
            label: `sa ${ns}/${sa.metadata!.name}`,
            username: `system:serviceaccount:${ns}:${sa.metadata!.name}`,
            groups: [
              'system:serviceaccounts',
              `system:serviceaccounts:${ns}`,
              'system:authenticated',
            ],
          };
        });
    const localAdmin: Principal = {
      label: 'local admin',
      username: 'clusterAdmin',
      groups: ['system:masters', 'system:authenticated'],
    };

    let triples = 0;
    const tally = { allowed: 0 };
    // What the allowed answers went through, so that a generated feature left unexercised shows.
    const features = {
      'named request (resourceNames)': 0,
      'Azure custom role': 0,
      'nested group (two or more deep)': 0,
      'user past the 200-group overage': 0,
    };
    const noteFeatures = (
      answer: ReturnType<typeof gatherWhoCan>,
      oid: string,
      request: PermissionRequest,
      isOverage: boolean,
    ) => {
      const paths = [
        ...(answer.people.get(oid)?.namespaces.values() ?? []),
      ].flatMap(n => n.paths);
      if (request.name) features['named request (resourceNames)']++;
      if (paths.some(x => x.grant.role.startsWith('gen ')))
        features['Azure custom role']++;
      if (paths.some(x => x.via.length >= 2))
        features['nested group (two or more deep)']++;
      if (isOverage) features['user past the 200-group overage']++;
    };
    const disagreements: string[] = [];
    const checks: Array<() => Promise<void>> = [];
    for (const { cluster, namespace, request } of questions) {
      const handle = services.registry.get(cluster);
      const sources: ClusterPermissionSources = {
        cluster: handle,
        cache: services.index.kubernetes(cluster),
        azure: services.index.azure,
      };
      const answer = gatherWhoCan([{ sources, namespace }], request, {
        membership,
        directory,
      });
      const reachesAll = (reaches: string, id?: string) =>
        [...answer.others.values()].some(
          o => o.reaches === reaches && (!id || o.principal.id === id),
        );
      const engineSays = (p: Principal) => {
        if (reachesAll('everyone')) return true;
        if (p.groups.includes('system:masters'))
          return reachesAll('local-admin');
        if (p.oid) return answer.people.has(p.oid.toLowerCase());
        const [, , ns, name] = p.username.split(':');
        return (
          answer.workloads.has(`${cluster}/${namespace}/${ns}/${name}`) ||
          reachesAll('all-service-accounts') ||
          reachesAll(
            'namespace-service-accounts',
            `system:serviceaccounts:${ns}`,
          )
        );
      };
      const kubeConfig = handle.kubeConfig();
      for (const p of [...people, ...serviceAccounts(cluster), localAdmin]) {
        triples++;
        checks.push(async () => {
          const status = await subjectAccessReview(kubeConfig, {
            user: p.username,
            groups: p.groups,
            ...(p.oid ? { uid: p.oid, extra: { oid: [p.oid] } } : {}),
            resourceAttributes: {
              namespace,
              verb: request.verb,
              group: request.apiGroup,
              resource: request.resource,
              subresource: request.subresource,
              name: request.name,
            },
          });
          const expected = !!status?.allowed;
          if (expected) {
            tally.allowed++;
            if (p.oid) noteFeatures(answer, p.oid, request, p === overage);
          }
          if (engineSays(p) !== expected)
            disagreements.push(
              `${cluster}/${namespace} ${request.verb} ${request.apiGroup}/${
                request.resource
              }${request.subresource ? `/${request.subresource}` : ''}${
                request.name ? ` "${request.name}"` : ''
              } as ${p.label}: authorizer ${expected}, engine ${!expected}`,
            );
        });
      }
    }
    await inBatches(checks, 32, check => check());
    // eslint-disable-next-line no-console
    console.log(
      `who-can property test: ${triples} triples (${tally.allowed} allowed), ${disagreements.length} disagreements`,
    );
    // eslint-disable-next-line no-console
    console.log(`allowed through: ${JSON.stringify(features)}`);
    expect(disagreements.slice(0, 20)).toEqual([]);
    for (const count of Object.values(features))
      expect(count).toBeGreaterThan(0);
    expect(triples).toBeGreaterThanOrEqual(10_000);
    // Both answers are common, so agreement is not the trivial all-no.
    expect(tally.allowed).toBeGreaterThan(triples / 10);
    expect(tally.allowed).toBeLessThan(triples - triples / 10);
  });

  it('answers what-can for frank as the authorizer does, cell by cell', async () => {
    const { frank } = demoWorld.DEMO_USERS;
    const upn = `${frank.name}@${demoWorld.DEMO_UPN_DOMAIN}`;
    const groups = [
      ...transitiveGroups(sandbox, frank.objectId),
      'system:authenticated',
    ];
    const counted = { cells: 0 };
    // The demo's second subscription's twin cluster has no payments-api.
    const withPaymentsApi = services.registry
      .list()
      .filter(c =>
        services.index
          .kubernetes(c.name)
          .store('namespaces')
          .get('payments-api'),
      );
    expect(withPaymentsApi.map(c => c.name).sort()).toEqual([
      demoWorld.DEMO_CLUSTERS.dev.name,
      demoWorld.DEMO_CLUSTERS.prod.name,
    ]);
    for (const cluster of withPaymentsApi) {
      const sources: ClusterPermissionSources = {
        cluster,
        cache: services.index.kubernetes(cluster.name),
        azure: services.index.azure,
      };
      const matrix = whatCan(
        sources,
        'payments-api',
        resolveIdentity({ kind: 'User', id: frank.objectId }, membership),
        membership,
        directory,
      );
      expect(matrix.principal.userPrincipalName).toBe(upn);
      const kubeConfig = cluster.kubeConfig();
      const checks = matrix.rows.flatMap(row =>
        row.cells.map(cell => async () => {
          const [resource, subresource] = row.resource.split('/');
          const status = await subjectAccessReview(kubeConfig, {
            user: upn,
            groups,
            uid: frank.objectId,
            extra: { oid: [frank.objectId] },
            resourceAttributes: {
              namespace: 'payments-api',
              verb: cell.verb,
              group: row.apiGroup,
              resource,
              subresource,
            },
          });
          counted.cells++;
          expect(
            `${cluster.name} ${cell.verb} ${row.resource}: ${cell.allowed}`,
          ).toBe(
            `${cluster.name} ${cell.verb} ${
              row.resource
            }: ${!!status?.allowed}`,
          );
          // An allowed cell names the paths that allow it.
          expect(!cell.allowed || cell.paths.length > 0).toBe(true);
        }),
      );
      await inBatches(checks, 16, check => check());
      // frank reaches payments-api through payments-oncall inside team-payments.
      const getPods = matrix.rows
        .find(r => r.resource === 'pods')!
        .cells.find(c => c.verb === 'get')!;
      expect(getPods.allowed).toBe(true);
      expect(
        getPods.paths.some(p =>
          p.via.some(v => v.displayName === 'payments-oncall'),
        ),
      ).toBe(true);
    }
    expect(counted.cells).toBeGreaterThan(500);
  });

  it('names sensitive permissions as findings with a fix, and platform admins as expected', () => {
    const targets = services.registry.list().map(cluster => ({
      namespace: 'payments-api',
      sources: {
        cluster,
        cache: services.index.kubernetes(cluster.name),
        azure: services.index.azure,
      },
    }));
    const answer = sensitivePermissions(
      'component:default/payments-api',
      targets,
      directory,
    );
    expect(answer.findings.length).toBeGreaterThan(0);
    for (const f of answer.findings) {
      expect(f.kind).toBe('over-broad');
      expect(f.remediation).toMatch(/\S/);
      expect(f.namespace).toBe('payments-api');
    }
    const admins = demoWorld.DEMO_GROUPS.platformAdmins.objectId;
    expect(
      answer.expected.some(
        e => e.principal.id === admins && e.permission === 'read-secrets',
      ),
    ).toBe(true);
    expect(answer.findings.some(f => f.detail.includes(admins))).toBe(false);
  });
});
