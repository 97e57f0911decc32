import { randomUUID } from 'crypto';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import {
  BUILTIN_ROLE_IDS,
  DEMO_ADMIN_APP,
  DEMO_CLUSTERS,
  DEMO_IDENTITY_RESOURCE_GROUP,
  DEMO_KEYVAULT_SCOPE,
  DEMO_SUBSCRIPTION_ID,
  DEMO_USERS,
  DEMO_UPN_DOMAIN,
} from '../seed/demoWorld';
import {
  adminCredential,
  operatorCredential,
  rawRequest,
  rejection,
  startTestSandbox,
  type TestSandbox,
} from './__testUtils__/testSandbox';

/*
 * The sandbox's ARM as the backend meets it on least privilege: what the
 * seeded roles let it do, what they do not, and the 403s Azure answers with.
 */

const SUB = `/subscriptions/${DEMO_SUBSCRIPTION_ID}`;
const PROD = `${SUB}/resourceGroups/${DEMO_CLUSTERS.prod.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${DEMO_CLUSTERS.prod.name}`;
const role = (guid: string) =>
  `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const BACKEND = DEMO_ADMIN_APP.servicePrincipalId;

const denied = (client: string, oid: string, action: string, scope: string) =>
  `The client '${client}' with object id '${oid}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;
