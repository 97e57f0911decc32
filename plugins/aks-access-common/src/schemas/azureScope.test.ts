import { InputError } from '@backstage/errors';
import { parseAzureScope } from './azureScope';

const sub = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

describe('parseAzureScope', () => {
  it.each([
    [
      `/subscriptions/${sub}`,
      { level: 'subscription', subscriptionId: sub, resources: [] },
    ],
    [
      `/subscriptions/${sub}/resourceGroups/rg-kv-payments`,
      {
        level: 'resourceGroup',
        subscriptionId: sub,
        resourceGroup: 'rg-kv-payments',
        resources: [],
      },
    ],
    [
      `/subscriptions/${sub}/resourceGroups/rg-kv-payments/providers/Microsoft.KeyVault/vaults/kv-payments`,
      {
        level: 'resource',
        subscriptionId: sub,
        resourceGroup: 'rg-kv-payments',
        provider: 'Microsoft.KeyVault',
        resources: [{ type: 'vaults', name: 'kv-payments' }],
      },
    ],
    [
      `/subscriptions/${sub}/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-weu/namespaces/payments`,
      {
        level: 'resource',
        subscriptionId: sub,
        resourceGroup: 'rg-aks-prod',
        provider: 'Microsoft.ContainerService',
        resources: [
          { type: 'managedClusters', name: 'aks-prod-weu' },
          { type: 'namespaces', name: 'payments' },
        ],
      },
    ],
  ])('parses %s', (scope, expected) => {
    expect(parseAzureScope(scope)).toEqual(expected);
  });

  it('throws an InputError so the backend answers 400', () => {
    expect(() => parseAzureScope('/subscriptions/*')).toThrow(InputError);
  });
});
