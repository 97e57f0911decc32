import { AKS_SERVER_APP_ID } from '@aks-access/plugin-aks-access-common';
import { createHash } from 'crypto';
import { stringify } from 'yaml';
import type { SandboxContext } from '../context';
import { clusterKeyOf } from '../state/clusters';
import type { ClusterState } from '../state/types';
import { ArmError, resourceNotFound } from './errors';
import type { ArmRequest, ArmRoute } from './request';

const TYPE = 'Microsoft.ContainerService/managedClusters';
/** AKS's first-party apps: the API server's audience and the kubelogin client (FACTS #1). */
const KUBELOGIN_CLIENT_ID = '80faf920-1908-4b52-b5ef-a8e7bedfc67a';

function issuerUrl(
  ctx: SandboxContext,
  cluster: ClusterState,
): string | undefined {
  const r = cluster.record;
  if (!r.oidcIssuerProfile.enabled) return undefined;
  return (
    r.oidcIssuerProfile.issuerURL ??
    ctx.urls.oidcIssuer(clusterKeyOf(ctx.store.state, cluster))
  );
}

/*
 * When the posture fields entered the managedClusters API (the generated
 * models of Debian's azure-mgmt-containerservice, per version). Previews
 * count from their own first version; securityProfile.workloadIdentity's
 * first stable version is not established by any source here: 2023-01-01 is
 * this sandbox's choice (docs/design.md §12).
 */
const SINCE = {
  managedAad: '2020-03-01',
  azureRbac: '2020-06-01',
  disableLocalAccounts: '2021-03-01',
  securityProfile: '2021-07-01',
  oidcIssuer: { stable: '2022-09-01', preview: '2021-11-01' },
  workloadIdentity: { stable: '2023-01-01', preview: '2022-03-02' },
} as const;

function has(
  apiVersion: string,
  since: string | { stable: string; preview: string },
) {
  const date = apiVersion.slice(0, 10);
  if (typeof since === 'string') return date >= since;
  return (
    date >= (apiVersion.endsWith('-preview') ? since.preview : since.stable)
  );
}

/**
 * A managedClusters resource with the posture fields AKS reports, and enough
 * of the rest to look real, in the shape of `apiVersion` (the newest when
 * absent): a field the version did not have is not sent.
 */
