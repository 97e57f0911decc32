import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  exampleEntities,
  ownershipPermissions,
  useBackendOnSandboxOnDisk,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

jest.setTimeout(180_000);

/*
 * An AI agent's door: the plugin's actions through Backstage's real actions
 * registry and the real MCP endpoint (@backstage/plugin-mcp-actions-backend),
 * called with the official MCP client and a Backstage user token. The
 * answers, and the refusals, must be the REST API's.
 */

const ALICE = 'user:default/alice';
const DEV = 'aks-dev-neu';

const world = useBackendOnSandboxOnDisk({
  features: [
    mcpActionsPlugin,
    actionsRegistryServiceFactory,
    actionsServiceFactory,
  ],
  permissions: ownershipPermissions(exampleEntities()),
  config: { backend: { actions: { pluginSources: ['aks-access'] } } },
});

async function mcpClient(userRef = ALICE): Promise<Client> {
  const { port } = world.backend.server.address() as { port: number };
  const transport = new StreamableHTTPClientTransport(
    new URL(`http://localhost:${port}/api/mcp-actions/v1`),
    {
      requestInit: {
        headers: { Authorization: mockCredentials.user.header(userRef) },
      },
    },
  );
  const client = new Client({ name: 'aks-access-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** A tool's JSON answer, or its error text. Tools are named `<plugin id>.<action name>`. */
async function call(
  client: Client,
  name: string,
  args: Record<string, unknown>,
) {
  const result = (await client.callTool({ name, arguments: args })) as {
    isError?: boolean;
    content: Array<{ type: string; text: string }>;
  };
  const text = result.content[0]?.text ?? '';
  return result.isError ? { error: text } : { output: JSON.parse(text) as any };
}

describe('MCP actions', () => {
  it('lists the tools with their schemas and truthful attributes', async () => {
    const client = await mcpClient();
    const { tools } = await client.listTools();
    const byName = new Map(tools.map(t => [t.name, t]));
    expect([...byName.keys()].sort()).toEqual([
      'aks-access.check-access',
      'aks-access.cluster-posture',
      'aks-access.federate-workload-identity',
      'aks-access.grant-access',
      'aks-access.onboard-namespace',
      'aks-access.request-access',
      'aks-access.who-can-access',
      'aks-access.workload-identities',
    ]);
    for (const read of [
      'aks-access.who-can-access',
      'aks-access.check-access',
      'aks-access.cluster-posture',
      'aks-access.workload-identities',
    ]) {
      expect(byName.get(read)!.annotations).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
      });
    }
    const grant = byName.get('aks-access.grant-access')!;
    expect(grant.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
    });
    expect(
      byName.get('aks-access.onboard-namespace')!.annotations,
    ).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
    });
    expect(grant.description).toMatch(/dry run.*unless.*dryRun: false/);
    expect(grant.inputSchema.properties).toHaveProperty('dryRun');
    expect(grant.inputSchema.required).toEqual(
      expect.arrayContaining(['cluster', 'namespace', 'principal', 'level']),
    );
    await client.close();
  });

  it('answers "who can access payments-api" as alice, as the REST API does', async () => {
    const client = await mcpClient();
    const { output } = await call(client, 'aks-access.who-can-access', {
      entityRef: 'component:default/payments-api',
    });
    const rest = await request(world.backend.server)
      .get('/api/aks-access/entities/component/default/payments-api/people')
      .set('authorization', mockCredentials.user.header(ALICE));
    expect(rest.status).toBe(200);
    expect(output.people.totalCount).toBe(rest.body.totalCount);
    expect(output.namespaces.map((n: any) => n.namespace)).toContain(
      'payments-api',
    );
    const alice = output.people.items.find((p: any) => p.entityRef === ALICE);
    expect(alice.namespaces[0].paths[0]).toMatch(
      /^Alice Andersson → Team Payments: (read|write|admin) through /,
    );
    await client.close();
  });

  it('refuses a grant on an entity she does not own with the REST API’s message, and changes nothing', async () => {
    const client = await mcpClient();
    const grant = {
      cluster: DEV,
      namespace: 'checkout-web',
      principal: 'group:default/team-payments',
      level: 'write',
    };
    const rest = await request(world.backend.server)
      .post('/api/aks-access/grants')
      .set('authorization', mockCredentials.user.header(ALICE))
      .send({ ...grant, dryRun: true });
    expect(rest.status).toBe(403);
    const before = world.sandbox.stateBytes();
    const { error } = await call(client, 'aks-access.grant-access', {
      ...grant,
      dryRun: false,
    });
    expect(error).toBe(`NotAllowedError: ${rest.body.error.message}`);
    expect(world.sandbox.stateBytes()).toBe(before);
    await client.close();
  });

  it('runs an onboarding as a dry run unless told otherwise, which changes nothing', async () => {
    const client = await mcpClient();
    const before = world.sandbox.stateBytes();
    const { output } = await call(client, 'aks-access.onboard-namespace', {
      cluster: DEV,
      namespace: 'payments-mcp',
      entityRef: 'component:default/payments-api',
      owner: 'group:default/team-payments',
    });
    expect(output.dryRun).toBe(true);
    expect(output.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'Namespace',
          name: 'payments-mcp',
          action: 'create',
        }),
      ]),
    );
    expect(world.sandbox.stateBytes()).toBe(before);
    await client.close();
  });
});
