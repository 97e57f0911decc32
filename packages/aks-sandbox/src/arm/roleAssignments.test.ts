import { randomUUID } from 'crypto';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import {
  DEMO_CLUSTERS,
  DEMO_GROUPS,
  DEMO_IDENTITY_RESOURCE_GROUP,
  DEMO_SUBSCRIPTION_ID,
  DEMO_TENANT_ID,
  DEMO_USERS,
} from '../seed/demoWorld';
import {
  operatorCredential,
  rejection,
  startTestSandbox,
  withoutOperator,
  type TestSandbox,
} from './__testUtils__/testSandbox';

const SUB = `/subscriptions/${DEMO_SUBSCRIPTION_ID}`;
const CLUSTER = `${SUB}/resourceGroups/${DEMO_CLUSTERS.prod.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${DEMO_CLUSTERS.prod.name}`;
const RBAC_READER = `${SUB}/providers/Microsoft.Authorization/roleDefinitions/7f6c6a51-bcf8-42ba-9220-52d62157d7db`;
const RBAC_WRITER = `${SUB}/providers/Microsoft.Authorization/roleDefinitions/a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb`;

async function all<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterator) items.push(item);
  return items;
}

describe('role assignments', () => {
  let sb: TestSandbox;
  let auth: AuthorizationManagementClient;
  let msi: ManagedServiceIdentityClient;

  beforeAll(async () => {
    sb = await startTestSandbox({ principalReplicationMs: 60_000 });
    const credential = operatorCredential(sb);
    auth = new AuthorizationManagementClient(credential, DEMO_SUBSCRIPTION_ID, {
      endpoint: sb.armUrl,
      agent: sb.agent,
    });
    msi = new ManagedServiceIdentityClient(credential, DEMO_SUBSCRIPTION_ID, {
      endpoint: sb.armUrl,
      agent: sb.agent,
    });
  });
  afterAll(() => sb.stop());
  beforeEach(() => sb.resetRoleAssignments());

  const assign = (
    scope: string,
    principalId: string,
    roleDefinitionId = RBAC_READER,
    principalType?: string,
  ) =>
    auth.roleAssignments.create(scope, randomUUID(), {
      roleDefinitionId,
      principalId,
      principalType,
    });

  it('assigns at a namespace scope under a cluster and reads it back by id', async () => {
    const scope = `${CLUSTER}/namespaces/payments`;
    const created = await assign(scope, DEMO_USERS.alice.objectId);
    expect(created).toMatchObject({
      scope,
      principalId: DEMO_USERS.alice.objectId,
      principalType: 'User',
      roleDefinitionId: RBAC_READER,
    });
    expect(await auth.roleAssignments.getById(created.id!)).toEqual(created);
    await auth.roleAssignments.deleteById(created.id!);
    expect(
      (await rejection(auth.roleAssignments.getById(created.id!))).code,
    ).toBe('RoleAssignmentNotFound');
  });

  it('refuses a second assignment of the same role to the same principal at the same scope', async () => {
    await assign(CLUSTER, DEMO_USERS.bob.objectId);
    const err = await rejection(assign(CLUSTER, DEMO_USERS.bob.objectId));
    expect({
      status: err.statusCode,
      code: err.code,
      message: err.message,
    }).toEqual({
      status: 409,
      code: 'RoleAssignmentExists',
      message: 'The role assignment already exists.',
    });
  });

  it("refuses the subscription's 4,001st assignment as ARM does, and counts no management-group ones", async () => {
    // Filler to 3,999 with the operator's own; written to the store, as a
    // long-lived subscription would have them.
    const fill = Object.values(sb.store.state.roleAssignments).filter(r =>
      r.scope.toLowerCase().startsWith(SUB.toLowerCase()),
    ).length;
    const changes = Array.from({ length: 3999 - fill }, () => {
      const name = randomUUID();
      const id = `${SUB}/resourceGroups/rg-filler/providers/Microsoft.Authorization/roleAssignments/${name}`;
      return {
        path: ['roleAssignments', id.toLowerCase()],
        value: {
          id,
          name,
          scope: `${SUB}/resourceGroups/rg-filler`,
          roleDefinitionId: RBAC_READER,
          principalId: DEMO_USERS.carol.objectId,
          principalType: 'User',
          createdOn: new Date(0).toISOString(),
          updatedOn: new Date(0).toISOString(),
          createdBy: 'filler',
        },
      };
    });
    await sb.store.commit(changes);
    await assign(CLUSTER, DEMO_USERS.bob.objectId);
    const err = await rejection(assign(CLUSTER, DEMO_USERS.alice.objectId));
    expect({
      status: err.statusCode,
      code: err.code,
      message: err.message,
    }).toEqual({
      status: 400,
      code: 'RoleAssignmentLimitExceeded',
      message: 'No more role assignments can be created.',
    });
  });

  it('refuses unknown principals, unknown roles and names that are not GUIDs', async () => {
    const ghost = randomUUID();
    const notFound = await rejection(assign(CLUSTER, ghost));
    expect({ status: notFound.statusCode, code: notFound.code }).toEqual({
      status: 400,
      code: 'PrincipalNotFound',
    });
    expect(notFound.message).toContain(
      `Principal ${ghost} does not exist in the directory ${DEMO_TENANT_ID}.`,
    );

    const noRole = await rejection(
      assign(
        CLUSTER,
        DEMO_USERS.bob.objectId,
        `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${randomUUID()}`,
      ),
    );
    expect({ status: noRole.statusCode, code: noRole.code }).toEqual({
      status: 400,
      code: 'RoleDefinitionDoesNotExist',
    });

    const badName = await rejection(
      auth.roleAssignments.create(CLUSTER, 'not-a-guid', {
        roleDefinitionId: RBAC_READER,
        principalId: DEMO_USERS.bob.objectId,
      }),
    );
    expect({ status: badName.statusCode, code: badName.code }).toEqual({
      status: 400,
      code: 'InvalidRoleAssignmentId',
    });
  });

  it('fails PrincipalNotFound for a new identity inside the replication window unless principalType is set', async () => {
    const identity = await msi.userAssignedIdentities.createOrUpdate(
      DEMO_IDENTITY_RESOURCE_GROUP,
      `id-${Date.now()}`,
      { location: 'westeurope' },
    );
    const err = await rejection(assign(CLUSTER, identity.principalId!));
    expect({ status: err.statusCode, code: err.code }).toEqual({
      status: 400,
      code: 'PrincipalNotFound',
    });
    const created = await assign(
      CLUSTER,
      identity.principalId!,
      RBAC_READER,
      'ServicePrincipal',
    );
    expect(created.principalType).toBe('ServicePrincipal');
  });

  it('lists at, above and below a scope, and filters by atScope(), principalId and assignedTo()', async () => {
    const sub = await assign(SUB, DEMO_USERS.carol.objectId);
    const cluster = await assign(
      CLUSTER,
      DEMO_GROUPS.teamPayments.objectId,
      RBAC_READER,
      'Group',
    );
    const namespace = await assign(
      `${CLUSTER}/namespaces/payments`,
      DEMO_USERS.alice.objectId,
      RBAC_WRITER,
    );
    const otherRg = await assign(
      `${SUB}/resourceGroups/rg-other`,
      DEMO_USERS.alice.objectId,
    );
    const ids = (list: Array<{ id?: string; principalId?: string }>) =>
      withoutOperator(list)
        .map(r => r.id)
        .sort();

    expect(ids(await all(auth.roleAssignments.listForScope(CLUSTER)))).toEqual(
      ids([sub, cluster, namespace]),
    );
    expect(
      ids(
        await all(
          auth.roleAssignments.listForScope(CLUSTER, { filter: 'atScope()' }),
        ),
      ),
    ).toEqual(ids([sub, cluster]));
    expect(
      ids(
        await all(
          auth.roleAssignments.listForScope(CLUSTER, {
            filter: `principalId eq '${DEMO_USERS.alice.objectId}'`,
          }),
        ),
      ),
    ).toEqual(ids([namespace]));
    expect(
      ids(
        await all(
          auth.roleAssignments.listForScope(CLUSTER, {
            filter: `assignedTo('${DEMO_USERS.alice.objectId}')`,
          }),
        ),
      ),
    ).toEqual(ids([cluster, namespace]));
    expect(ids(await all(auth.roleAssignments.listForSubscription()))).toEqual(
      ids([sub, cluster, namespace, otherRg]),
    );
    expect(
      ids(await all(auth.roleAssignments.listForResourceGroup('rg-other'))),
    ).toEqual(ids([sub, otherRg]));
    expect(
      ids(
        await all(
          auth.roleAssignments.listForResource(
            DEMO_CLUSTERS.prod.resourceGroup,
            'Microsoft.ContainerService',
            'managedClusters',
            DEMO_CLUSTERS.prod.name,
          ),
        ),
      ),
    ).toEqual(ids([sub, cluster, namespace]));
  });

  it('compares scopes case-insensitively and by whole segments, as ARM does', async () => {
    const cluster = await assign(
      CLUSTER.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/'),
      DEMO_USERS.bob.objectId,
    );
    const namespace = await assign(
      `${CLUSTER}/namespaces/Payments`,
      DEMO_USERS.alice.objectId.toUpperCase(),
    );
    await assign(`${CLUSTER}2`, DEMO_USERS.carol.objectId);
    await assign(
      `${CLUSTER}/namespaces/payments-worker`,
      DEMO_USERS.carol.objectId,
    );
    const ids = (list: Array<{ id?: string; principalId?: string }>) =>
      withoutOperator(list)
        .map(r => r.id)
        .sort();

    expect(
      ids(await all(auth.roleAssignments.listForScope(CLUSTER.toLowerCase()))),
    ).toEqual(ids(await all(auth.roleAssignments.listForScope(CLUSTER))));
    expect(
      withoutOperator(await all(auth.roleAssignments.listForScope(CLUSTER))),
    ).toHaveLength(3);
    expect(
      ids(
        await all(
          auth.roleAssignments.listForScope(`${CLUSTER}/NAMESPACES/payments`),
        ),
      ),
    ).toEqual(ids([cluster, namespace]));
    expect(
      ids(
        await all(
          auth.roleAssignments.listForScope(`${CLUSTER}/namespaces/payments`, {
            filter: `principalId eq '${DEMO_USERS.alice.objectId}'`,
          }),
        ),
      ),
    ).toEqual(ids([namespace]));
  });

  it('serves the built-in role definitions by id and by name', async () => {
    const [reader] = await all(
      auth.roleDefinitions.list(SUB, {
        filter: "roleName eq 'Azure Kubernetes Service RBAC Reader'",
      }),
    );
    expect(reader).toMatchObject({ id: RBAC_READER, roleType: 'BuiltInRole' });
    expect(reader.permissions?.[0].dataActions).toContain(
      'Microsoft.ContainerService/managedClusters/pods/read',
    );
    expect(await auth.roleDefinitions.getById(RBAC_READER)).toEqual(reader);
  });
});
