import { randomUUID } from 'node:crypto';
import https from 'node:https';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import {
  DefaultEventsService,
  EventsService,
} from '@backstage/plugin-events-node';
import {
  demoWorld,
  RunningSandbox,
  sandboxEnvironment,
  startSandbox,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';
import {
  Change,
  findBuiltinRole,
  formatArmId,
  parseArmId,
  WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION,
} from '@aks-access/plugin-aks-access-common';
import { DefaultAccessIndex } from '../access/AccessIndex';
import { ArmClients } from '../azure/ArmClients';
import { createCredential } from '../azure/createCredential';
import { roleDefinitionIdAt } from '../azure/roleAssignments';
import { DefaultClusterRegistry } from '../clusters/ClusterRegistry';
import { readAksAccessConfig } from '../config/readAksAccessConfig';
import { withEnvironment } from '../config/withEnvironment';
import { AzureTokenAuthenticator } from '../kubernetes/AzureTokenAuthenticator';
import { ReplicaChanges } from './ReplicaChanges';
import { ChangeEvent, MAX_CHANGES } from './changeEvent';

jest.setTimeout(60_000);

/*
 * Two replicas on one sandbox and one bus (the events service's local bus,
 * which both subscribe to under their own ids, as the events backend's
 * PostgreSQL store fans out to them). A writes ARM and publishes as
 * runOperation does; B's index must follow, and nothing else may move it.
 */
const PROD = 'aks-prod-weu';
const IDENTITY = 'id-payments-api';
const KEY_VAULT_SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';

type Replica = Awaited<ReturnType<typeof startReplica>>;

let sandbox: RunningSandbox;
let agent: https.Agent;
let bus: EventsService;

async function startReplica(replicaId: string) {
  const environment = sandboxEnvironment(sandbox);
  const config = withEnvironment(
    readAksAccessConfig(new ConfigReader({})),
    environment,
  );
  const credential = createCredential(config.azure, agent);
  const arm = new ArmClients({
    credential,
    endpoint: config.azure.armEndpoint,
    agent,
  });
  const logger = mockServices.logger.mock();
  const registry = new DefaultClusterRegistry(
    config.clusters,
    arm,
    new AzureTokenAuthenticator(credential),
    logger,
  );
  const index = new DefaultAccessIndex(registry, logger);
  await index.start();
  const changes = new ReplicaChanges({
    events: bus,
    replicaId,
    registry,
    index,
    logger,
    settleMs: [50],
  });
  await changes.subscribe();
  return { arm, registry, index, changes, logger };
}

/** B's whole picture of ARM, as bytes: what a forged event must not move. */
function picture(replica: Replica): string {
  const skip = new Set(['arm', 'logger', 'queue']);
  return JSON.stringify(
    {
      azure: replica.index.azure,
      clusters: replica.registry.list().map(c => ({
        name: c.name,
        record: c.record,
        managedNamespaces: c.managedNamespaces,
      })),
    },
    (key, value) => {
      if (skip.has(key)) return undefined;
      if (value instanceof Map || value instanceof Set) return [...value];
      return value;
    },
  );
}

describe('ReplicaChanges', () => {
  let a: Replica;
  let b: Replica;
  let subscriptionId: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    const environment = sandboxEnvironment(sandbox);
    agent = new https.Agent({ ca: environment.caPem, keepAlive: true });
    bus = DefaultEventsService.create({
      logger: mockServices.rootLogger.mock(),
    }).forPlugin('aks-access');
    [a, b] = await Promise.all([
      startReplica('replica-a'),
      startReplica('replica-b'),
    ]);
    subscriptionId = a.registry.get(PROD).config.subscriptionId;
  });
  afterAll(async () => {
    a?.index.stop();
    b?.index.stop();
    agent?.destroy();
    await sandbox?.stop();
  });

  const identityOn = (replica: Replica) => {
    const clientId = replica.index
      .kubernetes(PROD)
      .store('serviceaccounts')
      .get('payments-api', 'payments-api')!.metadata!.annotations![
      WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION
    ];
    return replica.index.azure.identityByClientId(clientId)!;
  };
  const vaultScope = (vault: string) =>
    parseArmId(
      formatArmId({
        subscriptionId,
        resourceGroup: 'rg-kv-payments',
        providers: [
          {
            namespace: 'Microsoft.KeyVault',
            resources: [{ type: 'vaults', name: vault }],
          },
        ],
      }),
    );
  const assignmentChange = (
    vault: string,
    name: string,
    action: Change['action'],
  ): Change => ({
    target: 'azure',
    kind: 'roleAssignments',
    name,
    id: `${
      vaultScope(vault).id
    }/providers/Microsoft.Authorization/roleAssignments/${name}`,
    action,
  });

  /** As runOperation does on the writer: ARM, its own index, then the bus. */
  async function assignOnA(vault: string) {
    const name = randomUUID();
    const scope = vaultScope(vault);
    await a.arm
      .authorizationFor(subscriptionId)
      .roleAssignments.create(scope.id, name, {
        roleDefinitionId: roleDefinitionIdAt(
          scope,
          findBuiltinRole(KEY_VAULT_SECRETS_USER)!,
        ),
        principalId: identityOn(a).principalId,
        principalType: 'ServicePrincipal',
      });
    const change = assignmentChange(vault, name, 'create');
    await a.index.invalidate(PROD);
    await a.changes.publish({ cluster: PROD, namespace: 'payments-api' }, [
      change,
    ]);
    return change;
  }
  async function unassignOnA(change: Change) {
    await a.arm
      .authorizationFor(subscriptionId)
      .roleAssignments.deleteById(change.id!);
    await a.index.invalidate(PROD, {
      deletedAssignmentIds: [change.id!],
      onlyDeletedAssignments: true,
    });
    await a.changes.publish({ cluster: PROD, namespace: 'payments-api' }, [
      { ...change, action: 'delete' },
    ]);
  }
  const assignmentsOnB = () =>
    b.index.azure.assignmentsOf(identityOn(b).principalId).map(x => x.name);

  /** A well-formed event as A would send it, with `overrides`. */
  const event = (overrides: Record<string, unknown> = {}) => ({
    version: 1,
    eventId: randomUUID(),
    origin: 'replica-a',
    cluster: PROD,
    namespace: 'payments-api',
    changes: [],
    identityClientIds: [],
    ...overrides,
  });

  it("shows A's role assignment on B, and its removal", async () => {
    const change = await assignOnA('kv-replica-one');
    // The local bus delivers before publish resolves, as a replica's poll would.
    expect(assignmentsOnB()).toContain(change.name);

    await unassignOnA(change);
    expect(assignmentsOnB()).not.toContain(change.name);
  });

  it("shows A's new FIC on B, read for the identity the event names", async () => {
    const identity = identityOn(a);
    const issuer =
      a.registry.get(PROD).record!.properties.oidcIssuerProfile!.issuerURL!;
    const fic = await a.arm
      .msiFor(subscriptionId)
      .federatedIdentityCredentials.createOrUpdate(
        demoWorld.DEMO_IDENTITY_RESOURCE_GROUP,
        IDENTITY,
        'replica-fic',
        {
          issuer,
          subject: 'system:serviceaccount:payments-api:replica-fic',
          audiences: ['api://AzureADTokenExchange'],
        },
      );
    await a.changes.publish(
      { cluster: PROD, namespace: 'payments-api' },
      [
        {
          target: 'azure',
          kind: 'federatedIdentityCredentials',
          name: 'replica-fic',
          id: fic.id!,
          action: 'create',
        },
      ],
      [identity.clientId],
    );

    expect(
      (identityOn(b).federatedCredentials ?? []).map(f => f.name),
    ).toContain('replica-fic');
  });

  it('publishes nothing for a write that changed nothing in Azure', async () => {
    const publish = jest.spyOn(bus, 'publish');
    await a.changes.publish({ cluster: PROD, namespace: 'payments-api' }, [
      {
        target: 'kubernetes',
        kind: 'RoleBinding',
        namespace: 'payments-api',
        name: 'x',
        action: 'create',
      },
      { ...assignmentChange('kv-x', randomUUID(), 'unchanged') },
    ]);
    expect(publish).not.toHaveBeenCalled();
    publish.mockRestore();
  });

  it('publishes a write of more changes than one event carries as several', async () => {
    const publish = jest.spyOn(bus, 'publish');
    const changes = Array.from({ length: MAX_CHANGES + 1 }, () =>
      assignmentChange('kv-many', randomUUID(), 'delete'),
    );
    await a.changes.publish(
      { cluster: PROD, namespace: 'payments-api' },
      changes,
    );
    expect(
      publish.mock.calls.map(
        ([{ eventPayload }]) => (eventPayload as ChangeEvent).changes.length,
      ),
    ).toEqual([MAX_CHANGES, 1]);
    publish.mockRestore();
  });

  describe('an event B cannot verify changes nothing', () => {
    let kept: Change;
    beforeAll(async () => {
      kept = await assignOnA('kv-replica-kept');
    });

    const cases: Array<[string, () => unknown, string]> = [
      ['a string', () => 'aks-prod-weu', 'malformed'],
      ['null', () => null, 'malformed'],
      ['an unknown field', () => event({ extra: 1 }), 'malformed'],
      [
        'an event id that is no UUID',
        () => event({ eventId: 'x' }),
        'malformed',
      ],
      [
        'a cluster name with a path in it',
        () => event({ cluster: '../aks-prod-weu' }),
        'malformed',
      ],
      ['no changes', () => event({ changes: [] }), 'malformed'],
      [
        'a Kubernetes kind',
        () =>
          event({
            changes: [{ kind: 'RoleBinding', id: 'x', action: 'create' }],
          }),
        'malformed',
      ],
      [
        'a client id that is no GUID',
        () =>
          event({
            changes: [{ ...pick(kept), action: 'create' }],
            identityClientIds: ['not-a-guid'],
          }),
        'malformed',
      ],
      [
        'a role assignment id whose name is no GUID',
        () =>
          event({
            changes: [
              {
                kind: 'roleAssignments',
                id: `${
                  vaultScope('kv').id
                }/providers/Microsoft.Authorization/roleAssignments/owner`,
                action: 'delete',
              },
            ],
          }),
        'malformed',
      ],
      [
        'an ARM id with a dot segment',
        () =>
          event({
            changes: [
              {
                kind: 'userAssignedIdentities',
                id: `/subscriptions/${subscriptionId}/resourceGroups/../providers/Microsoft.ManagedIdentity/userAssignedIdentities/x`,
                action: 'delete',
              },
            ],
          }),
        'malformed',
      ],
      [
        'an identity id under the roleAssignments kind',
        () =>
          event({
            changes: [
              {
                kind: 'roleAssignments',
                id: identityOn(b).id,
                action: 'delete',
              },
            ],
          }),
        'malformed',
      ],
      [
        "another cluster's managed namespace",
        () =>
          event({
            changes: [
              {
                kind: 'managedNamespaces',
                id: `${
                  b.registry.get('aks-dev-neu').armId
                }/managedNamespaces/payments-api`,
                action: 'delete',
              },
            ],
          }),
        'malformed',
      ],
      [
        'a cluster this replica does not know',
        () =>
          event({
            cluster: 'aks-elsewhere',
            changes: [{ ...pick(kept), action: 'delete' }],
          }),
        'foreign',
      ],
      [
        'the delete of an assignment ARM still has',
        () => event({ changes: [{ ...pick(kept), action: 'delete' }] }),
        'unverified',
      ],
      [
        'the delete of an assignment neither ARM nor B has',
        () =>
          event({
            changes: [
              pick(assignmentChange('kv-replica-kept', randomUUID(), 'delete')),
            ],
          }),
        'unverified',
      ],
      [
        'the create of an assignment ARM does not have',
        () =>
          event({
            changes: [
              pick(assignmentChange('kv-replica-kept', randomUUID(), 'create')),
            ],
          }),
        'unverified',
      ],
      [
        'an assignment in a subscription no cluster is in',
        () =>
          event({
            changes: [
              {
                kind: 'roleAssignments',
                id: `/subscriptions/${randomUUID()}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`,
                action: 'create',
              },
            ],
          }),
        'unverified',
      ],
      [
        "B's own event",
        () =>
          event({
            origin: 'replica-b',
            changes: [{ ...pick(kept), action: 'delete' }],
          }),
        'own',
      ],
    ];

    it.each(cases)('%s', async (_name, payload, outcome) => {
      const before = picture(b);
      expect(await b.changes.apply(payload())).toBe(outcome);
      expect(picture(b)).toBe(before);
      expect(assignmentsOnB()).toContain(kept.name);
    });

    it('a replayed event, whether by id or with a fresh one', async () => {
      const gone = await assignOnA('kv-replica-replayed');
      const replayed = event({ changes: [pick(gone)] });
      // Applied once: B already had it from A's own publish.
      expect(await b.changes.apply(replayed)).toBe('applied');
      await unassignOnA(gone);
      const before = picture(b);

      expect(await b.changes.apply(replayed)).toBe('replayed');
      expect(
        await b.changes.apply({ ...replayed, eventId: randomUUID() }),
      ).toBe('unverified');
      expect(picture(b)).toBe(before);
      expect(assignmentsOnB()).not.toContain(gone.name);
    });
  });
});

function pick(change: Change) {
  return { kind: change.kind, id: change.id, action: change.action };
}
