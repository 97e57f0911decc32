import {
  access,
  clusterAdminGrant,
  managedWriteGrant,
} from '../../__testUtils__/fixtures';
import { requestPrincipals, viewerReaches } from './reach';

const [dev, prod] = access.namespaces;

describe('viewerReaches', () => {
  it('is true when a grant in the namespace is to one of the viewer refs, whatever the case', () => {
    const viewer = {
      userEntityRef: 'user:default/test',
      ownershipEntityRefs: ['user:default/test', 'group:default/Team-Payments'],
    };
    expect(viewerReaches(viewer, dev, access.clusterGrants)).toBe(true);
  });

  it('counts a cluster-wide grant on the same cluster only', () => {
    const viewer = {
      userEntityRef: 'user:default/test',
      ownershipEntityRefs: ['group:default/team-checkout'],
    };
    expect(viewerReaches(viewer, dev, access.clusterGrants)).toBe(true);
    expect(viewerReaches(viewer, prod, access.clusterGrants)).toBe(false);
  });

  it('is false for someone no grant names', () => {
    const viewer = {
      userEntityRef: 'user:default/test',
      ownershipEntityRefs: ['user:default/test'],
    };
    expect(
      viewerReaches(viewer, { ...dev, grants: [managedWriteGrant] }, [
        { cluster: 'aks-dev-weu', grants: [clusterAdminGrant] },
      ]),
    ).toBe(false);
  });
});

it('does not count a grant of no known level, such as the Cluster User Role', () => {
  const viewer = {
    userEntityRef: 'user:default/test',
    ownershipEntityRefs: ['group:default/team-payments'],
  };
  const clusterUser = {
    ...managedWriteGrant,
    level: 'custom' as const,
    role: 'Azure Kubernetes Service Cluster User Role',
    scope: 'cluster' as const,
  };
  expect(
    viewerReaches(viewer, { ...dev, grants: [] }, [
      { cluster: dev.cluster, grants: [clusterUser] },
    ]),
  ).toBe(false);
});

describe('requestPrincipals', () => {
  it('offers the user first, then the groups they belong to', () => {
    expect(
      requestPrincipals({
        userEntityRef: 'user:default/test',
        ownershipEntityRefs: [
          'user:default/test',
          'group:default/team-payments',
          'component:default/not-a-principal',
          'group:default/sre',
        ],
      }),
    ).toEqual([
      'user:default/test',
      'group:default/team-payments',
      'group:default/sre',
    ]);
  });
});
