import { randomUUID } from 'node:crypto';
import https from 'node:https';
import { mockServices } from '@backstage/backend-test-utils';
import {
  demoWorld,
  RunningSandbox,
  startSandbox,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';
import {
  findBuiltinRole,
  formatArmId,
  parseArmId,
  WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION,
} from '@aks-access/plugin-aks-access-common';
import { ScriptedArmClients } from '../__testUtils__/scriptedArm';
import { roleDefinitionIdAt } from '../azure/roleAssignments';
import { backendOnSandbox } from '../__testUtils__/backendOnSandbox';
import { DefaultClusterRegistry } from '../clusters/ClusterRegistry';
import { AzureTokenAuthenticator } from '../kubernetes/AzureTokenAuthenticator';
import { DefaultAccessIndex } from './AccessIndex';

jest.setTimeout(60_000);

/*
 * Two writes that finish together each refresh the index. Whatever order
 * ARM answers those refreshes in, and whichever of their reads fail once,
 * the view right after both writes return shows both writes.
 */
const PROD = 'aks-prod-weu';
const IDENTITY = 'id-payments-api';
const KEY_VAULT_SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';

describe('the index written through after overlapping writes', () => {
  let sandbox: RunningSandbox;
  let agent: https.Agent;
  let arm: ScriptedArmClients;
  let index: DefaultAccessIndex;
  let subscriptionId: string;
  let issuer: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ faults: { latencyMs: 20 } });
    const onSandbox = backendOnSandbox(sandbox);
    const { config, credential } = onSandbox;
    agent = onSandbox.agent;
    arm = new ScriptedArmClients({
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
    index = new DefaultAccessIndex(registry, logger);
    await index.start();
    subscriptionId = registry.get(PROD).config.subscriptionId;
    issuer =
      registry.get(PROD).record!.properties.oidcIssuerProfile!.issuerURL!;
  });
  afterAll(async () => {
    index?.stop();
    agent?.destroy();
    await sandbox?.stop();
  });
  afterEach(() => {
    arm.ficReads.script = () => 'pass';
    arm.assignmentReads.script = () => 'pass';
  });

  const clientId = () =>
    index
      .kubernetes(PROD)
      .store('serviceaccounts')
      .get('payments-api', 'payments-api')!.metadata!.annotations![
      WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION
    ];
  const identity = () => index.azure.identityByClientId(clientId())!;
  const ficNames = () =>
    (identity().federatedCredentials ?? []).map(f => f.name);

  const addFic = (name: string) =>
    arm
      .msiFor(subscriptionId)
      .federatedIdentityCredentials.createOrUpdate(
        demoWorld.DEMO_IDENTITY_RESOURCE_GROUP,
        IDENTITY,
        name,
        {
          issuer,
          subject: `system:serviceaccount:payments-api:${name}`,
          audiences: ['api://AzureADTokenExchange'],
        },
      );

  /**
   * A role for the identity on a vault of its own (ARM refuses duplicates),
   * where the backend's least privilege lets it assign Key Vault roles.
   */
  const addAssignment = async (vault: string) => {
    const name = randomUUID();
    const scope = parseArmId(
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
    await arm
      .authorizationFor(subscriptionId)
      .roleAssignments.create(scope.id, name, {
        roleDefinitionId: roleDefinitionIdAt(
          scope,
          findBuiltinRole(KEY_VAULT_SECRETS_USER)!,
        ),
        principalId: identity().principalId,
        principalType: 'ServicePrincipal',
      });
    return name;
  };

  // As a write that changes the identity's FICs invalidates: naming it.
  const invalidate = () =>
    index.invalidate(PROD, { identityClientIds: [clientId()] });
  const write = async (change: () => Promise<unknown>) => {
    await change();
    await invalidate();
  };

  it('keeps neither a late FIC list nor a failed one, but the list read after both writes', async () => {
    const first = arm.ficReads.calls(IDENTITY) + 1;
    // The first refresh's FIC list is slow; the next read of it fails once.
    arm.ficReads.script = (call, key) => {
      if (key !== IDENTITY) return 'pass';
      if (call === first) return { deliverAfterMs: 600 };
      return call === first + 1 ? 'fail' : 'pass';
    };
    const one = write(() => addFic('wt-one'));
    await arm.ficReads.answered(IDENTITY, first);
    const two = write(() => addFic('wt-two'));
    await Promise.all([one, two]);

    expect(ficNames()).toEqual(expect.arrayContaining(['wt-one', 'wt-two']));
    expect(index.status(PROD)).toEqual({
      reachable: true,
      since: expect.any(String),
    });
  });

  it('keeps no role assignment list read before the other write landed', async () => {
    const first = arm.assignmentReads.calls(subscriptionId) + 1;
    arm.assignmentReads.script = call =>
      call === first ? { deliverAfterMs: 600 } : 'pass';
    const one = write(() => addFic('wt-three'));
    await arm.assignmentReads.answered(subscriptionId, first);
    let assigned = '';
    const two = write(async () => {
      assigned = await addAssignment('kv-write-through-one');
    });
    await Promise.all([one, two]);

    expect(
      index.azure.assignmentsOf(identity().principalId).map(a => a.name),
    ).toContain(assigned);
    expect(ficNames()).toContain('wt-three');
  });

  it('says the view is stale while the FIC read keeps failing, and not after', async () => {
    arm.ficReads.script = (_call, key) => (key === IDENTITY ? 'fail' : 'pass');
    await write(() => addFic('wt-four'));

    expect(ficNames()).not.toContain('wt-four');
    expect(index.status(PROD)).toEqual({
      reachable: false,
      stale: true,
      since: expect.any(String),
      error: expect.stringContaining(IDENTITY),
    });
    // Nothing on the other cluster names that identity.
    expect(index.status('aks-dev-neu')).toMatchObject({ reachable: true });

    arm.ficReads.script = () => 'pass';
    await invalidate();
    expect(ficNames()).toContain('wt-four');
    expect(index.status(PROD)).toMatchObject({ reachable: true });
  });

  it('says the view is stale while role assignments cannot be listed, and not after', async () => {
    arm.assignmentReads.script = () => 'fail';
    let assigned = '';
    await write(async () => {
      assigned = await addAssignment('kv-write-through-two');
    });

    for (const cluster of [PROD, 'aks-dev-neu']) {
      expect(index.status(cluster)).toEqual({
        reachable: false,
        stale: true,
        since: expect.any(String),
        error: expect.stringContaining('role assignments'),
      });
    }

    arm.assignmentReads.script = () => 'pass';
    await invalidate();
    expect(
      index.azure.assignmentsOf(identity().principalId).map(a => a.name),
    ).toContain(assigned);
    expect(index.status(PROD)).toMatchObject({ reachable: true });
  });
});
