import type { KubernetesObject } from '@kubernetes/client-node';
import {
  encodeGrantId,
  EntityAccessResponse,
  Grant,
} from '@aks-access/plugin-aks-access-common';
import type { PermissionQueryDeps } from '../effectivePermissions/entityQuestions';
import { ObjectStore } from '../kubernetes/ObjectStore';
import { entityPeople, PeopleCache } from './entityPeople';
import type { GroupMembership } from './GroupMembership';
import type { PrincipalDirectory } from './PrincipalDirectory';

const ADMINS = 'admins';

const grant = (
  id: string,
  level: Grant['level'],
  group = 'g1',
  role = 'edit',
): Grant => ({
  id,
  principal: { kind: 'Group', id: group },
  level,
  role,
  source: 'RoleBinding',
  scope: 'namespace',
  managed: true,
});

const view = (grants: Grant[]): EntityAccessResponse => ({
  entityRef: 'component:default/payments-api',
  namespaces: [{ cluster: 'c', namespace: 'ns', grants }],
  clusterGrants: [],
  identities: [],
  findings: [],
  clusters: [],
  generatedAt: '',
});

const rbac = (kind: string, name: string, more: object): KubernetesObject =>
  ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name, namespace: 'ns' },
    ...more,
  } as KubernetesObject);

const roleBinding = (name: string, role: string, group: string) =>
  rbac('RoleBinding', name, {
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: role,
    },
    subjects: [
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group },
    ],
  });

/** One cluster `c` with namespace `ns`, its RBAC objects in the index's stores, and group members. */
function world(groups: Record<string, string[]>) {
  let walks = 0;
  let membershipVersion = 1;
  const stores = {
    roles: new ObjectStore(),
    clusterroles: new ObjectStore(),
    rolebindings: new ObjectStore(),
    clusterrolebindings: new ObjectStore(),
  };
  const membership = {
    usersUnder: (group: string) => {
      walks++;
      return new Map((groups[group] ?? []).map(u => [u, [group]]));
    },
    user: (id: string) => ({ id, displayName: id.toUpperCase() }),
    isUser: (id: string) => Object.values(groups).flat().includes(id),
    groupName: (id: string) => (id in groups ? id : undefined),
    userIdByUpn: () => undefined,
    version: () => membershipVersion,
    status: () => ({ source: 'graph', users: 0, groups: 0 }),
  } as unknown as GroupMembership;
  const principals = {
    byId: () => undefined,
    byUserName: () => undefined,
    version: () => 7,
  } as unknown as PrincipalDirectory;
  const deps = {
    registry: {
      get: (name: string) => ({
        name,
        armId:
          '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c',
        config: { subscriptionId: 's', resourceGroup: 'rg' },
        record: {
          properties: {
            disableLocalAccounts: true,
            aadProfile: { adminGroupObjectIDs: [ADMINS] },
          },
        },
      }),
      backendObjectId: () => undefined,
    },
    index: {
      kubernetes: () => ({ store: (r: keyof typeof stores) => stores[r] }),
      azure: { assignmentsAt: () => [], roleDefinition: () => undefined },
    },
    membership,
    principals,
  } as unknown as PermissionQueryDeps;
  return {
    deps,
    stores,
    walks: () => walks,
    membershipChanged: () => membershipVersion++,
  };
}

/*
 * Paging through one entity's people slices the list built for the first
 * page, until the grants, the membership, the catalog or the clusters' RBAC
 * change under it.
 */
describe('entityPeople with a PeopleCache', () => {
  it('builds once for every page, and again when the grants, the membership or a Role change', () => {
    const members = { g1: ['u1', 'u2', 'u3'] };
    const w = world(members);
    const cache = new PeopleCache();
    const page = (offset: number, level: Grant['level'] = 'write') =>
      entityPeople(
        view([grant('rb1', level)]),
        w.deps,
        { offset, limit: 2 },
        cache,
      );

    expect(page(0).items.map(p => p.user.id)).toEqual(['u1', 'u2']);
    expect(page(2).items.map(p => p.user.id)).toEqual(['u3']);
    expect(w.walks()).toBe(1);

    // Another level on the same grant: a new list.
    expect(page(0, 'admin').items[0].highestLevel).toBe('admin');
    expect(w.walks()).toBe(2);

    // A delta round added a member.
    members.g1 = ['u0', ...members.g1];
    w.membershipChanged();
    expect(page(0, 'admin').items.map(p => p.user.id)).toEqual(['u0', 'u1']);
    expect(page(0, 'admin').totalCount).toBe(4);
    expect(w.walks()).toBe(3);

    // A Role's rules changed, its bindings and levels did not.
    w.stores.roles.upsert(rbac('Role', 'r', { rules: [] }));
    page(0, 'admin');
    expect(w.walks()).toBe(4);
  });
});

