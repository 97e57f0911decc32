import { parseInput } from './parseInput';
import {
  parseKubernetesResource,
  sensitivePermissionsQuery,
  whatCanQuery,
  whoCanQuery,
} from './whoCan';

describe('who-can and what-can queries', () => {
  it('reads resources with their group and subresource', () => {
    expect(parseKubernetesResource('secrets')).toEqual({
      apiGroup: '',
      resource: 'secrets',
    });
    expect(parseKubernetesResource('pods/exec')).toEqual({
      apiGroup: '',
      resource: 'pods',
      subresource: 'exec',
    });
    expect(parseKubernetesResource('rolebindings')).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      resource: 'rolebindings',
    });
    expect(parseKubernetesResource('*')).toEqual({
      apiGroup: '*',
      resource: '*',
    });
    for (const bad of [
      'secret',
      'pods/exec/x',
      'secrets/exec',
      'constructor',
      '__proto__',
      '',
      'pods/',
    ])
      expect(parseKubernetesResource(bad)).toBeUndefined();
  });

  it('takes a verb and a resource, and a namespace only with its cluster', () => {
    expect(
      parseInput(whoCanQuery, {
        verb: 'get',
        resource: 'secrets',
        cluster: 'aks-prod-weu',
        namespace: 'payments-api',
        limit: '20',
      }),
    ).toEqual({
      verb: 'get',
      resource: 'secrets',
      cluster: 'aks-prod-weu',
      namespace: 'payments-api',
      limit: 20,
    });
    expect(() =>
      parseInput(whoCanQuery, { verb: 'read', resource: 'secrets' }),
    ).toThrow(/verb: verb must be one of get, list/);
    expect(() =>
      parseInput(whoCanQuery, { verb: 'get', resource: 'secret' }),
    ).toThrow(/resource: resource must be one of pods, secrets/);
    expect(() =>
      parseInput(whoCanQuery, {
        verb: 'get',
        resource: 'secrets',
        namespace: 'payments-api',
      }),
    ).toThrow(/cluster: namespace needs cluster/);
    expect(() =>
      parseInput(whoCanQuery, {
        verb: 'get',
        resource: 'secrets',
        limit: '501',
      }),
    ).toThrow(/limit: limit must be at most 500/);
    expect(() =>
      parseInput(whoCanQuery, { verb: 'get', resource: 'secrets', x: '1' }),
    ).toThrow(/unknown field\(s\) x/);
  });

  it('takes a principal as a catalog ref or an object id', () => {
    const base = { cluster: 'aks-dev-neu', namespace: 'payments-api' };
    expect(
      parseInput(whatCanQuery, { ...base, principal: 'user:default/frank' })
        .principal,
    ).toBe('user:default/frank');
    expect(
      parseInput(whatCanQuery, {
        ...base,
        principal: '5a9e3c71-2d4b-4e8f-a6c0-9b1d7f3e2a58',
      }).principal,
    ).toBe('5a9e3c71-2d4b-4e8f-a6c0-9b1d7f3e2a58');
    for (const principal of ['frank', 'component:default/x'])
      expect(() => parseInput(whatCanQuery, { ...base, principal })).toThrow(
        /principal: principal must be a catalog group or user ref/,
      );
    expect(() =>
      parseInput(sensitivePermissionsQuery, { namespace: 'payments-api' }),
    ).toThrow(/namespace needs cluster/);
  });
});