const conditionNotFulfilled = (oid: string, action: string, scope: string) =>
  `The client '${oid}' with object id '${oid}' has an authorization with ABAC condition that is not fulfilled to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;

describe('ARM authorization', () => {
  let sb: TestSandbox;
  let backend: AuthorizationManagementClient;
  let operator: AuthorizationManagementClient;
  let backendMsi: ManagedServiceIdentityClient;

  beforeAll(async () => {
    sb = await startTestSandbox();
    const options = { endpoint: sb.armUrl, agent: sb.agent };
    backend = new AuthorizationManagementClient(
      adminCredential(sb),
      DEMO_SUBSCRIPTION_ID,
      options,
    );
    operator = new AuthorizationManagementClient(
      operatorCredential(sb),
      DEMO_SUBSCRIPTION_ID,
      options,
    );
    backendMsi = new ManagedServiceIdentityClient(
      adminCredential(sb),
      DEMO_SUBSCRIPTION_ID,
      options,
    );
  });
  afterAll(() => sb.stop());

  it('lets the backend assign and remove the roles its condition names, at a cluster and under the vaults', async () => {
    const namespaceScope = `${PROD}/namespaces/payments-api`;
    const grant = await backend.roleAssignments.create(
      namespaceScope,
      randomUUID(),
      {
        roleDefinitionId: role(BUILTIN_ROLE_IDS.rbacWriter),
        principalId: DEMO_USERS.erin.objectId,
      },
    );
    expect(grant).toMatchObject({ scope: namespaceScope, createdBy: BACKEND });
    const vault = await backend.roleAssignments.create(
      DEMO_KEYVAULT_SCOPE,
      randomUUID(),
      {
        roleDefinitionId: role(BUILTIN_ROLE_IDS.keyVaultSecretsUser),
        principalId: DEMO_USERS.erin.objectId,
      },
    );
    await backend.roleAssignments.deleteById(grant.id!);
    await backend.roleAssignments.deleteById(vault.id!);
    expect(
      (await rejection(backend.roleAssignments.getById(grant.id!))).code,
    ).toBe('RoleAssignmentNotFound');
  });

  it('refuses the backend a role its condition does not name, even where it may assign others', async () => {
    const name = randomUUID();
    const scope = `${PROD}/namespaces/payments-api`;
    const err = await rejection(
      backend.roleAssignments.create(scope, name, {
        roleDefinitionId: role(BUILTIN_ROLE_IDS.owner),
        principalId: DEMO_USERS.alice.objectId,
      }),
    );
    expect({
      status: err.statusCode,
      code: err.code,
      message: err.message,
    }).toEqual({
      status: 403,
      code: 'AuthorizationFailed',
      message: conditionNotFulfilled(
        BACKEND,
        'Microsoft.Authorization/roleAssignments/write',
        `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
      ),
    });
  });

  it('refuses the backend any assignment at the subscription, however allowed the role', async () => {
    const name = randomUUID();
    const err = await rejection(
      backend.roleAssignments.create(SUB, name, {
        roleDefinitionId: role(BUILTIN_ROLE_IDS.keyVaultSecretsUser),
        principalId: DEMO_USERS.alice.objectId,
      }),
    );
    expect({
      status: err.statusCode,
      code: err.code,
      message: err.message,
    }).toEqual({
      status: 403,
      code: 'AuthorizationFailed',
      message: denied(
        BACKEND,
        BACKEND,
        'Microsoft.Authorization/roleAssignments/write',
        `${SUB}/providers/Microsoft.Authorization/roleAssignments/${name}`,
      ),
    });
    expect(
      Object.values(sb.ctx.store.state.roleAssignments).filter(
        r => r.name === name,
      ),
    ).toEqual([]);
  });

  it('judges a delete by the role of the assignment it would remove', async () => {
    const owner = await operator.roleAssignments.create(PROD, randomUUID(), {
      roleDefinitionId: role(BUILTIN_ROLE_IDS.owner),
      principalId: DEMO_USERS.dave.objectId,
    });
    const err = await rejection(backend.roleAssignments.deleteById(owner.id!));
    expect({
      status: err.statusCode,
      code: err.code,
      message: err.message,
    }).toEqual({
      status: 403,
      code: 'AuthorizationFailed',
      message: conditionNotFulfilled(
        BACKEND,
        'Microsoft.Authorization/roleAssignments/delete',
        owner.id!,
      ),
    });
    expect(await operator.roleAssignments.getById(owner.id!)).toMatchObject({
      id: owner.id,
    });
    await operator.roleAssignments.deleteById(owner.id!);
  });

  it('lets the backend manage identities and their FICs only in the identity resource group', async () => {
    const identity = await backendMsi.userAssignedIdentities.createOrUpdate(
      DEMO_IDENTITY_RESOURCE_GROUP,
      'id-authz-test',
      { location: 'westeurope' },
    );
    await backendMsi.federatedIdentityCredentials.createOrUpdate(
      DEMO_IDENTITY_RESOURCE_GROUP,
      'id-authz-test',
      'fic',
      {
        issuer: sb.ctx.urls.oidcIssuer(DEMO_CLUSTERS.prod.name),
        subject: 'system:serviceaccount:a:b',
        audiences: ['api://AzureADTokenExchange'],
      },
    );
    await backendMsi.userAssignedIdentities.delete(
      DEMO_IDENTITY_RESOURCE_GROUP,
      identity.name!,
    );
    const elsewhere = await rejection(
      backendMsi.userAssignedIdentities.createOrUpdate(
        'rg-other',
        'id-elsewhere',
        { location: 'westeurope' },
      ),
    );
    expect({ status: elsewhere.statusCode, code: elsewhere.code }).toEqual({
      status: 403,
      code: 'AuthorizationFailed',
    });
    expect(elsewhere.message).toContain(
      "perform action 'Microsoft.ManagedIdentity/userAssignedIdentities/write'",
    );
  });

  it('checks authorization before existence, and lists only where the caller may read', async () => {
    const missing = `${SUB}/resourceGroups/${DEMO_CLUSTERS.prod.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/aks-missing`;
    // erin holds no Azure role at all; the backend reads the whole subscription.
    const erin = sb.users.find(
      u => u.objectId === DEMO_USERS.erin.objectId,
    )!.token;
    const backendToken = (
      await adminCredential(sb).getToken(
        'https://management.azure.com/.default',
      )
    ).token;
    const get = (path: string, token: string) =>
      rawRequest(sb, 'GET', `${sb.armUrl}${path}?api-version=2026-10-01`, {
        token,
      });
    expect((await get(missing, erin)).body.error.code).toBe(
      'AuthorizationFailed',
    );
    expect((await get(missing, backendToken)).body.error.code).toBe(
      'ResourceNotFound',
    );
    expect((await get(PROD, backendToken)).status).toBe(200);

    const list = await rawRequest(
      sb,
      'GET',
      `${sb.armUrl}${SUB}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`,
      { token: erin },
    );
    expect(list.body.error).toEqual({
      code: 'AuthorizationFailed',
      message: denied(
        `erin@${DEMO_UPN_DOMAIN}`,
        DEMO_USERS.erin.objectId,
        'Microsoft.Authorization/roleAssignments/read',
        `${SUB}/providers/Microsoft.Authorization`,
      ),
    });
    const atCluster = [];
    for await (const a of backend.roleAssignments.listForScope(PROD))
      atCluster.push(a);
    expect(atCluster.map(a => a.principalId)).toContain(BACKEND);
  });

  it('names a user by UPN, and lets group members act through their groups', async () => {
    const alice = sb.users.find(
      u => u.objectId === DEMO_USERS.alice.objectId,
    )!.token;
    // team-payments holds the Cluster User Role on the prod cluster.
    const credential = await rawRequest(
      sb,
      'POST',
      `${sb.armUrl}${PROD}/listClusterUserCredential?api-version=2026-10-01`,
      { token: alice },
    );
    expect(credential.status).toBe(200);
    const admin = await rawRequest(
      sb,
      'POST',
      `${sb.armUrl}${PROD}/listClusterAdminCredential?api-version=2026-10-01`,
      { token: alice },
    );
    expect(admin.body.error.message).toBe(
      denied(
        `alice@${DEMO_UPN_DOMAIN}`,
        DEMO_USERS.alice.objectId,
        'Microsoft.ContainerService/managedClusters/listClusterAdminCredential/action',
        PROD,
      ),
    );
  });
});
