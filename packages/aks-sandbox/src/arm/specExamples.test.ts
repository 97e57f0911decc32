/*
 * Replays every request/response example saved in spec-examples/ against the
 * sandbox, with the example's ids mapped to seeded ones, and checks that the
 * status codes are the example's and the bodies have its shape.
 */
import fs from 'fs';
import path from 'path';
import { builtinRoleByGuid } from './builtinRoles';
import {
  operatorToken,
  rawRequest,
  type RawResponse,
  startTestSandbox,
  type TestSandbox,
  withoutOperator,
} from './__testUtils__/testSandbox';
import {
  DEMO_CLUSTERS,
  DEMO_IDENTITY_RESOURCE_GROUP,
  DEMO_SUBSCRIPTION_ID,
  DEMO_USERS,
} from '../seed/demoWorld';

const EXAMPLES_DIR = path.resolve(__dirname, '../../spec-examples');
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

/** The example ids and names (in string values only), and the seeded ones they stand for. */
const ID_MAP: Array<[RegExp, string]> = [
  [
    /a925f2f7-5c63-4b7b-8799-25a5f97bc3b2|c267c0e7-0a73-4789-9e17-d26aeb0904e5|12345678-1234-5678-9012-123456789012|00000000-0000-0000-0000-000000000000/g,
    DEMO_SUBSCRIPTION_ID,
  ],
  [/ce2ce14e-85d7-4629-bdbc-454d0519d987/g, DEMO_USERS.alice.objectId],
  [/0b5fe924-9a61-425c-96af-cfe6e287ca2d|(?<=^|\/)roleDefinitionId$/g, READER],
  [/\brgName\b/g, DEMO_IDENTITY_RESOURCE_GROUP],
  [/\b(resourceName|identityName)\b/g, 'id-payments'],
  [/\brg1\b/g, DEMO_CLUSTERS.prod.resourceGroup],
  [/\bclustername1\b/g, DEMO_CLUSTERS.prod.name],
  [/\beastus2\b/g, DEMO_CLUSTERS.prod.location],
];

function mapIds(value: unknown): unknown {
  if (typeof value === 'string')
    return ID_MAP.reduce((v, [pattern, id]) => v.replace(pattern, id), value);
  if (Array.isArray(value)) return value.map(mapIds);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, mapIds(v)]),
    );
  }
  return value;
}

function loadExample(file: string): any {
  return mapIds(
    JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')),
  );
}

/**
 * Fields the examples show that AKS only returns when they are configured,
 * and the sandbox clusters do not configure: a disk encryption set, SSH and
 * Windows profiles, autoscaler settings, Defender, surge and forced-upgrade
 * settings, customer-owned outbound IPs.
 */
const NOT_CONFIGURED = new Set([
  'diskEncryptionSetID',
  'linuxProfile',
  'windowsProfile',
  'autoScalerProfile',
  'defender',
  'upgradeSettings',
  'outboundIPs',
]);
/** User-chosen maps: their keys are data, not shape. */
const MAPS = new Set(['tags', 'labels', 'annotations']);

/** Asserts that `actual` has every field of `expected` with the same JSON type, recursively. */
function expectShape(actual: unknown, expected: unknown, where = 'body'): void {
  if (expected === null || expected === undefined) return;
  if (Array.isArray(expected)) {
    expect({ where, isArray: Array.isArray(actual) }).toEqual({
      where,
      isArray: true,
    });
    if (expected.length > 0 && (actual as unknown[]).length > 0) {
      for (const item of actual as unknown[])
        expectShape(item, expected[0], `${where}[]`);
    }
    return;
  }
  if (typeof expected === 'object') {
    expect({ where, type: typeof actual, isNull: actual === null }).toEqual({
      where,
      type: 'object',
      isNull: false,
    });
    for (const [key, value] of Object.entries(expected as object)) {
      // A nextLink only appears when there is a next page; paging is tested on its own.
      if (NOT_CONFIGURED.has(key) || key === 'nextLink') continue;
      expect({ where, key, present: key in (actual as object) }).toEqual({
        where,
        key,
        present: true,
      });
      expectShape(
        (actual as any)[key],
        MAPS.has(key) ? {} : value,
        `${where}.${key}`,
      );
    }
    return;
  }
  expect({ where, type: typeof actual }).toEqual({
    where,
    type: typeof expected,
  });
}

