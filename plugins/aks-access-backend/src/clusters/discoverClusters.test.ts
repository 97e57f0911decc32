import {
  aksClusterArmId,
  formatArmId,
} from '@aks-access/plugin-aks-access-common';
import type { ClusterConfig } from '../config/types';
import { clustersFromRecords } from './discoverClusters';

const SUB_A = '11111111-1111-4111-8111-111111111111';
const SUB_B = '22222222-2222-4222-8222-222222222222';
const id = (sub: string, rg: string, name: string) =>
  aksClusterArmId(sub, rg, name);

describe('clustersFromRecords', () => {
  const discovery = {
    subscriptions: [SUB_A, SUB_B],
    resourceGroups: [],
    tags: {},
    refreshIntervalSeconds: 300,
  };

  it('keys clusters on their ARM id: a name two subscriptions share shows twice, the later subscription’s told apart', () => {
    const clusters = clustersFromRecords(
      [
        {
          id: id(SUB_A, 'rg-aks', 'aks-prod'),
          fqdn: 'aks-prod-a.hcp.westeurope.azmk8s.io',
          tags: { environment: 'prod' },
        },
        {
          id: id(SUB_B, 'rg-aks', 'aks-prod'),
          fqdn: 'aks-prod-b.hcp.westeurope.azmk8s.io',
        },
        { id: id(SUB_B, 'rg-aks', 'aks-dev') },
      ],
      discovery,
      [],
      [],
    );
    expect(
      clusters.map(c => [c.name, c.subscriptionId, c.environment, c.url]),
    ).toEqual([
      [
        'aks-prod',
        SUB_A,
        'prod',
        'https://aks-prod-a.hcp.westeurope.azmk8s.io:443',
      ],
      [
        'aks-prod-22222222',
        SUB_B,
        '',
        'https://aks-prod-b.hcp.westeurope.azmk8s.io:443',
      ],
      ['aks-dev', SUB_B, '', undefined],
    ]);
  });

  it('names alike whatever order ARM answers in, so replicas agree; a name configured or repeated in one subscription gets its suffixes', () => {
    const records = [
      { id: id(SUB_B, 'rg-b', 'aks-prod') },
      { id: id(SUB_A, 'rg-z', 'aks-prod') },
      { id: id(SUB_A, 'rg-a', 'aks-prod') },
      { id: id(SUB_B, 'rg-b', 'aks-ops') },
    ];
    const configured: ClusterConfig = {
      name: 'aks-ops',
      subscriptionId: SUB_A,
      resourceGroup: 'rg-ops',
      clusterName: 'aks-ops-weu',
    };
    const names = (list: typeof records) =>
      clustersFromRecords(list, discovery, [configured], [])
        .map(
          c => `${c.name} ← ${c.subscriptionId.slice(0, 1)}/${c.resourceGroup}`,
        )
        .sort();
    const expected = [
      'aks-ops-22222222 ← 2/rg-b',
      'aks-prod ← 1/rg-a',
      'aks-prod-11111111-rg-z ← 1/rg-z',
      'aks-prod-22222222 ← 2/rg-b',
    ];
    expect(names(records)).toEqual(expected);
    expect(names([...records].reverse())).toEqual(expected);
  });

  it('filters by resource group and tags, leaves configured clusters to their config, and takes endpoints the environment supplies', () => {
    const configured: ClusterConfig = {
      name: 'prod-weu',
      subscriptionId: SUB_A,
      resourceGroup: 'RG-AKS',
      clusterName: 'aks-prod',
    };
    const supplied: ClusterConfig = {
      name: 'whatever',
      subscriptionId: SUB_A,
      resourceGroup: 'rg-aks',
      clusterName: 'aks-dev',
      url: 'https://127.0.0.1:6443',
      caData: 'Q0E=',
    };
    const clusters = clustersFromRecords(
      [
        { id: id(SUB_A, 'rg-aks', 'aks-prod'), tags: { team: 'platform' } },
        { id: id(SUB_A, 'rg-aks', 'aks-dev'), tags: { team: 'platform' } },
        { id: id(SUB_A, 'rg-other', 'aks-x'), tags: { team: 'platform' } },
        { id: id(SUB_A, 'rg-aks', 'aks-untagged') },
      ],
      { ...discovery, resourceGroups: ['RG-AKS'], tags: { team: 'platform' } },
      [configured],
      [supplied],
    );
    expect(clusters).toEqual([
      expect.objectContaining({
        name: 'aks-dev',
        clusterName: 'aks-dev',
        url: 'https://127.0.0.1:6443',
        caData: 'Q0E=',
      }),
    ]);
  });

  it('drops what ARM answers that is no managed cluster id', () => {
    expect(
      clustersFromRecords(
        [
          {
            id: formatArmId({
              subscriptionId: SUB_A,
              resourceGroup: 'rg',
              providers: [
                {
                  namespace: 'Microsoft.KeyVault',
                  resources: [{ type: 'vaults', name: 'kv' }],
                },
              ],
            }),
          },
          { id: `${id(SUB_A, 'rg', 'aks')}/../../evil` },
          { id: `${id(SUB_A, 'rg', 'aks')}/agentPools/pool1` },
          { id: 'not an id' },
        ],
        discovery,
        [],
        [],
      ),
    ).toEqual([]);
  });
});
