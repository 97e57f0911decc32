import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { Guardrails } from './Guardrails';
import {
  checkWorkloadIdentityHomes,
  readPolicy,
  workloadIdentitySubscriptions,
} from './readPolicy';

const SUB_A = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const SUB_B = '2b7e9a41-8c3d-4f5e-9a6b-7c8d9e0f1a2b';
const home = (subscriptionId: string, resourceGroup: string) => ({
  subscriptionId,
  resourceGroup,
  location: 'westeurope',
});
const read = (workloadIdentity: object) =>
  readPolicy(new ConfigReader({ aksAccess: { policy: { workloadIdentity } } }))
    .workloadIdentity!;
const cluster = (name: string, environment: string) => ({
  name,
  config: { environment },
});

describe('where workload identities live', () => {
  const policy = read({
    ...home(SUB_A, 'rg-identities'),
    environments: { dev: home(SUB_A, 'rg-identities-dev') },
    clusters: { 'aks-prod-weu-2b7e9a41': home(SUB_B, 'rg-identities-emea') },
  });

  it('picks the cluster’s own home, else its environment’s, else the default', () => {
    const guardrails = new Guardrails({
      ...readPolicy(new ConfigReader({})),
      workloadIdentity: policy,
    });
    expect(
      guardrails.identityHome(cluster('aks-prod-weu-2b7e9a41', 'prod')),
    ).toEqual(home(SUB_B, 'rg-identities-emea'));
    expect(guardrails.identityHome(cluster('aks-dev-neu', 'dev'))).toEqual(
      home(SUB_A, 'rg-identities-dev'),
    );
    expect(guardrails.identityHome(cluster('aks-prod-weu', 'prod'))).toEqual(
      home(SUB_A, 'rg-identities'),
    );
    expect(workloadIdentitySubscriptions(policy)).toEqual([SUB_A, SUB_B]);
  });

  it.each([
    [
      { ...home('not-a-guid', 'rg'), location: 'westeurope' },
      'aksAccess.policy.workloadIdentity.subscriptionId: "not-a-guid" is not a subscription id (a GUID)',
    ],
    [
      { ...home(SUB_A, 'rg'), location: 'West Europe' },
      'aksAccess.policy.workloadIdentity.location: "West Europe" is not an Azure region name (lower-case letters and digits, e.g. westeurope)',
    ],
    [
      {
        ...home(SUB_A, 'rg'),
        environments: { dev: { ...home(SUB_B, 'rg'), location: 'eu-west' } },
      },
      'aksAccess.policy.workloadIdentity.environments.dev.location: "eu-west" is not an Azure region name (lower-case letters and digits, e.g. westeurope)',
    ],
  ])('refuses a home that is not one at startup: %j', (config, message) => {
    expect(() => read(config)).toThrow(message);
  });

  it('stops the start for a cluster home naming no cluster, and only warns with discovery on', () => {
    const logger = mockServices.logger.mock();
    const clusters = [cluster('aks-prod-weu', 'prod')];
    expect(() =>
      checkWorkloadIdentityHomes(policy, clusters, {
        discovery: false,
        logger,
      }),
    ).toThrow(
      'aksAccess.policy.workloadIdentity.clusters: aks-prod-weu-2b7e9a41 is not a cluster here; known: aks-prod-weu',
    );
    checkWorkloadIdentityHomes(policy, clusters, { discovery: true, logger });
    expect(logger.warn).toHaveBeenCalledWith(
      'aksAccess.policy.workloadIdentity.clusters: aks-prod-weu-2b7e9a41 is not a cluster here; known: aks-prod-weu',
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'aksAccess.policy.workloadIdentity.environments names dev, which no cluster has',
    );
  });
});
