import {
  adminCredential,
  rawRequest,
  startTestSandbox,
  type TestSandbox,
} from '../arm/__testUtils__/testSandbox';
import {
  DEMO_ADMIN_APP,
  DEMO_GROUPS,
  DEMO_UPN_DOMAIN,
  DEMO_USERS,
} from '../seed/demoWorld';

const METADATA = 'https://graph.microsoft.com/v1.0/$metadata';

describe('Microsoft Graph principal lookup', () => {
  let sb: TestSandbox;
  let token: string;
  beforeAll(async () => {
    sb = await startTestSandbox();
    // What the backend asks for: an app-only token for Graph from its client secret.
    token = (
      await adminCredential(sb).getToken('https://graph.microsoft.com/.default')
    ).token;
  });
  afterAll(() => sb.stop());
  const get = (path: string, t = token) =>
    rawRequest(sb, 'GET', `${sb.graphUrl}/v1.0/${path}`, { token: t });

  it('tells users, groups and service principals apart by directoryObjects', async () => {
    const user = await get(`directoryObjects/${DEMO_USERS.alice.objectId}`);
    expect(user.body).toMatchObject({
      '@odata.context': `${METADATA}#directoryObjects/$entity`,
      '@odata.type': '#microsoft.graph.user',
      id: DEMO_USERS.alice.objectId,
      displayName: DEMO_USERS.alice.displayName,
      userPrincipalName: `alice@${DEMO_UPN_DOMAIN}`,
      mail: `alice@${DEMO_UPN_DOMAIN}`,
    });
    expect(
      (await get(`directoryObjects/${DEMO_GROUPS.teamPayments.objectId}`)).body,
    ).toMatchObject({
      '@odata.type': '#microsoft.graph.group',
      id: DEMO_GROUPS.teamPayments.objectId,
      displayName: 'team-payments',
      securityEnabled: true,
    });
    expect(
      (await get(`directoryObjects/${DEMO_ADMIN_APP.servicePrincipalId}`)).body,
    ).toMatchObject({
      '@odata.type': '#microsoft.graph.servicePrincipal',
      appId: DEMO_ADMIN_APP.appId,
      servicePrincipalType: 'Application',
    });
  });

  it('answers /users and /groups for their own kind only, users by UPN too', async () => {
    expect((await get(`users/${DEMO_USERS.bob.objectId}`)).body).toMatchObject({
      '@odata.context': `${METADATA}#users/$entity`,
      id: DEMO_USERS.bob.objectId,
      userPrincipalName: `bob@${DEMO_UPN_DOMAIN}`,
    });
    expect((await get(`users/bob@${DEMO_UPN_DOMAIN}`)).body.id).toBe(
      DEMO_USERS.bob.objectId,
    );
    expect(
      (await get(`groups/${DEMO_GROUPS.teamData.objectId}`)).body,
    ).toMatchObject({
      '@odata.context': `${METADATA}#groups/$entity`,
      id: DEMO_GROUPS.teamData.objectId,
    });
    const notAGroup = await get(`groups/${DEMO_USERS.bob.objectId}`);
    expect(notAGroup.status).toBe(404);
    expect((await get(`users/${DEMO_GROUPS.teamData.objectId}`)).status).toBe(
      404,
    );
  });

  it('honours $select', async () => {
    const res = await get(
      `users/${DEMO_USERS.carol.objectId}?$select=id,displayName`,
    );
    expect(res.body).toEqual({
      '@odata.context': `${METADATA}#users(id,displayName)/$entity`,
      id: DEMO_USERS.carol.objectId,
      displayName: DEMO_USERS.carol.displayName,
    });
  });

  it('answers an unknown id with Request_ResourceNotFound, and a malformed one with Request_BadRequest', async () => {
    const id = '00000000-0000-4000-8000-000000000001';
    const missing = await get(`directoryObjects/${id}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({
      code: 'Request_ResourceNotFound',
      message: `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      innerError: {
        date: expect.any(String),
        'request-id': expect.any(String),
        'client-request-id': expect.any(String),
      },
    });
    const malformed = await get('groups/not-a-guid');
    expect({
      status: malformed.status,
      code: malformed.body.error.code,
    }).toEqual({ status: 400, code: 'Request_BadRequest' });
  });

  it('wants a token for Graph', async () => {
    const none = await get(`users/${DEMO_USERS.alice.objectId}`, '');
    expect({
      status: none.status,
      code: none.body.error.code,
      message: none.body.error.message,
    }).toEqual({
      status: 401,
      code: 'InvalidAuthenticationToken',
      message: 'Access token is empty.',
    });
    const arm = (
      await adminCredential(sb).getToken(
        'https://management.azure.com/.default',
      )
    ).token;
    const wrongAudience = await get(`users/${DEMO_USERS.alice.objectId}`, arm);
    expect({
      status: wrongAudience.status,
      message: wrongAudience.body.error.message,
    }).toEqual({
      status: 401,
      message: 'Access token validation failure. Invalid audience.',
    });
    const byAppId = (
      await adminCredential(sb).getToken(
        '00000003-0000-0000-c000-000000000000/.default',
      )
    ).token;
    expect(
      (await get(`users/${DEMO_USERS.alice.objectId}`, byAppId)).status,
    ).toBe(200);
  });
});