export function managedClusterResource(
  ctx: SandboxContext,
  cluster: ClusterState,
  apiVersion = '9999-12-31',
) {
  const r = cluster.record;
  const dnsPrefix = r.fqdn.split('.')[0].replace(/-[a-z0-9]{8}$/, '');
  const nodeResourceGroup = `MC_${r.resourceGroup}_${r.name}_${r.location}`;
  const eTag = createHash('sha256')
    .update(JSON.stringify(r))
    .digest('hex')
    .slice(0, 8);
  return {
    id: r.id,
    eTag,
    tags: {},
    location: r.location,
    name: r.name,
    type: TYPE,
    sku: { name: 'Base', tier: 'Standard' },
    identity: { type: 'SystemAssigned', tenantId: ctx.store.state.tenantId },
    properties: {
      provisioningState: 'Succeeded',
      powerState: { code: 'Running' },
      kubernetesVersion: r.kubernetesVersion,
      currentKubernetesVersion: r.kubernetesVersion,
      dnsPrefix,
      fqdn: r.fqdn,
      azurePortalFQDN: r.fqdn.replace(/^([^.]+)\./, '$1.portal.'),
      agentPoolProfiles: [
        {
          name: 'nodepool1',
          count: 3,
          vmSize: 'Standard_D4ds_v5',
          osType: 'Linux',
          mode: 'System',
          type: 'VirtualMachineScaleSets',
          maxPods: 250,
          provisioningState: 'Succeeded',
          availabilityZones: ['1', '2', '3'],
          enableNodePublicIP: false,
          eTag,
          nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202510.03.0',
          orchestratorVersion: r.kubernetesVersion,
          currentOrchestratorVersion: r.kubernetesVersion,
        },
      ],
      enableRBAC: r.enableRBAC,
      aadProfile: r.aadProfile
        ? {
            ...(has(apiVersion, SINCE.managedAad)
              ? {
                  managed: r.aadProfile.managed,
                  adminGroupObjectIDs:
                    r.aadProfile.adminGroupObjectIDs.length > 0
                      ? r.aadProfile.adminGroupObjectIDs
                      : null,
                }
              : {}),
            ...(has(apiVersion, SINCE.azureRbac)
              ? { enableAzureRBAC: r.aadProfile.enableAzureRBAC }
              : {}),
            tenantID: r.aadProfile.tenantID,
          }
        : undefined,
      ...(has(apiVersion, SINCE.disableLocalAccounts)
        ? { disableLocalAccounts: r.disableLocalAccounts }
        : {}),
      ...(has(apiVersion, SINCE.oidcIssuer)
        ? {
            oidcIssuerProfile: {
              enabled: r.oidcIssuerProfile.enabled,
              issuerURL: issuerUrl(ctx, cluster),
            },
          }
        : {}),
      ...(has(apiVersion, SINCE.securityProfile)
        ? {
            securityProfile: has(apiVersion, SINCE.workloadIdentity)
              ? { workloadIdentity: { enabled: r.workloadIdentityEnabled } }
              : {},
          }
        : {}),
      servicePrincipalProfile: { clientId: 'msi' },
      nodeResourceGroup,
      networkProfile: {
        networkPlugin: 'azure',
        networkPluginMode: 'overlay',
        networkPolicy: 'calico',
        loadBalancerSku: 'standard',
        outboundType: 'loadBalancer',
        loadBalancerProfile: {
          managedOutboundIPs: { count: 1 },
          effectiveOutboundIPs: [
            {
              id: `/subscriptions/${r.subscriptionId}/resourceGroups/${nodeResourceGroup}/providers/Microsoft.Network/publicIPAddresses/${r.name}-outbound-ip`,
            },
          ],
          allocatedOutboundPorts: 0,
          idleTimeoutInMinutes: 30,
          backendPoolType: 'nodeIPConfiguration',
        },
        podCidr: '10.244.0.0/16',
        podCidrs: ['10.244.0.0/16'],
        serviceCidr: '10.0.0.0/16',
        serviceCidrs: ['10.0.0.0/16'],
        dnsServiceIP: '10.0.0.10',
        ipFamilies: ['IPv4'],
      },
      maxAgentPools: 100,
    },
  };
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The cluster at `/subscriptions/{sub}/resourceGroups/{rg}/…/managedClusters/{name}`. */
export function requireCluster(
  req: ArmRequest,
  sub: string,
  rg: string,
  name: string,
): ClusterState {
  const cluster = Object.values(req.ctx.store.state.clusters).find(
    c =>
      same(c.record.name, name) &&
      same(c.record.resourceGroup, rg) &&
      same(c.record.subscriptionId, sub),
  );
  if (!cluster) throw resourceNotFound(TYPE, name, rg);
  return cluster;
}

/**
 * The kubeconfig AKS hands out: for Entra clusters an exec entry for
 * kubelogin (the only format since Kubernetes 1.26), otherwise the static
 * credential of the local account. With a namespace, the context is in it
 * (a managed namespace's listCredential).
 */
export function kubeconfig(
  ctx: SandboxContext,
  cluster: ClusterState,
  kind: 'clusterUser' | 'clusterAdmin',
  namespace?: string,
): string {
  const r = cluster.record;
  const userName = `${kind}_${r.resourceGroup}_${r.name}`;
  const user =
    kind === 'clusterUser' && r.aadProfile
      ? {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1beta1',
            command: 'kubelogin',
            args: [
              'get-token',
              '--login',
              'devicecode',
              '--server-id',
              AKS_SERVER_APP_ID,
              '--client-id',
              KUBELOGIN_CLIENT_ID,
              '--tenant-id',
              r.aadProfile.tenantID,
              '--environment',
              'AzurePublicCloud',
            ],
            env: null,
            installHint:
              '\nkubelogin is not installed which is required to connect to AAD enabled cluster.\n\nTo learn more, please go to https://aka.ms/aks/kubelogin\n',
            provideClusterInfo: false,
            interactiveMode: 'IfNeeded',
          },
        }
      : { token: cluster.localAdminToken };
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: r.name,
        cluster: {
          'certificate-authority-data': Buffer.from(ctx.caPem).toString(
            'base64',
          ),
          server: ctx.urls.clusterApi(clusterKeyOf(ctx.store.state, cluster)),
        },
      },
    ],
    contexts: [
      {
        name: r.name,
        context: {
          cluster: r.name,
          ...(namespace ? { namespace } : {}),
          user: userName,
        },
      },
    ],
    'current-context': r.name,
    preferences: {},
    users: [{ name: userName, user }],
  });
}

