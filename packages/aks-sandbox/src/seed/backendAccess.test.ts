import {
  aksClusterArmId,
  roleDefinitionGuid,
} from '@aks-access/plugin-aks-access-common';
import {
  adminCredential,
  rawRequest,
  startTestSandbox,
  type TestSandbox,
} from '../arm/__testUtils__/testSandbox';
import {
  BACKEND_CLUSTER_ROLE,
  BACKEND_DELEGATION_CONDITION,
} from './backendAccess';
import {
  BUILTIN_ROLE_IDS,
  DEMO_ADMIN_APP,
  DEMO_CLUSTERS,
  DEMO_SECOND_SUBSCRIPTION_ID,
  DEMO_SUBSCRIPTION_ID,
  DEMO_TWIN_CLUSTER,
} from './demoWorld';

const BACKEND = DEMO_ADMIN_APP.servicePrincipalId;
const RG = (name: string) =>
  `/subscriptions/${DEMO_SUBSCRIPTION_ID}/resourceGroups/${name}`;
const CLUSTER = (c: {
  resourceGroup: string;
  name: string;
  subscriptionId?: string;
}) =>
  aksClusterArmId(
    c.subscriptionId ?? DEMO_SUBSCRIPTION_ID,
    c.resourceGroup,
    c.name,
  );

describe("the backend's seeded least privilege", () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox();
  });
  afterAll(() => sb.stop());

  it('is exactly the Azure roles of docs/production.md §2, none of them marked as managed', () => {
    const held = Object.values(sb.ctx.store.state.roleAssignments)
      .filter(r => r.principalId === BACKEND)
      .map(r => ({
        scope: r.scope,
        role: roleDefinitionGuid(r.roleDefinitionId),
        condition: r.condition,
        description: r.description,
      }));
    const rbacAdministrator = (scope: string) => ({
      scope,
      role: BUILTIN_ROLE_IDS.rbacAdministrator,
      condition: BACKEND_DELEGATION_CONDITION,
      description: undefined,
    });
    const plain = (scope: string, role: string) => ({
      scope,
      role,
      condition: undefined,
      description: undefined,
    });
    expect(held).toEqual(
      expect.arrayContaining([
        plain(
          `/subscriptions/${DEMO_SUBSCRIPTION_ID}`,
          BUILTIN_ROLE_IDS.reader,
        ),
        plain(
          `/subscriptions/${DEMO_SECOND_SUBSCRIPTION_ID}`,
          BUILTIN_ROLE_IDS.reader,
        ),
        plain(
          `/subscriptions/${DEMO_SECOND_SUBSCRIPTION_ID}/resourceGroups/rg-aks-identities`,
          BUILTIN_ROLE_IDS.managedIdentityContributor,
        ),
        rbacAdministrator(CLUSTER(DEMO_TWIN_CLUSTER)),
        plain(
          CLUSTER(DEMO_TWIN_CLUSTER),
          BUILTIN_ROLE_IDS.namespaceContributor,
        ),
        rbacAdministrator(CLUSTER(DEMO_CLUSTERS.prod)),
        rbacAdministrator(CLUSTER(DEMO_CLUSTERS.dev)),
        plain(
          CLUSTER(DEMO_CLUSTERS.prod),
          BUILTIN_ROLE_IDS.namespaceContributor,
        ),
        plain(
          CLUSTER(DEMO_CLUSTERS.dev),
          BUILTIN_ROLE_IDS.namespaceContributor,
        ),
        rbacAdministrator(RG('rg-kv-payments')),
        plain(
          RG('rg-aks-identities'),
          BUILTIN_ROLE_IDS.managedIdentityContributor,
        ),
      ]),
    );
    expect(held).toHaveLength(11);
  });

  it.each(Object.values(DEMO_CLUSTERS).map(c => c.name))(
    'on %s, authenticates the backend by its AKS token as its object id, bound to the backstage-aks-access ClusterRole only',
    async name => {
      const cluster = sb.clusters.find(c => c.name === name)!;
      const objects = Object.values(sb.ctx.store.state.clusters[name].objects);
      expect(
        objects.find(
          o =>
            o.kind === 'ClusterRole' &&
            o.metadata.name === 'backstage-aks-access',
        ),
      ).toMatchObject({ rules: BACKEND_CLUSTER_ROLE.rules });
      const bindings = objects.filter(
        o =>
          o.kind.endsWith('Binding') &&
          (o.subjects as Array<{ name: string }> | undefined)?.some(
            s => s.name === BACKEND,
          ),
      );
      expect(
        bindings.map(b => [
          b.kind,
          b.metadata.name,
          (b.roleRef as { name: string }).name,
        ]),
      ).toEqual([
        ['ClusterRoleBinding', 'backstage-aks-access', 'backstage-aks-access'],
      ]);

      const { token } = await adminCredential(sb).getToken(
        '6dae42f8-4368-4678-94ff-3960e28e3630/.default',
      );
      const call = (method: string, path: string, body?: unknown) =>
        rawRequest(sb, method, `${cluster.apiServerUrl}${path}`, {
          token,
          body,
        });
      expect((await call('GET', '/api/v1/namespaces')).status).toBe(200);
      const secrets = await call('GET', '/api/v1/namespaces/default/secrets');
      expect(secrets.status).toBe(403);
      expect(secrets.body.message).toContain(
        `User "${BACKEND}" cannot list resource "secrets"`,
      );

      const rolebinding = (role: string) => ({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: `probe-${role}`, namespace: 'default' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: role,
        },
        subjects: [
          {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'Group',
            name: 'someone',
          },
        ],
      });
      const bindingsPath =
        '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings';
      expect(
        (await call('POST', bindingsPath, rolebinding('view'))).status,
      ).toBe(201);
      const escalation = await call(
        'POST',
        bindingsPath,
        rolebinding('cluster-admin'),
      );
      expect(escalation.status).toBe(403);
      await call('DELETE', `${bindingsPath}/probe-view`);
    },
  );
});
