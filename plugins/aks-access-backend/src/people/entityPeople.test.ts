import type {
  EntityAccessResponse,
  Grant,
} from '@aks-access/plugin-aks-access-common';
import { entityPeople, PeopleCache } from './entityPeople';
import type { GroupMembership } from './GroupMembership';
import type { PrincipalDirectory } from './PrincipalDirectory';

/*
 * Paging through one entity's people slices the list built for the first
 * page, until the grants, the membership or the catalog change under it.
 */
describe('entityPeople with a PeopleCache', () => {
  const grant = (id: string, level: Grant['level']): Grant => ({
    id,
    principal: { kind: 'Group', id: 'g1' },
    level,
    role: 'edit',
    source: 'RoleBinding',
    scope: 'namespace',
    managed: true,
  });
  const view = (level: Grant['level']): EntityAccessResponse => ({
    entityRef: 'component:default/payments-api',
    namespaces: [
      { cluster: 'c', namespace: 'ns', grants: [grant('rb1', level)] },
    ],
    clusterGrants: [],
    identities: [],
    findings: [],
    clusters: [],
    generatedAt: '',
  });

  let members = ['u1', 'u2', 'u3'];
  let membershipVersion = 1;
  let walks = 0;
  const membership = {
    usersUnder: () => {
      walks++;
      return new Map(members.map(u => [u, ['g1']]));
    },
    user: (id: string) => ({ id, displayName: id.toUpperCase() }),
    groupName: () => 'Group 1',
    userIdByUpn: () => undefined,
    version: () => membershipVersion,
    status: () => ({ source: 'graph', users: members.length, groups: 1 }),
  } as unknown as GroupMembership;
  const directory = {
    byId: () => undefined,
    byUserName: () => undefined,
    version: () => 7,
  } as unknown as PrincipalDirectory;

  it('builds once for every page, and again when the grants or the membership change', () => {
    const cache = new PeopleCache();
    const page = (offset: number, level: Grant['level'] = 'write') =>
      entityPeople(
        view(level),
        membership,
        directory,
        { offset, limit: 2 },
        cache,
      );

    expect(page(0).items.map(p => p.user.id)).toEqual(['u1', 'u2']);
    expect(page(2).items.map(p => p.user.id)).toEqual(['u3']);
    expect(walks).toBe(1);

    // Another level on the same grant: a new list.
    expect(page(0, 'admin').items[0].highestLevel).toBe('admin');
    expect(walks).toBe(2);

    // A delta round added a member.
    members = [...members, 'u0'];
    membershipVersion++;
    expect(page(0, 'admin').items.map(p => p.user.id)).toEqual(['u0', 'u1']);
    expect(page(0, 'admin').totalCount).toBe(4);
    expect(walks).toBe(3);
  });
});
