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
const PROD = 'aks-prod-weu';

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
      'aks-access.sensitive-permissions',
      'aks-access.what-can',
      'aks-access.who-can',
      'aks-access.who-can-access',
      'aks-access.workload-identities',
    ]);
    for (const read of [
      'aks-access.who-can-access',
      'aks-access.check-access',
      'aks-access.cluster-posture',
      'aks-access.workload-identities',
      'aks-access.who-can',
      'aks-access.what-can',
      'aks-access.sensitive-permissions',
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

  it('answers who can get the Secrets of payments-api, what frank can do and the sensitive permissions as REST does', async () => {
    const client = await mcpClient();
    const base = '/api/aks-access/entities/component/default/payments-api';
    const rest = (path: string) =>
      request(world.backend.server)
        .get(`${base}${path}`)
        .set('authorization', mockCredentials.user.header(ALICE));

    const { output: who } = await call(client, 'aks-access.who-can', {
      entityRef: 'component:default/payments-api',
      verb: 'get',
      resource: 'secrets',
    });
    const whoRest = await rest('/who-can?verb=get&resource=secrets');
    expect(whoRest.status).toBe(200);
    expect(who.totalPeople).toBe(whoRest.body.totalPeople);
    expect(who.people.map((p: any) => p.name)).toEqual(
      whoRest.body.people.map((p: any) => p.user.displayName ?? p.user.id),
    );
    expect(who.people.every((p: any) => p.paths.length > 0)).toBe(true);

    const { output: what } = await call(client, 'aks-access.what-can', {
      entityRef: 'component:default/payments-api',
      principal: 'user:default/frank',
      cluster: PROD,
      namespace: 'payments-api',
    });
    const whatRest = await rest(
      `/what-can?principal=user:default/frank&cluster=${PROD}&namespace=payments-api`,
    );
    expect(whatRest.status).toBe(200);
    expect(what.rows).toEqual(
      whatRest.body.rows.map((r: any) => ({
        resource: r.resource,
        allowed: r.cells.filter((c: any) => c.allowed).map((c: any) => c.verb),
      })),
    );

    const { output: sensitive } = await call(
      client,
      'aks-access.sensitive-permissions',
      { entityRef: 'component:default/payments-api' },
    );
    const sensitiveRest = await rest('/sensitive-permissions');
    expect(sensitive.findings.map((f: any) => f.id)).toEqual(
      sensitiveRest.body.findings.map((f: any) => f.id),
    );

    // Bad input is the REST API's 400 message, naming the rule.
    const bad = await call(client, 'aks-access.who-can', {
      entityRef: 'component:default/payments-api',
      verb: 'read',
      resource: 'secrets',
    });
    expect(bad.error).toContain('verb must be one of');
    await client.close();
  });

  it('answers who-can for another team’s entity only with its read permission', async () => {
    const client = await mcpClient('user:default/bob');
    const denied = await call(client, 'aks-access.who-can', {
      entityRef: 'component:default/payments-api',
      verb: 'get',
      resource: 'secrets',
    });
    expect(denied.error).toContain(
      'Not allowed: aks-access.entity.read on component:default/payments-api',
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
