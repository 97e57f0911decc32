import https from 'node:https';
import { randomUUID } from 'node:crypto';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Entity } from '@backstage/catalog-model';
import { KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import {
  exampleEntities,
  RunningSandbox,
  startSandbox,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';
import {
  AKS_BUILTIN_ROLES,
  parseArmId,
} from '@aks-access/plugin-aks-access-common';
import { roleDefinitionIdAt } from '../azure/roleAssignments';
import { ArmClients } from '../azure/ArmClients';
import { backendOnSandbox } from '../__testUtils__/backendOnSandbox';
import { DefaultClusterRegistry } from '../clusters/ClusterRegistry';
import { AzureTokenAuthenticator } from '../kubernetes/AzureTokenAuthenticator';
import { PrincipalDirectory } from '../people/PrincipalDirectory';
import { DefaultAccessIndex } from './AccessIndex';
import { entityAccess } from './entityAccess';

jest.setTimeout(60_000);

const PROD = 'aks-prod-weu';

/*
 * The cluster-wide grants are kept per cluster between views; a change to
 * what they come from shows in the next view of every entity on the cluster.
 */
describe('cluster-wide grants between views', () => {
  let sandbox: RunningSandbox;
  let agent: https.Agent;
  let index: DefaultAccessIndex;
  let view: (name: string) => ReturnType<typeof entityAccess>;

  beforeAll(async () => {
    sandbox = await startSandbox();
    const onSandbox = backendOnSandbox(sandbox);
    const { config, credential } = onSandbox;
    agent = onSandbox.agent;
    const logger = mockServices.logger.mock();
    const registry = new DefaultClusterRegistry(
      config.clusters,
      new ArmClients({
        credential,
        endpoint: config.azure.armEndpoint,
        agent,
      }),
      new AzureTokenAuthenticator(credential),
      logger,
    );
    index = new DefaultAccessIndex(registry, logger);
    await index.start();
    const entities = exampleEntities();
    const directory = new PrincipalDirectory(
      catalogServiceMock({ entities }),
      mockServices.auth(),
      logger,
    );
    await directory.ready();
    const byName = (name: string) =>
      entities.find(
        (e: Entity) => e.kind === 'Component' && e.metadata.name === name,
      )!;
    view = name => entityAccess(byName(name), registry, index, directory);
  });
  afterAll(async () => {
    index?.stop();
    agent?.destroy();
    await sandbox?.stop();
  });

  const prodGrants = (name: string) =>
    view(name).clusterGrants.find(c => c.cluster === PROD)?.grants ?? [];

  it('answers the same cluster-wide grants to two entities, and follows ARM and Kubernetes changes', async () => {
    const before = prodGrants('payments-api');
    expect(before.length).toBeGreaterThan(0);
    expect(prodGrants('checkout-api')).toEqual(before);

    const cluster = sandbox.store.state.clusters[PROD].record;
    const group = randomUUID();
    const name = randomUUID();
    const id = `${cluster.id}/providers/Microsoft.Authorization/roleAssignments/${name}`;
    await sandbox.store.commit([
      {
        path: ['roleAssignments', id.toLowerCase()],
        value: {
          id,
          name,
          scope: cluster.id,
          roleDefinitionId: roleDefinitionIdAt(
            parseArmId(cluster.id, 'cluster id'),
            AKS_BUILTIN_ROLES.clusterUser,
          ),
          principalId: group,
          principalType: 'Group',
          createdOn: new Date().toISOString(),
          updatedOn: new Date().toISOString(),
        },
      },
    ]);
    await index.refreshAzure();
    for (const entity of ['payments-api', 'checkout-api'])
      expect(prodGrants(entity).map(g => g.principal.id)).toContain(group);

    const kc = new KubeConfig();
    const api = sandbox.clusters.find(c => c.name === PROD)!;
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: api.apiServerUrl, caData: api.caData }],
      users: [{ name: 'u', token: api.adminToken }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const subject = `crb-${randomUUID()}`;
    await kc.makeApiClient(RbacAuthorizationV1Api).createClusterRoleBinding({
      body: {
        metadata: { name: subject },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'view',
        },
        subjects: [
          {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'Group',
            name: subject,
          },
        ],
      },
    });
    const deadline = Date.now() + 10_000;
    while (
      !prodGrants('payments-api').some(g => g.principal.id === subject) &&
      Date.now() < deadline
    )
      await new Promise(r => setTimeout(r, 20));
    expect(prodGrants('checkout-api').map(g => g.principal.id)).toContain(
      subject,
    );
  });
});