describe('sensitive permissions on People rows', () => {
  it("names what each person's grants allow, the platform admins' as expected", () => {
    // u5 is a platform admin, and holds exec through a group that is not one.
    const w = world({ g1: ['u1'], [ADMINS]: ['u9', 'u5'], both: ['u5'] });
    w.stores.roles.upsert(
      rbac('Role', 'secret-reader', {
        rules: [
          { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] },
          { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
        ],
      }),
    );
    w.stores.roles.upsert(
      rbac('Role', 'everything', {
        rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
      }),
    );
    for (const b of [
      roleBinding('readers', 'secret-reader', 'g1'),
      roleBinding('admins', 'everything', ADMINS),
      roleBinding('both-readers', 'secret-reader', 'both'),
    ])
      w.stores.rolebindings.upsert(b);

    const people = entityPeople(
      view([
        grant('readers', 'read', 'g1', 'Role/secret-reader'),
        grant('admins', 'admin', ADMINS, 'Role/everything'),
        grant('both-readers', 'read', 'both', 'Role/secret-reader'),
      ]),
      w.deps,
      { limit: 10 },
    );
    const of = (id: string) =>
      people.items.find(p => p.user.id === id)!.sensitivePermissions;
    const where = [{ cluster: 'c', namespace: 'ns' }];

    expect(of('u1')).toEqual([
      { permission: 'read-secrets', expected: false, namespaces: where },
      { permission: 'list-secrets', expected: false, namespaces: where },
      { permission: 'exec', expected: false, namespaces: where },
    ]);
    const admin = of('u9');
    expect(admin.map(s => s.permission)).toContain('wildcard');
    expect(admin.every(s => s.expected)).toBe(true);
    const u5 = of('u5');
    expect(u5.find(s => s.permission === 'exec')!.expected).toBe(false);
    expect(u5.find(s => s.permission === 'wildcard')!.expected).toBe(true);
  });
});

/*
 * A custom Role maps to no level, and still lets people do things: they
 * are listed, after read, at level custom with the Role by name. A binding
 * to a Role that does not exist gives no one anything.
 */
describe('people reached only through a custom role', () => {
  const bindingGrant = (name: string, group: string, role: string): Grant =>
    grant(
      encodeGrantId({
        cluster: 'c',
        source: 'RoleBinding',
        id: `ns/${name}`,
        subject: `Group:${group}`,
      }),
      'custom',
      group,
      `Role/${role}`,
    );

  function deployers() {
    // u1 reads through g1 and deploys through oncall; u2 and u3 only deploy.
    const w = world({
      g1: ['u1'],
      oncall: ['u3', 'u2', 'u1'],
      ghosts: ['u4'],
    });
    w.stores.roles.upsert(
      rbac('Role', 'deployer', {
        rules: [
          {
            apiGroups: ['apps'],
            resources: ['deployments'],
            verbs: ['get', 'update'],
          },
          { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
        ],
      }),
    );
    w.stores.rolebindings.upsert(
      roleBinding('deployers', 'deployer', 'oncall'),
    );
    w.stores.rolebindings.upsert(roleBinding('ghosts', 'missing', 'ghosts'));
    const grants = view([
      grant('readers', 'read', 'g1', 'ClusterRole/view'),
      bindingGrant('deployers', 'oncall', 'deployer'),
      bindingGrant('ghosts', 'ghosts', 'missing'),
    ]);
    return { w, grants };
  }

  it('lists them after the levels, at custom with the Role by name, the path and their sensitive permissions', () => {
    const { w, grants } = deployers();
    const people = entityPeople(grants, w.deps, { limit: 10 });

    expect(people.items.map(p => [p.user.id, p.highestLevel])).toEqual([
      ['u1', 'read'],
      ['u2', 'custom'],
      ['u3', 'custom'],
    ]);
    expect(people.totalCount).toBe(3);

    const [u1, u2] = people.items;
    expect(u1.customRoles).toBeUndefined();
    expect(u1.namespaces).toEqual([
      expect.objectContaining({ level: 'read', paths: expect.any(Array) }),
    ]);
    expect(u1.namespaces[0].customRoles).toBeUndefined();
    // The level's path first, then the custom one.
    expect(u1.namespaces[0].paths.map(p => [p.level, p.role])).toEqual([
      ['read', 'ClusterRole/view'],
      ['custom', 'Role/deployer'],
    ]);

    expect(u2.customRoles).toEqual(['Role/deployer']);
    expect(u2.namespaces).toEqual([
      {
        cluster: 'c',
        namespace: 'ns',
        level: 'custom',
        customRoles: ['Role/deployer'],
        paths: [
          expect.objectContaining({
            source: 'RoleBinding',
            level: 'custom',
            role: 'Role/deployer',
            principal: { kind: 'Group', id: 'oncall' },
            via: [expect.objectContaining({ kind: 'Group', id: 'oncall' })],
          }),
        ],
      },
    ]);
    const where = [{ cluster: 'c', namespace: 'ns' }];
    expect(u2.sensitivePermissions).toEqual([
      { permission: 'read-secrets', expected: false, namespaces: where },
    ]);
  });

  it('pages through them in the same order, and leaves them out below a level asked for', () => {
    const { w, grants } = deployers();
    const cache = new PeopleCache();
    const ids = (offset: number) =>
      entityPeople(grants, w.deps, { offset, limit: 2 }, cache);
    const first = ids(0);
    expect(first.items.map(p => p.user.id)).toEqual(['u1', 'u2']);
    expect(first.nextOffset).toBe(2);
    const second = ids(2);
    expect(second.items.map(p => p.user.id)).toEqual(['u3']);
    expect(second.nextOffset).toBeUndefined();
    expect(second.totalCount).toBe(3);

    const readers = entityPeople(grants, w.deps, { minLevel: 'read' }, cache);
    expect(readers.items.map(p => p.user.id)).toEqual(['u1']);
    expect(readers.totalCount).toBe(1);
  });
});
