import { decodeJwt } from 'jose';
import { AKS_SERVER_APP_ID } from '@aks-access/plugin-aks-access-common';
import {
  adminCredential,
  rawRequest,
  startTestSandbox,
  type TestSandbox,
} from '../arm/__testUtils__/testSandbox';
import {
  DEMO_ADMIN_APP,
  DEMO_CLUSTERS,
  DEMO_GROUPS,
  DEMO_USERS,
} from '../seed/demoWorld';
import { seedId } from '../seed/builders';

/*
 * Group membership as Microsoft Graph answers it, nesting included, and
 * as the clusters then resolve it: frank is in payments-oncall, which is in
 * team-payments, so he reaches what team-payments reaches.
 */

const FRANK = DEMO_USERS.frank.objectId;
const ONCALL = DEMO_GROUPS.paymentsOncall.objectId;
const TEAM = DEMO_GROUPS.teamPayments.objectId;

describe('Microsoft Graph group membership', () => {
  let sb: TestSandbox;
  let token: string;
  beforeAll(async () => {
    sb = await startTestSandbox();
    token = (
      await adminCredential(sb).getToken('https://graph.microsoft.com/.default')
    ).token;
  });
  afterAll(() => sb.stop());
  const graph = (
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ) =>
    rawRequest(
      sb,
      method,
      path.startsWith('https:') ? path : `${sb.graphUrl}/v1.0/${path}`,
      { token, ...options },
    );
  const ids = (r: { body: { value: Array<{ id: string }> } }) =>
    r.body.value.map(v => v.id);

  it('pages transitiveMembers with @odata.nextLink, nested members included, and honours $select', async () => {
    const seen: string[] = [];
    let next:
      | string
      | undefined = `groups/${TEAM}/transitiveMembers?$top=1&$select=id,displayName`;
    let pages = 0;
    while (next) {
      const r = await graph('GET', next);
      expect(r.status).toBe(200);
      for (const v of r.body.value) {
        expect(Object.keys(v).sort()).toEqual([
          '@odata.type',
          'displayName',
          'id',
        ]);
        seen.push(v.id);
      }
      next = r.body['@odata.nextLink'];
      pages++;
    }
    expect(seen).toEqual(
      expect.arrayContaining([DEMO_USERS.alice.objectId, ONCALL, FRANK]),
    );
    expect(pages).toBe(seen.length);
    const direct = await graph('GET', `groups/${TEAM}/members`);
    expect(ids(direct)).toContain(ONCALL);
    expect(ids(direct)).not.toContain(FRANK);
  });

  it('asks for ConsistencyLevel: eventual before it counts', async () => {
    const refused = await graph(
      'GET',
      `groups/${TEAM}/transitiveMembers?$count=true`,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('Request_BadRequest');
    const counted = await graph(
      'GET',
      `groups/${TEAM}/transitiveMembers?$count=true`,
      {
        headers: { ConsistencyLevel: 'eventual' },
      },
    );
    expect(counted.body['@odata.count']).toBe(counted.body.value.length);
  });

  it('answers transitiveMemberOf and getMemberGroups with the nesting', async () => {
    const of = await graph('GET', `users/${FRANK}/transitiveMemberOf`);
    expect(ids(of)).toEqual([ONCALL, TEAM]);
    expect(of.body.value[0]['@odata.type']).toBe('#microsoft.graph.group');
    const groups = await graph(
      'POST',
      `directoryObjects/${FRANK}/getMemberGroups`,
      {
        body: { securityEnabledOnly: true },
      },
    );
    expect(groups.body).toEqual({
      '@odata.context':
        'https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)',
      value: [ONCALL, TEAM],
    });
    const bad = await graph(
      'POST',
      `directoryObjects/${FRANK}/getMemberGroups`,
      { body: {} },
    );
    expect(bad.status).toBe(400);
  });

  it('answers a delta round in pages, then only what changed after a $ref add and remove', async () => {
    const all: any[] = [];
    let link: string = `${sb.graphUrl}/v1.0/groups/delta?$select=id,displayName,members`;
    let deltaLink: string | undefined;
    while (!deltaLink) {
      const r = await graph('GET', link, {
        headers: { Prefer: 'odata.maxpagesize=2' },
      });
      expect(r.status).toBe(200);
      all.push(...r.body.value);
      deltaLink = r.body['@odata.deltaLink'];
      link = r.body['@odata.nextLink'];
    }
    const team = all.find(g => g.id === TEAM);
    expect(team['members@delta']).toEqual(
      expect.arrayContaining([
        { '@odata.type': '#microsoft.graph.group', id: ONCALL },
      ]),
    );
    const quiet = await graph('GET', deltaLink);
    expect(quiet.body.value).toEqual([]);

    const erin = DEMO_USERS.erin.objectId;
    const ref = {
      '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${erin}`,
    };
    expect(
      (await graph('POST', `groups/${ONCALL}/members/$ref`, { body: ref }))
        .status,
    ).toBe(204);
    const again = await graph('POST', `groups/${ONCALL}/members/$ref`, {
      body: ref,
    });
    expect(again.status).toBe(400);
    expect(
      (await graph('DELETE', `groups/${ONCALL}/members/${FRANK}/$ref`)).status,
    ).toBe(204);
    const changes = await graph('GET', quiet.body['@odata.deltaLink']);
    expect(changes.body.value).toEqual([
      expect.objectContaining({
        id: ONCALL,
        'members@delta': [
          { '@odata.type': '#microsoft.graph.user', id: erin },
          {
            '@odata.type': '#microsoft.graph.user',
            id: FRANK,
            '@removed': { reason: 'deleted' },
          },
        ],
      }),
    ]);
    // Put the demo back for the tests below.
    await graph('DELETE', `groups/${ONCALL}/members/${erin}/$ref`);
    await graph('POST', `groups/${ONCALL}/members/$ref`, {
      body: {
        '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${FRANK}`,
      },
    });
    const garbled = await graph('GET', `groups/delta?$deltatoken=not-ours`);
    expect(garbled.status).toBe(400);
  });

  const cluster = (name: string) => sb.clusters.find(c => c.name === name)!;
  const canI = (
    clusterName: string,
    bearer: string,
    verb: string,
    resource: string,
    group = '',
  ) =>
    rawRequest(
      sb,
      'POST',
      `${
        cluster(clusterName).apiServerUrl
      }/apis/authorization.k8s.io/v1/selfsubjectaccessreviews`,
      {
        token: bearer,
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {
            resourceAttributes: {
              namespace: 'payments-api',
              verb,
              resource,
              group,
            },
          },
        },
      },
    ).then(r => r.body.status?.allowed);

  it.each([DEMO_CLUSTERS.prod.name, DEMO_CLUSTERS.dev.name])(
    '%s: frank may write in payments-api only through his two groups',
    async clusterName => {
      const frank = sb.users.find(u => u.objectId === FRANK)!;
      expect(
        await canI(clusterName, frank.token, 'create', 'deployments', 'apps'),
      ).toBe(true);
      const carol = sb.users.find(
        u => u.objectId === DEMO_USERS.carol.objectId,
      )!;
      expect(
        await canI(clusterName, carol.token, 'create', 'deployments', 'apps'),
      ).toBe(false);
    },
  );

  it('past 200 groups the token carries the overage claim, and the cluster resolves the groups itself', async () => {
    const sp = DEMO_ADMIN_APP.servicePrincipalId;
    const many = Array.from({ length: 201 }, (_, i) => ({
      objectId: seedId(`overage-group-${i}`),
      displayName: `overage-group-${i}`,
      members: [sp],
    }));
    await sb.store.commit([
      {
        path: ['directory', 'groups'],
        value: [...sb.store.state.directory.groups, ...many],
      },
    ]);
    const dev = cluster(DEMO_CLUSTERS.dev.name);
    const last = many[200].objectId;
    const binding = await rawRequest(
      sb,
      'POST',
      `${dev.apiServerUrl}/apis/rbac.authorization.k8s.io/v1/namespaces/payments-api/rolebindings`,
      {
        token: dev.adminToken,
        body: {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name: 'overage-readers', namespace: 'payments-api' },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: 'view',
          },
          subjects: [
            {
              apiGroup: 'rbac.authorization.k8s.io',
              kind: 'Group',
              name: last,
            },
          ],
        },
      },
    );
    expect(binding.status).toBe(201);
    const aks = (
      await adminCredential(sb).getToken(`${AKS_SERVER_APP_ID}/.default`)
    ).token;
    const claims = decodeJwt(aks);
    expect(claims.groups).toBeUndefined();
    expect(claims._claim_names).toEqual({ groups: 'src1' });
    expect((claims._claim_sources as any).src1.endpoint).toMatch(
      new RegExp(`/users/${sp}/getMemberObjects$`),
    );
    expect(await canI(dev.name, aks, 'list', 'pods')).toBe(true);
  });
});
