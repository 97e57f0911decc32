import type { ClusterHandle } from '../clusters/ClusterRegistry';
import type { ManagedNamespace } from '../azure/managedNamespaces';
import { managedNamespaceFindings } from './managedNamespaces';

const cluster = {
  name: 'aks-prod-weu',
  config: {
    environment: 'prod',
    resourceGroup: 'rg-aks-prod',
    clusterName: 'aks-prod-weu',
  },
} as unknown as ClusterHandle;

const resource = (
  properties: ManagedNamespace['properties'] = {},
): ManagedNamespace => ({
  name: 'ledger',
  location: 'westeurope',
  properties: {
    labels: { team: 'payments' },
    defaultResourceQuota: { cpuRequest: '2000m', memoryLimit: '8Gi' },
    defaultNetworkPolicy: { ingress: 'AllowSameNamespace', egress: 'DenyAll' },
    deletePolicy: 'Keep',
    ...properties,
  },
});

const namespace = {
  metadata: { name: 'ledger', labels: { team: 'payments' } },
};
const quota = (hard: Record<string, string>) => ({ spec: { hard } });
const policy = (spec: object) => ({
  spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ...spec },
});
const details = (found: ReturnType<typeof managedNamespaceFindings>) =>
  found.map(f => f.detail);

describe('managedNamespaceFindings', () => {
  it("accepts the API server's canonical quantities and the typed client's `_from`", () => {
    expect(
      managedNamespaceFindings(cluster, resource(), {
        namespace,
        quota: quota({ 'requests.cpu': '2', 'limits.memory': '8192Mi' }),
        policy: policy({
          ingress: [{ _from: [{ podSelector: {} }] }],
          egress: [],
        }) as any,
      }),
    ).toEqual([]);
  });

  it('names each difference: a label, a missing quota, a policy that selects some pods and allows more', () => {
    const [drift] = managedNamespaceFindings(cluster, resource(), {
      namespace: { metadata: { name: 'ledger', labels: { team: 'other' } } },
      policy: policy({
        podSelector: { matchLabels: { app: 'web' } },
        ingress: [{ from: [{ namespaceSelector: {} }] }],
        egress: [{}],
      }) as any,
    });
    expect(drift.detail).toBe(
      "ARM holds ledger on aks-prod-weu, but the cluster's copy differs: label team; ResourceQuota defaultresourcequota is missing; NetworkPolicy defaultnetworkpolicy no longer selects every pod; NetworkPolicy defaultnetworkpolicy ingress is another rule, not AllowSameNamespace; NetworkPolicy defaultnetworkpolicy egress is AllowAll, not DenyAll.",
    );
  });

  it('flags deletePolicy Delete on a prod cluster', () => {
    expect(
      details(
        managedNamespaceFindings(
          cluster,
          resource({ deletePolicy: 'Delete', defaultNetworkPolicy: undefined }),
          {
            namespace,
            quota: quota({ 'requests.cpu': '2000m', 'limits.memory': '8Gi' }),
          },
        ),
      ),
    ).toEqual([
      'ledger on aks-prod-weu has deletePolicy Delete: deleting the ARM resource deletes the namespace and everything in it.',
    ]);
  });
});
