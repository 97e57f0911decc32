/*
 * The api-versions each resource type answers, and the shape each of them
 * answers in where the spec files of the versions differ. On the wire, as an
 * SDK of that version would see it.
 */
import { randomUUID } from 'crypto';
import {
  DEMO_IDENTITY_RESOURCE_GROUP as RG,
  DEMO_SUBSCRIPTION_ID,
  DEMO_USERS,
} from '../seed/demoWorld';
import { SUPPORTED_API_VERSIONS } from './apiVersions';
import {
  operatorToken,
  rawRequest,
  startTestSandbox,
  type TestSandbox,
} from './__testUtils__/testSandbox';

const SUB = `/subscriptions/${DEMO_SUBSCRIPTION_ID}`;
const RG_SCOPE = `${SUB}/resourceGroups/${RG}`;
const IDENTITIES = `${RG_SCOPE}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`;
const READER_GUID = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const READER = `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER_GUID}`;
/** A role with data actions: Azure Kubernetes Service RBAC Reader. */
const RBAC_READER_GUID = '7f6c6a51-bcf8-42ba-9220-52d62157d7db';

describe('api-versions', () => {
  let sb: TestSandbox;
  let token: string;
  const arm = (method: string, p: string, apiVersion: string, body?: unknown) =>
    rawRequest(sb, method, `${sb.armUrl}${p}?api-version=${apiVersion}`, {
      token,
      body,
    });
  const newIdentity = async (name: string) =>
    (
      await arm('PUT', `${IDENTITIES}/${name}`, '2024-11-30', {
        location: 'westeurope',
      })
    ).body;

  beforeAll(async () => {
    sb = await startTestSandbox({ principalReplicationMs: 60_000 });
    token = await operatorToken(sb);
  });
  afterAll(() => sb.stop());

  it('lists each type\u2019s versions once, in ascending order, each a valid api-version', () => {
    for (const versions of Object.values(SUPPORTED_API_VERSIONS)) {
      const list: readonly string[] = versions;
      expect([...list].sort()).toEqual(list);
      expect(new Set(list).size).toBe(list.length);
      for (const v of list) expect(v).toMatch(/^\d{4}-\d{2}-\d{2}(-preview)?$/);
    }
  });

  it('serves identities from 2018-11-30, and FICs only from 2022-01-31-preview, naming the type as ARM does', async () => {
    await newIdentity('id-versions');
    // ARM names the provider's regions; the sandbox's are its clusters'.
    const location = Object.values(sb.ctx.store.state.clusters)[0].record
      .location;
    expect(
      (await arm('GET', `${IDENTITIES}/id-versions`, '2018-11-30')).status,
    ).toBe(200);
    const refused = await arm(
      'GET',
      `${IDENTITIES}/id-versions/federatedIdentityCredentials`,
      '2021-09-30-preview',
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error).toEqual({
      code: 'NoRegisteredProviderFound',
      message: `No registered resource provider found for location '${location}' and API version '2021-09-30-preview' for type 'userAssignedIdentities/federatedIdentityCredentials'. The supported api-versions are '${SUPPORTED_API_VERSIONS.federatedIdentityCredentials.join(
        ', ',
      )}'. The supported locations are '${location}'.`,
    });
    expect(
      (
        await arm(
          'GET',
          `${IDENTITIES}/id-versions/federatedIdentityCredentials`,
          '2022-01-31-preview',
        )
      ).body,
    ).toEqual({ value: [] });
  });

  it.each([
    ['2018-11-30', ['clientId', 'principalId', 'tenantId']],
    ['2023-01-31', ['clientId', 'principalId', 'tenantId']],
    ['2024-11-30', ['clientId', 'isolationScope', 'principalId', 'tenantId']],
    ['2026-04-30', ['clientId', 'isolationScope', 'principalId', 'tenantId']],
    [
      '2025-05-31-preview',
      [
        'assignmentRestrictions',
        'clientId',
        'isolationScope',
        'principalId',
        'tenantId',
      ],
    ],
    [
      '2026-05-31',
      [
        'assignmentRestrictions',
        'clientId',
        'isolationScope',
        'principalId',
        'tenantId',
      ],
    ],
  ])(
    'shows an identity at %s with that version\u2019s properties',
    async (v, keys) => {
      const name = `id-shape-${v}`;
      const created = await arm('PUT', `${IDENTITIES}/${name}`, v, {
        location: 'westeurope',
      });
      expect(created.status).toBe(201);
      expect(Object.keys(created.body.properties).sort()).toEqual(keys);
      const got = await arm('GET', `${IDENTITIES}/${name}`, v);
      expect(Object.keys(got.body.properties).sort()).toEqual(keys);
      const listed = await arm('GET', IDENTITIES, v);
      const item = listed.body.value.find((i: any) => i.name === name);
      expect(Object.keys(item.properties).sort()).toEqual(keys);
    },
  );

  describe('role assignments', () => {
    // A user: only new service principals are still replicating.
    const principalId = DEMO_USERS.alice.objectId;

    const BASE = ['principalId', 'roleDefinitionId', 'scope'];
    const AUDIT = [
      'condition',
      'conditionVersion',
      'createdBy',
      'createdOn',
      'delegatedManagedIdentityResourceId',
      'updatedBy',
      'updatedOn',
    ];
    const TYPED = [...BASE, 'principalType'];
    it.each([
      ['2015-07-01', BASE],
      ['2018-01-01-preview', [...BASE, 'canDelegate']],
      ['2018-09-01-preview', [...TYPED, 'canDelegate']],
      ['2020-03-01-preview', [...TYPED, 'canDelegate', ...AUDIT]],
      [
        '2020-04-01-preview',
        [...TYPED, 'canDelegate', 'description', ...AUDIT],
      ],
      ['2022-04-01', [...TYPED, 'description', ...AUDIT]],
    ])('at %s carry that version\u2019s properties', async (v, keys) => {
      await sb.resetRoleAssignments();
      const id = `${RG_SCOPE}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`;
      const created = await arm('PUT', id, v, {
        properties: { roleDefinitionId: READER, principalId },
      });
      expect(created.status).toBe(201);
      expect(Object.keys(created.body.properties).sort()).toEqual(
        [...keys].sort(),
      );
      const got = await arm('GET', id, v);
      expect(Object.keys(got.body.properties).sort()).toEqual([...keys].sort());
      const listed = await arm(
        'GET',
        `${RG_SCOPE}/providers/Microsoft.Authorization/roleAssignments`,
        v,
      );
      const mine = listed.body.value.find((r: any) => r.id === got.body.id);
      expect(Object.keys(mine.properties).sort()).toEqual([...keys].sort());
    });

    it('answers a repeated PUT with 201 where the version\u2019s spec lists only 201, with 200 from 2020-08-01-preview', async () => {
      await sb.resetRoleAssignments();
      const id = `${RG_SCOPE}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`;
      const body = { properties: { roleDefinitionId: READER, principalId } };
      expect((await arm('PUT', id, '2018-01-01-preview', body)).status).toBe(
        201,
      );
      expect((await arm('PUT', id, '2020-04-01-preview', body)).status).toBe(
        201,
      );
      expect((await arm('PUT', id, '2020-08-01-preview', body)).status).toBe(
        200,
      );
      expect((await arm('PUT', id, '2022-04-01', body)).status).toBe(200);
    });

    it('takes principalType, the way around replication, only from 2018-09-01-preview', async () => {
      await sb.resetRoleAssignments();
      // Created just now: still replicating for a minute.
      const fresh = (await newIdentity('id-replicating')).properties
        .principalId;
      const body = {
        properties: {
          roleDefinitionId: READER,
          principalId: fresh,
          principalType: 'ServicePrincipal',
        },
      };
      const put = (v: string) =>
        arm(
          'PUT',
          `${RG_SCOPE}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`,
          v,
          body,
        );
      const old = await put('2018-01-01-preview');
      expect(old.status).toBe(400);
      expect(old.body.error.code).toBe('PrincipalNotFound');
      const honoured = await put('2018-09-01-preview');
      expect(honoured.status).toBe(201);
      expect(honoured.body.properties.principalType).toBe('ServicePrincipal');
    });

    it('keeps a description and a condition only where the version has them', async () => {
      await sb.resetRoleAssignments();
      const body = {
        properties: {
          roleDefinitionId: READER,
          principalId,
          description: 'made at an old version',
          condition:
            "@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'logs'",
          conditionVersion: '2.0',
        },
      };
      const id = `${RG_SCOPE}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`;
      expect((await arm('PUT', id, '2018-09-01-preview', body)).status).toBe(
        201,
      );
      const now = (await arm('GET', id, '2022-04-01')).body.properties;
      expect(now).toMatchObject({
        description: null,
        condition: null,
        conditionVersion: null,
      });
    });
  });

  describe('role definitions', () => {
    const definition = (v: string) =>
      arm(
        'GET',
        `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${RBAC_READER_GUID}`,
        v,
      );

    it('show 2015-07-01 no data actions and no audit fields', async () => {
      const { body } = await definition('2015-07-01');
      expect(Object.keys(body.properties).sort()).toEqual([
        'assignableScopes',
        'description',
        'permissions',
        'roleName',
        'type',
      ]);
      for (const p of body.properties.permissions)
        expect(Object.keys(p).sort()).toEqual(['actions', 'notActions']);
    });

    it('show data actions from 2018-01-01-preview, and the audit fields from 2022-04-01', async () => {
      const preview = (await definition('2018-01-01-preview')).body;
      expect(preview.properties.permissions[0].dataActions).toContain(
        'Microsoft.ContainerService/managedClusters/pods/read',
      );
      expect(preview.properties.createdOn).toBeUndefined();
      for (const v of ['2022-04-01', '2022-05-01-preview']) {
        const { body } = await definition(v);
        expect(body.properties).toMatchObject({
          createdOn: expect.any(String),
          updatedOn: expect.any(String),
          permissions: [
            expect.objectContaining({ dataActions: expect.any(Array) }),
          ],
        });
      }
      const list = await arm(
        'GET',
        `${SUB}/providers/Microsoft.Authorization/roleDefinitions`,
        '2015-07-01',
      );
      expect(
        list.body.value.every((r: any) =>
          r.properties.permissions.every((p: any) => !('dataActions' in p)),
        ),
      ).toBe(true);
    });
  });

  describe('managedClusters', () => {
    const CLUSTER = `${SUB}/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-weu`;
    const properties = async (apiVersion: string) => {
      const res = await arm('GET', CLUSTER, apiVersion);
      expect(res.status).toBe(200);
      return (res.body as { properties: Record<string, any> }).properties;
    };

    it('answers each version with the posture fields it had', async () => {
      const old = await properties('2019-11-01');
      expect(old.aadProfile).toEqual({ tenantID: expect.any(String) });
      expect(old).not.toHaveProperty('disableLocalAccounts');
      expect(old).not.toHaveProperty('oidcIssuerProfile');
      expect(old).not.toHaveProperty('securityProfile');

      const mid = await properties('2021-05-01');
      expect(mid.aadProfile).toMatchObject({
        managed: true,
        enableAzureRBAC: true,
      });
      expect(mid.disableLocalAccounts).toBe(true);
      expect(mid).not.toHaveProperty('securityProfile');

      const preview = await properties('2022-03-02-preview');
      expect(preview.oidcIssuerProfile.enabled).toBe(true);
      expect(preview.securityProfile.workloadIdentity).toEqual({
        enabled: true,
      });

      const stable = await properties('2022-06-01');
      expect(stable).not.toHaveProperty('oidcIssuerProfile');
      expect(stable.securityProfile).toEqual({});

      const pinned = await properties('2025-10-01');
      expect(pinned.oidcIssuerProfile.issuerURL).toMatch(/^https:\/\//);
      expect(pinned.securityProfile.workloadIdentity).toEqual({
        enabled: true,
      });
    });
  });
});
