import type { Entity } from '@backstage/catalog-model';
import {
  getEntityNamespaceSelectors,
  isAksAccessAvailable,
  namespaceBelongsToEntity,
} from './entityNamespaces';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', annotations },
    spec: {},
  };
}

function ns(name: string, labels?: Record<string, string>) {
  return { metadata: { name, labels } };
}

describe('getEntityNamespaceSelectors', () => {
  it('reads all three annotations', () => {
    expect(
      getEntityNamespaceSelectors(
        entity({
          'backstage.io/kubernetes-id': 'payments-api',
          'backstage.io/kubernetes-namespace': 'payments',
          'aks-access.backstage.io/namespaces':
            'aks-prod-weu/payments-prod, aks-dev-neu/payments-dev',
        }),
      ),
    ).toEqual({
      kubernetesId: 'payments-api',
      namespaces: ['payments'],
      clusterNamespaces: [
        { cluster: 'aks-prod-weu', namespace: 'payments-prod' },
        { cluster: 'aks-dev-neu', namespace: 'payments-dev' },
      ],
      invalid: [],
    });
  });

  it.each(['a/x,b/y', ' a/x ,  b/y ', 'a/x\nb/y', 'a/x, b/y, a/x,'])(
    'tolerates whitespace and duplicates in %j',
    value => {
      expect(
        getEntityNamespaceSelectors(
          entity({ 'aks-access.backstage.io/namespaces': value }),
        ).clusterNamespaces,
      ).toEqual([
        { cluster: 'a', namespace: 'x' },
        { cluster: 'b', namespace: 'y' },
      ]);
    },
  );

  it.each([
    [
      'aks-access.backstage.io/namespaces',
      'payments',
      'entries must be <cluster>/<namespace>',
    ],
    [
      'aks-access.backstage.io/namespaces',
      'a/b/c',
      'entries must be <cluster>/<namespace>',
    ],
    [
      'aks-access.backstage.io/namespaces',
      '-a/x',
      'cluster must be an AKS cluster name',
    ],
    [
      'aks-access.backstage.io/namespaces',
      'a/Payments',
      'namespace must be a DNS-1123 label',
    ],
    [
      'aks-access.backstage.io/namespaces',
      'a/',
      'namespace must be a DNS-1123 label',
    ],
    [
      'backstage.io/kubernetes-namespace',
      'Payments',
      'namespace must be a DNS-1123 label',
    ],
  ])('reports %s entry %j as invalid', (annotation, value, reason) => {
    const selectors = getEntityNamespaceSelectors(
      entity({ [annotation]: value }),
    );
    expect(selectors.invalid).toEqual([
      { annotation, value, reason: expect.stringContaining(reason) },
    ]);
    expect(selectors.namespaces).toEqual([]);
    expect(selectors.clusterNamespaces).toEqual([]);
  });

  it('keeps valid entries next to invalid ones', () => {
    const selectors = getEntityNamespaceSelectors(
      entity({ 'aks-access.backstage.io/namespaces': 'a/x, nonsense, b/y' }),
    );
    expect(selectors.clusterNamespaces).toHaveLength(2);
    expect(selectors.invalid.map(i => i.value)).toEqual(['nonsense']);
  });

  it('ignores blank annotations', () => {
    expect(
      getEntityNamespaceSelectors(
        entity({
          'backstage.io/kubernetes-id': ' ',
          'backstage.io/kubernetes-namespace': '',
        }),
      ),
    ).toEqual({
      kubernetesId: undefined,
      namespaces: [],
      clusterNamespaces: [],
      invalid: [],
    });
  });
});

describe('isAksAccessAvailable', () => {
  it.each([
    [{ 'backstage.io/kubernetes-id': 'payments-api' }, true],
    [{ 'backstage.io/kubernetes-namespace': 'payments' }, true],
    [{ 'aks-access.backstage.io/namespaces': 'a/x' }, true],
    [{ 'backstage.io/kubernetes-id': '  ' }, false],
    [{ 'backstage.io/techdocs-ref': 'dir:.' }, false],
  ])('%j → %s', (annotations, expected) => {
    expect(isAksAccessAvailable(entity(annotations))).toBe(expected);
  });

  it('is false without annotations', () => {
    expect(
      isAksAccessAvailable({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'x' },
      }),
    ).toBe(false);
  });
});

describe('namespaceBelongsToEntity', () => {
  const selectors = getEntityNamespaceSelectors(
    entity({
      'backstage.io/kubernetes-id': 'payments-api',
      'backstage.io/kubernetes-namespace': 'payments',
      'aks-access.backstage.io/namespaces': 'aks-prod-weu/payments-prod',
    }),
  );

  it.each([
    [
      'label on any cluster',
      'aks-dev-neu',
      ns('anything', { 'backstage.io/kubernetes-id': 'payments-api' }),
      true,
    ],
    [
      'kubernetes-namespace on any cluster',
      'aks-dev-neu',
      ns('payments'),
      true,
    ],
    ['listed cluster/namespace', 'aks-prod-weu', ns('payments-prod'), true],
    [
      'listed namespace on another cluster',
      'aks-dev-neu',
      ns('payments-prod'),
      false,
    ],
    [
      'another kubernetes-id',
      'aks-prod-weu',
      ns('checkout', { 'backstage.io/kubernetes-id': 'checkout-api' }),
      false,
    ],
    ['an unrelated namespace', 'aks-prod-weu', ns('checkout'), false],
    ['a namespace without a name', 'aks-prod-weu', { metadata: {} }, false],
  ])('%s → %s', (_case, cluster, namespace, expected) => {
    expect(namespaceBelongsToEntity(selectors, cluster, namespace)).toBe(
      expected,
    );
  });

  it('does not match unlabelled namespaces when the entity has no kubernetes-id', () => {
    const none = getEntityNamespaceSelectors(
      entity({ 'backstage.io/kubernetes-namespace': 'payments' }),
    );
    expect(namespaceBelongsToEntity(none, 'c', ns('other', {}))).toBe(false);
  });
});
