/*
 * Starts the ARM and Entra handlers over HTTPS on a small in-memory world, for
 * the tests in arm/ and entra/ until startSandbox can host them.
 */
import { generateKeyPairSync, randomUUID } from 'crypto';
import https from 'https';
import type { AddressInfo } from 'net';
import type { FaultConfig, SandboxContext, SandboxUrls } from '../context';
import { createEntraHandler } from '../entra/server';
import { DEMO_ADMIN_APP, DEMO_CLUSTERS, DEMO_GROUPS, DEMO_SUBSCRIPTION_ID, DEMO_TENANT_ID, DEMO_USERS } from '../seed/demoWorld';
import { openStore } from '../state/store';
import type { ClusterState, SandboxState } from '../state/types';
import { issueServerCertificate, loadOrCreateCa } from '../tls';
import { createArmHandler } from './server';

export interface TestSandbox {
  ctx: SandboxContext;
  armUrl: string;
  authorityHost: string;
  caPem: string;
  /** trusts the sandbox CA; pass as `agent` to Azure SDK clients and credentials */
  agent: https.Agent;
  stop(): Promise<void>;
}

const rsaPem = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;

function cluster(spec: (typeof DEMO_CLUSTERS)[keyof typeof DEMO_CLUSTERS], urls: SandboxUrls): ClusterState {
  return {
    record: {
      id: `/subscriptions/${DEMO_SUBSCRIPTION_ID}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${spec.name}`,
      name: spec.name,
      location: spec.location,
      resourceGroup: spec.resourceGroup,
      subscriptionId: DEMO_SUBSCRIPTION_ID,
      kubernetesVersion: spec.kubernetesVersion,
      fqdn: `${spec.name}-dns-1a2b3c4d.hcp.${spec.location}.azmk8s.io`,
      enableRBAC: true,
      disableLocalAccounts: spec.disableLocalAccounts,
      aadProfile: {
        managed: true,
        enableAzureRBAC: spec.enableAzureRBAC,
        adminGroupObjectIDs: [...spec.adminGroupObjectIDs],
        tenantID: DEMO_TENANT_ID,
      },
      oidcIssuerProfile: { enabled: spec.oidcIssuer, issuerURL: urls.oidcIssuer(spec.name) },
      workloadIdentityEnabled: spec.workloadIdentity,
    },
    signingKeyPem: rsaPem(),
    resourceVersion: 1,
    objects: {},
    localAdminToken: randomUUID(),
  };
}

function minimalState(urls: SandboxUrls): SandboxState {
  return {
    version: 1,
    tenantId: DEMO_TENANT_ID,
    subscriptionId: DEMO_SUBSCRIPTION_ID,
    tenantSigningKeyPem: rsaPem(),
    directory: {
      users: Object.values(DEMO_USERS).map(u => ({
        objectId: u.objectId,
        userPrincipalName: `${u.name}@contoso.example`,
        displayName: u.displayName,
        token: `${u.name}-token`,
      })),
      groups: Object.values(DEMO_GROUPS).map(g => ({
        objectId: g.objectId,
        displayName: g.name,
        members: Object.values(DEMO_USERS)
          .filter(u => (u.groups as readonly string[]).includes(g.name))
          .map(u => u.objectId),
      })),
      apps: [{ ...DEMO_ADMIN_APP, clientSecrets: [DEMO_ADMIN_APP.clientSecret] }],
      servicePrincipals: [
        { objectId: DEMO_ADMIN_APP.servicePrincipalId, appId: DEMO_ADMIN_APP.appId, displayName: DEMO_ADMIN_APP.displayName, createdAt: 0 },
      ],
    },
    clusters: {
      [DEMO_CLUSTERS.prod.name]: cluster(DEMO_CLUSTERS.prod, urls),
      [DEMO_CLUSTERS.dev.name]: cluster(DEMO_CLUSTERS.dev, urls),
    },
    roleAssignments: {},
    identities: {},
  };
}

function listen(server: https.Server): Promise<string> {
  return new Promise(resolve =>
    server.listen(0, '127.0.0.1', () => resolve(`https://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

export async function startTestSandbox(faults: FaultConfig = {}): Promise<TestSandbox> {
  const ca = loadOrCreateCa(undefined);
  const cert = issueServerCertificate(ca);
  const armServer = https.createServer({ cert: cert.certPem, key: cert.keyPem });
  const entraServer = https.createServer({ cert: cert.certPem, key: cert.keyPem });
  const [armUrl, authorityHost] = await Promise.all([listen(armServer), listen(entraServer)]);
  const urls: SandboxUrls = {
    arm: armUrl,
    authorityHost,
    clusterApi: name => `https://127.0.0.1:1/${name}`,
    oidcIssuer: name => `${authorityHost}/oidc/${DEMO_TENANT_ID}/${name}/`,
  };
  const ctx: SandboxContext = {
    store: openStore(undefined, () => minimalState(urls)),
    faults,
    urls,
    caPem: ca.certPem,
  };
  armServer.on('request', createArmHandler(ctx));
  entraServer.on('request', createEntraHandler(ctx));
  const agent = new https.Agent({ ca: ca.certPem, keepAlive: true });
  const close = (s: https.Server) => new Promise<void>(resolve => {
    s.close(() => resolve());
    s.closeAllConnections();
  });
  return {
    ctx,
    armUrl,
    authorityHost,
    caPem: ca.certPem,
    agent,
    async stop() {
      agent.destroy();
      await Promise.all([close(armServer), close(entraServer)]);
    },
  };
}