export function credentialResults(name: string, config: string) {
  return {
    kubeconfigs: [{ name, value: Buffer.from(config).toString('base64') }],
  };
}

const RG =
  '/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.ContainerService/managedClusters';

function listClusters(req: ArmRequest, sub: string, rg?: string) {
  const value = Object.values(req.ctx.store.state.clusters)
    .filter(
      c =>
        same(c.record.subscriptionId, sub) &&
        (!rg || same(c.record.resourceGroup, rg)),
    )
    .map(c => managedClusterResource(req.ctx, c, req.apiVersion));
  return { status: 200, body: { value } };
}

export const managedClusterRoutes: ArmRoute[] = [
  {
    type: 'managedClusters',
    pattern: new RegExp(`^${RG}/([^/]+)$`, 'i'),
    operation: TYPE,
    methods: {
      async GET(req, [, sub, rg, name]) {
        return {
          status: 200,
          body: managedClusterResource(
            req.ctx,
            requireCluster(req, sub, rg, name),
            req.apiVersion,
          ),
        };
      },
    },
  },
  {
    type: 'managedClusters',
    pattern: new RegExp(`^${RG}/([^/]+)/listClusterUserCredential$`, 'i'),
    operation: `${TYPE}/listClusterUserCredential`,
    methods: {
      async POST(req, [, sub, rg, name]) {
        const format = req.query.get('format');
        if (format && !['azure', 'exec'].includes(format.toLowerCase())) {
          throw new ArmError(
            400,
            'InvalidParameter',
            `The value of parameter format is invalid: '${format}'. Allowed values are 'azure', 'exec'.`,
          );
        }
        const cluster = requireCluster(req, sub, rg, name);
        return {
          status: 200,
          body: credentialResults(
            'clusterUser',
            kubeconfig(req.ctx, cluster, 'clusterUser'),
          ),
        };
      },
    },
  },
  {
    type: 'managedClusters',
    pattern: new RegExp(`^${RG}/([^/]+)/listClusterAdminCredential$`, 'i'),
    operation: `${TYPE}/listClusterAdminCredential`,
    methods: {
      async POST(req, [, sub, rg, name]) {
        const cluster = requireCluster(req, sub, rg, name);
        if (cluster.record.disableLocalAccounts) {
          throw new ArmError(
            400,
            'BadRequest',
            'Getting static credential is not allowed because this cluster is set to disable local accounts.',
          );
        }
        return {
          status: 200,
          body: credentialResults(
            'clusterAdmin',
            kubeconfig(req.ctx, cluster, 'clusterAdmin'),
          ),
        };
      },
    },
  },
  {
    type: 'managedClusters',
    pattern: new RegExp(`^${RG}$`, 'i'),
    operation: TYPE,
    collection: true,
    methods: { GET: async (req, [, sub, rg]) => listClusters(req, sub, rg) },
  },
  {
    type: 'managedClusters',
    pattern:
      /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.ContainerService\/managedClusters$/i,
    operation: TYPE,
    collection: true,
    methods: { GET: async (req, [, sub]) => listClusters(req, sub) },
  },
];