function expectExample(actual: RawResponse, example: any, status: number) {
  expect({ status: actual.status, body: actual.body }).toMatchObject({
    status,
  });
  expectShape(actual.body, example.responses[String(status)].body);
}

describe('spec examples', () => {
  let sb: TestSandbox;
  let token: string;
  const arm = (method: string, p: string, apiVersion: string, body?: unknown) =>
    rawRequest(
      sb,
      method,
      `${sb.armUrl}/${p.replace(/^\//, '')}${
        p.includes('?') ? '&' : '?'
      }api-version=${apiVersion}`,
      { token, body },
    );

  beforeAll(async () => {
    sb = await startTestSandbox();
    token = await operatorToken(sb);
  });
  afterAll(() => sb.stop());
  beforeEach(async () => {
    await sb.resetRoleAssignments();
    await sb.ctx.store.commit([{ path: ['identities'], value: {} }]);
  });

  const createAssignment = (id: string, props: any, v: string) =>
    arm('PUT', id, v, {
      properties: {
        roleDefinitionId: props.roleDefinitionId,
        principalId: props.principalId,
        principalType: props.principalType,
      },
    });

  const replays: Record<string, (ex: any) => Promise<void>> = {
    'Microsoft.Authorization/2022-04-01/examples/RoleAssignments_CreateForSubscription.json':
      replayCreate,
    'Microsoft.Authorization/2022-04-01/examples/RoleAssignments_CreateForResourceGroup.json':
      replayCreate,
    'Microsoft.Authorization/2022-04-01/examples/RoleAssignments_CreateForResource.json':
      replayCreate,
    'Microsoft.Authorization/2022-04-01/examples/RoleAssignments_CreateById.json':
      replayCreate,
    'Microsoft.Authorization/2022-04-01/examples/RoleAssignments_Get.json':
      replayGet,
    'Microsoft.Authorization/2022-04-01/examples/RoleAssignments_GetById.json':
      replayGet,
    'Microsoft.Authorization/2022-04-01/examples/RoleAssignments_Delete.json':
      replayDelete,
    'Microsoft.Authorization/2022-04-01/examples/RoleAssignments_DeleteById.json':
      replayDelete,
    'Microsoft.Authorization/2022-04-01/examples/RoleAssignments_ListForScope.json':
      ex => replayList(ex, ex.parameters.scope),
    'Microsoft.Authorization/2022-04-01/examples/RoleAssignments_ListForSubscription.json':
      ex => replayList(ex, `subscriptions/${ex.parameters.subscriptionId}`),
    'Microsoft.Authorization/2022-04-01/examples/RoleAssignments_ListForResourceGroup.json':
      ex =>
        replayList(
          ex,
          `subscriptions/${ex.parameters.subscriptionId}/resourceGroups/${ex.parameters.resourceGroupName}`,
        ),
    'Microsoft.Authorization/2022-04-01/examples/RoleAssignments_ListForResource.json':
      ex => {
        const p = ex.parameters;
        return replayList(
          ex,
          `subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/${p.resourceProviderNamespace}/${p.resourceType}/${p.resourceName}`,
        );
      },
    'Microsoft.Authorization/2022-04-01/examples/GetRoleDefinitionAtScope.json':
      async ex => {
        expectExample(
          await arm(
            'GET',
            `subscriptions/${DEMO_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions`,
            ex.parameters['api-version'],
          ),
          ex,
          200,
        );
      },
    'Microsoft.Authorization/2022-04-01/examples/GetRoleDefinitionById.json':
      async ex => {
        const res = await arm(
          'GET',
          `subscriptions/${DEMO_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${ex.parameters.roleId}`,
          ex.parameters['api-version'],
        );
        expectExample(res, ex, 200);
        expect(res.body.properties.roleName).toBe(
          builtinRoleByGuid(READER)?.roleName,
        );
      },
    'Microsoft.Authorization/2022-04-01/examples/GetRoleDefinitionByName.json':
      async ex => {
        const res = await arm(
          'GET',
          `subscriptions/${DEMO_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${ex.parameters.roleDefinitionId}`,
          ex.parameters['api-version'],
        );
        expectExample(res, ex, 200);
        expect(res.body.id).toBe(
          `/subscriptions/${DEMO_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
        );
      },
    'Microsoft.ManagedIdentity/2026-05-31/examples/IdentityCreate.json':
      async ex => {
        const p = identityPath(ex);
        expectExample(
          await arm(
            'PUT',
            p,
            ex.parameters['api-version'],
            ex.parameters.parameters,
          ),
          ex,
          201,
        );
        expectExample(
          await arm(
            'PUT',
            p,
            ex.parameters['api-version'],
            ex.parameters.parameters,
          ),
          ex,
          200,
        );
      },
    'Microsoft.ManagedIdentity/2026-05-31/examples/IdentityGet.json':
      async ex => {
        await createIdentity(ex);
        expectExample(
          await arm('GET', identityPath(ex), ex.parameters['api-version']),
          ex,
          200,
        );
      },
    'Microsoft.ManagedIdentity/2026-05-31/examples/IdentityDelete.json':
      async ex => {
        await createIdentity(ex);
        expect(
          (await arm('DELETE', identityPath(ex), ex.parameters['api-version']))
            .status,
        ).toBe(200);
        expect(
          (await arm('DELETE', identityPath(ex), ex.parameters['api-version']))
            .status,
        ).toBe(204);
      },
    'Microsoft.ManagedIdentity/2026-05-31/examples/IdentityListByResourceGroup.json':
      async ex => {
        await createIdentity(ex);
        const p = ex.parameters;
        const res = await arm(
          'GET',
          `subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`,
          p['api-version'],
        );
        expectExample(res, ex, 200);
        expect(res.body.value).toHaveLength(1);
      },
    'Microsoft.ManagedIdentity/2026-05-31/examples/FederatedIdentityCredentialCreate.json':
      async ex => {
        await createIdentity(ex);
        expectExample(
          await arm(
            'PUT',
            ficPath(ex),
            ex.parameters['api-version'],
            ex.parameters.parameters,
          ),
          ex,
          201,
        );
        expectExample(
          await arm(
            'PUT',
            ficPath(ex),
            ex.parameters['api-version'],
            ex.parameters.parameters,
          ),
          ex,
          200,
        );
      },
    'Microsoft.ManagedIdentity/2026-05-31/examples/FederatedIdentityCredentialGet.json':
      async ex => {
        await createIdentityWithFic(ex);
        expectExample(
          await arm('GET', ficPath(ex), ex.parameters['api-version']),
          ex,
          200,
        );
      },
    'Microsoft.ManagedIdentity/2026-05-31/examples/FederatedIdentityCredentialList.json':
      async ex => {
        await createIdentityWithFic(ex);
        expectExample(
          await arm(
            'GET',
            `${identityPath(ex)}/federatedIdentityCredentials?$top=${
              ex.parameters.top
            }`,
            ex.parameters['api-version'],
          ),
          ex,
          200,
        );
      },
    'Microsoft.ManagedIdentity/2026-05-31/examples/FederatedIdentityCredentialDelete.json':
      async ex => {
        await createIdentityWithFic(ex);
        const p = `${identityPath(
          ex,
        )}/federatedIdentityCredentials/ficResourceName`;
        expect(
          (await arm('DELETE', p, ex.parameters['api-version'])).status,
        ).toBe(200);
        expect(
          (await arm('DELETE', p, ex.parameters['api-version'])).status,
        ).toBe(204);
      },
    'Microsoft.ContainerService/2026-08-01/examples/ManagedClustersGet.json':
      replayClusterGet,
    // The two create examples are replayed as GETs of the seeded cluster: the sandbox does not
    // create clusters, but its GET must return the posture fields in the shape these responses show.
    'Microsoft.ContainerService/2026-08-01/examples/ManagedClustersCreate_UpdateWithEnableAzureRBAC.json':
      replayClusterGet,
    'Microsoft.ContainerService/2026-02-01/examples/ManagedClustersCreate_SecurityProfile.json':
      replayClusterGet,
    'Microsoft.ContainerService/2026-02-01/examples/ManagedClustersListClusterUserCredentials.json':
      async ex => {
        const res = await arm(
          'POST',
          `${clusterPath(ex)}/listClusterUserCredential`,
          ex.parameters['api-version'],
        );
        expectExample(res, ex, 200);
        const kubeconfig = Buffer.from(
          res.body.kubeconfigs[0].value,
          'base64',
        ).toString('utf8');
        expect(kubeconfig).toContain(
          `server: ${sb.ctx.urls.clusterApi(DEMO_CLUSTERS.prod.name)}`,
        );
        expect(kubeconfig).toContain(
          `certificate-authority-data: ${Buffer.from(sb.caPem).toString(
            'base64',
          )}`,
        );
      },
    'Microsoft.ContainerService/2026-08-01/examples/ManagedNamespacesCreate_Update.json':
      async ex => {
        const p = managedNamespacePath(ex);
        const v = ex.parameters['api-version'];
        const created = await arm('PUT', p, v, ex.parameters.parameters);
        expectExample(created, ex, 201);
        expect(created.headers['azure-asyncoperation']).toBeDefined();
        expect(created.headers['retry-after']).toBeDefined();
        await operationEnd(created);
        expectExample(
          await arm('PUT', p, v, ex.parameters.parameters),
          ex,
          200,
        );
      },
    'Microsoft.ContainerService/2026-08-01/examples/ManagedNamespacesGet.json':
      async ex => {
        await ensureManagedNamespace(ex);
        expectExample(
          await arm(
            'GET',
            managedNamespacePath(ex),
            ex.parameters['api-version'],
          ),
          ex,
          200,
        );
      },
    'Microsoft.ContainerService/2026-08-01/examples/ManagedNamespacesList.json':
      async ex => {
        await ensureManagedNamespace(ex);
        const res = await arm(
          'GET',
          `${clusterPath(ex)}/managedNamespaces`,
          ex.parameters['api-version'],
        );
        expectExample(res, ex, 200);
        expect(res.body.value.map((n: any) => n.name)).toContain(
          ex.parameters.managedNamespaceName,
        );
      },
    'Microsoft.ContainerService/2026-08-01/examples/ManagedNamespacesUpdateTags.json':
      async ex => {
        await ensureManagedNamespace(ex);
        const res = await arm(
          'PATCH',
          managedNamespacePath(ex),
          ex.parameters['api-version'],
          ex.parameters.parameters,
        );
        expectExample(res, ex, 200);
        expect(res.body.tags).toEqual(ex.parameters.parameters.tags);
      },
    'Microsoft.ContainerService/2026-08-01/examples/ManagedNamespacesDelete.json':
      async ex => {
        await ensureManagedNamespace(ex);
        const p = managedNamespacePath(ex);
        const v = ex.parameters['api-version'];
        const accepted = await arm('DELETE', p, v);
        expectExample(accepted, ex, 202);
        expect(accepted.headers.location).toContain(
          `/providers/Microsoft.ContainerService/locations/${DEMO_CLUSTERS.prod.location}/`,
        );
        await operationEnd(accepted);
        expect((await arm('DELETE', p, v)).status).toBe(204);
      },
    'Microsoft.ContainerService/2026-08-01/examples/ManagedNamespacesListCredentialResult.json':
      async ex => {
        await ensureManagedNamespace(ex);
        const res = await arm(
          'POST',
          `${managedNamespacePath(ex)}/listCredential`,
          ex.parameters['api-version'],
        );
        expectExample(res, ex, 200);
        expect(
          Buffer.from(res.body.kubeconfigs[0].value, 'base64').toString(),
        ).toContain(`namespace: ${ex.parameters.managedNamespaceName}`);
      },
  };

  function managedNamespacePath(ex: any) {
    return `${clusterPath(ex)}/managedNamespaces/${
      ex.parameters.managedNamespaceName
    }`;
  }
  /** Polls an accepted request's Azure-AsyncOperation URL until it reports an outcome. */
  async function operationEnd(accepted: RawResponse) {
    const url = accepted.headers['azure-asyncoperation'] as string;
    for (;;) {
      const status = await rawRequest(sb, 'GET', url, { token });
      expect(status.status).toBe(200);
      if (status.body.status !== 'InProgress') return status.body;
      await new Promise(r => setTimeout(r, 100));
    }
  }
  /** The create example's managed namespace, made (or adopted: a Keep delete left it) unless it exists. */
  async function ensureManagedNamespace(ex: any) {
    const v = ex.parameters['api-version'];
    const p = managedNamespacePath(ex);
    if ((await arm('GET', p, v)).status === 200) return;
    const create = loadExample(
      'Microsoft.ContainerService/2026-08-01/examples/ManagedNamespacesCreate_Update.json',
    );
    const created = await arm('PUT', p, v, create.parameters.parameters);
    expect(created.status).toBe(201);
    expect((await operationEnd(created)).status).toBe('Succeeded');
  }

  async function replayCreate(ex: any) {
    const p = ex.parameters;
    const id =
      p.roleAssignmentId ??
      `${p.scope}/providers/Microsoft.Authorization/roleAssignments/${p.roleAssignmentName}`;
    expectExample(
      await arm('PUT', id, p['api-version'], p.parameters),
      ex,
      201,
    );
    expectExample(
      await arm('PUT', id, p['api-version'], p.parameters),
      ex,
      200,
    );
  }

  async function replayGet(ex: any) {
    const expected = ex.responses['200'].body;
    await createAssignment(
      expected.id,
      expected.properties,
      ex.parameters['api-version'],
    );
    expectExample(
      await arm('GET', expected.id, ex.parameters['api-version']),
      ex,
      200,
    );
  }

  async function replayDelete(ex: any) {
    const expected = ex.responses['200'].body;
    await createAssignment(
      expected.id,
      expected.properties,
      ex.parameters['api-version'],
    );
    expectExample(
      await arm('DELETE', expected.id, ex.parameters['api-version']),
      ex,
      200,
    );
    const again = await arm(
      'DELETE',
      expected.id,
      ex.parameters['api-version'],
    );
    expect({ status: again.status, body: again.body }).toEqual({
      status: 204,
      body: undefined,
    });
  }

  async function replayList(ex: any, scope: string) {
    const v = ex.parameters['api-version'];
    const listed = ex.responses['200'].body.value as any[];
    for (const item of listed)
      expect((await createAssignment(item.id, item.properties, v)).status).toBe(
        201,
      );
    const res = await arm(
      'GET',
      `${scope}/providers/Microsoft.Authorization/roleAssignments`,
      v,
    );
    expectExample(res, ex, 200);
    expect(
      withoutOperator<{ id: string; principalId: string }>(
        res.body.value.map((r: any) => ({
          id: r.id,
          principalId: r.properties.principalId,
        })),
      )
        .map(r => r.id)
        .sort(),
    ).toEqual(listed.map(r => r.id).sort());
  }

  function identityPath(ex: any) {
    const p = ex.parameters;
    return `subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${p.resourceName}`;
  }
  function ficPath(ex: any) {
    return `${identityPath(ex)}/federatedIdentityCredentials/${
      ex.parameters.federatedIdentityCredentialResourceName
    }`;
  }
  async function createIdentity(ex: any) {
    expect(
      (
        await arm('PUT', identityPath(ex), ex.parameters['api-version'], {
          location: 'westeurope',
          tags: { key1: 'value1', key2: 'value2' },
        })
      ).status,
    ).toBe(201);
  }
  async function createIdentityWithFic(ex: any) {
    await createIdentity(ex);
    const fic = {
      properties: {
        issuer: 'https://oidc.prod-aks.azure.com/TenantGUID/IssuerGUID',
        subject: 'system:serviceaccount:ns:svcaccount',
        audiences: ['api://AzureADTokenExchange'],
      },
    };
    expect(
      (
        await arm(
          'PUT',
          `${identityPath(ex)}/federatedIdentityCredentials/ficResourceName`,
          ex.parameters['api-version'],
          fic,
        )
      ).status,
    ).toBe(201);
  }

  function clusterPath(ex: any) {
    const p = ex.parameters;
    return `subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/${p.resourceName}`;
  }
  async function replayClusterGet(ex: any) {
    const res = await arm('GET', clusterPath(ex), ex.parameters['api-version']);
    expectExample(res, ex, 200);
  }

  const files = (dir: string): string[] =>
    fs
      .readdirSync(path.join(EXAMPLES_DIR, dir), { withFileTypes: true })
      .flatMap(e => {
        if (e.isDirectory()) return files(path.join(dir, e.name));
        return dir.endsWith('examples') ? [path.join(dir, e.name)] : [];
      });

  it('has a replay for every example file', () => {
    expect(
      files('.')
        .map(f => path.normalize(f))
        .sort(),
    ).toEqual(
      Object.keys(replays)
        .map(f => path.normalize(f))
        .sort(),
    );
  });

  it.each(Object.keys(replays))('%s', async file => {
    expect.hasAssertions();
    await replays[file](loadExample(file));
  });
});
