import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createArmHandler } from './arm/server';
import type {
  FaultConfig,
  SandboxContext,
  SandboxUrls,
  StateChange,
} from './context';
import { createGraphHandler } from './entra/graph';
import { createEntraHandler } from './entra/server';
import {
  createKubernetesApiServer,
  KubernetesApiServer,
} from './kubernetes/apiServer';
import { superuserToken } from './kubernetes/superuserToken';
import {
  DEMO_ADMIN_APP,
  DEMO_TENANT_ID,
  SANDBOX_OPERATOR_APP,
} from './seed/demoWorld';
import { buildSeed, SeedName } from './seed';
import { OpenedStore, openStore } from './state/store';
import { servedSubscriptions } from './state/clusters';
import { issueServerCertificate, loadOrCreateCa } from './tls';

export interface StartSandboxOptions {
  /** Where state, CA and ports persist; in memory when omitted. */
  dataDir?: string;
  /** The world to create on first start (ignored when dataDir already has state). Default `demo`. */
  seed?: SeedName;
  faults?: FaultConfig;
  /** Serve only these clusters' API servers (default: every cluster in the state). */
  clusters?: string[];
  /** The address to listen on and put in URLs. Default 127.0.0.1. */
  host?: string;
}

export interface SandboxCluster {
  /** The cluster's key: its ARM name, unless another subscription's cluster has that name too. */
  name: string;
  /** The AKS resource's name. */
  clusterName: string;
  subscriptionId: string;
  /** The AKS resource's resource group, in `subscriptionId`. */
  resourceGroup: string;
  apiServerUrl: string;
  /** base64 of the CA PEM, as kubeconfig's certificate-authority-data */
  caData: string;
  oidcIssuerUrl: string;
  /** a sandbox superuser token (system:masters) valid on every cluster */
  adminToken: string;
  /** the cluster's local admin credential; only accepted while local accounts are enabled */
  localAdminToken: string;
}

export interface SandboxUser {
  name: string;
  userPrincipalName: string;
  objectId: string;
  token: string;
}

export interface RunningSandbox {
  clusters: SandboxCluster[];
  armUrl: string;
  authorityHost: string;
  /** Microsoft Graph's base URL: `${graphUrl}/v1.0/directoryObjects/{id}` */
  graphUrl: string;
  tenantId: string;
  /** The first subscription. */
  subscriptionId: string;
  /** Every subscription ARM serves, the first one first. */
  subscriptions: string[];
  caPem: string;
  /** the backend's app registration: least privilege, as docs/production.md grants it */
  adminApp: { clientId: string; clientSecret: string };
  /** the sandbox operator's app registration: Owner of the subscription, for setting the world up */
  operatorApp: { clientId: string; clientSecret: string };
  users: SandboxUser[];
  store: OpenedStore;
  ctx: SandboxContext;
  stop(): Promise<void>;
}

interface Ports {
  arm?: number;
  entra?: number;
  graph?: number;
  clusters?: Record<string, number>;
}

/** Kept so that a restart serves on the same URLs the client files name. */
export const PORTS_FILE = 'ports.json';

function readPorts(dataDir: string | undefined): Ports {
  const file = dataDir && path.join(dataDir, PORTS_FILE);
  return file && fs.existsSync(file)
    ? JSON.parse(fs.readFileSync(file, 'utf8'))
    : {};
}

/** Listens on the port used last time for this data folder, or any free one if it is taken. */
function listen(
  server: https.Server,
  host: string,
  port: number | undefined,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (port && error.code === 'EADDRINUSE')
        listen(server, host, undefined).then(resolve, reject);
      else reject(error);
    };
    server.once('error', onError);
    server.listen(port ?? 0, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: https.Server): Promise<void> {
  return new Promise(resolve => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Starts the sandbox: ARM, Entra and one Kubernetes API server per cluster,
 * all over HTTPS with the sandbox CA, sharing one state store.
 */
export async function startSandbox(
  options: StartSandboxOptions = {},
): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  const { dataDir } = options;
  const ca = loadOrCreateCa(dataDir);
  const certificate = issueServerCertificate(ca, [
    ...new Set(['localhost', '127.0.0.1', host]),
  ]);
  const newServer = () =>
    https.createServer({ cert: certificate.certPem, key: certificate.keyPem });
  const previousPorts = readPorts(dataDir);

  const armServer = newServer();
  const entraServer = newServer();
  const armPort = await listen(armServer, host, previousPorts.arm);
  const entraPort = await listen(entraServer, host, previousPorts.entra);
  const graphServer = newServer();
  const graphPort = await listen(graphServer, host, previousPorts.graph);
  const base = (port: number) => `https://${host}:${port}`;
  const clusterPorts = new Map<string, number>();
  // Seeds are built for the demo tenant; a persisted state names its own.
  let tenantId = DEMO_TENANT_ID;
  const urls: SandboxUrls = {
    arm: base(armPort),
    authorityHost: base(entraPort),
    graph: base(graphPort),
    clusterApi: name => base(clusterPorts.get(name) ?? 0),
    oidcIssuer: name => `${base(entraPort)}/oidc/${tenantId}/${name}/`,
  };
  const store: OpenedStore = openStore(dataDir, () =>
    buildSeed(options.seed ?? 'demo', urls),
  );
  tenantId = store.state.tenantId;

  const ctx: SandboxContext = {
    store,
    faults: options.faults ?? {},
    urls,
    caPem: ca.certPem,
  };
  armServer.on('request', createArmHandler(ctx));
  entraServer.on('request', createEntraHandler(ctx));
  graphServer.on('request', createGraphHandler(ctx));

  const names = Object.keys(store.state.clusters).filter(
    n => !options.clusters || options.clusters.includes(n),
  );
  const kubeServers: { server: https.Server; api: KubernetesApiServer }[] = [];
  for (const name of names) {
    const server = newServer();
    clusterPorts.set(
      name,
      await listen(server, host, previousPorts.clusters?.[name]),
    );
    const api = createKubernetesApiServer(ctx, name);
    server.on('request', api.handle);
    kubeServers.push({ server, api });
  }
  await rebindIssuers(ctx, names);
  if (dataDir) {
    const ports: Ports = {
      arm: armPort,
      entra: entraPort,
      graph: graphPort,
      clusters: Object.fromEntries(clusterPorts),
    };
    fs.writeFileSync(
      path.join(dataDir, PORTS_FILE),
      `${JSON.stringify(ports, null, 2)}\n`,
    );
  }

  const state = store.state;
  const admin = superuserToken(state);
  const credentialsOf = (appId: string) => {
    const app = state.directory.apps.find(a => a.appId === appId);
    return { clientId: appId, clientSecret: app?.clientSecrets[0] ?? '' };
  };
  return {
    clusters: names.map(name => ({
      name,
      clusterName: state.clusters[name].record.name,
      subscriptionId: state.clusters[name].record.subscriptionId,
      resourceGroup: state.clusters[name].record.resourceGroup,
      apiServerUrl: urls.clusterApi(name),
      caData: Buffer.from(ca.certPem).toString('base64'),
      oidcIssuerUrl: urls.oidcIssuer(name),
      adminToken: admin,
      localAdminToken: state.clusters[name].localAdminToken,
    })),
    armUrl: urls.arm,
    authorityHost: urls.authorityHost,
    graphUrl: urls.graph,
    tenantId: state.tenantId,
    subscriptionId: state.subscriptionId,
    subscriptions: servedSubscriptions(state),
    caPem: ca.certPem,
    adminApp: credentialsOf(DEMO_ADMIN_APP.appId),
    operatorApp: credentialsOf(SANDBOX_OPERATOR_APP.appId),
    users: state.directory.users.map(u => ({
      name: u.userPrincipalName.split('@')[0],
      userPrincipalName: u.userPrincipalName,
      objectId: u.objectId,
      token: u.token,
    })),
    store,
    ctx,
    async stop() {
      for (const { api } of kubeServers) api.close();
      await Promise.all([
        close(armServer),
        close(entraServer),
        close(graphServer),
        ...kubeServers.map(k => close(k.server)),
      ]);
      store.close();
    },
  };
}

/**
 * Issuer URLs contain the Entra port. When a restart had to take another
 * port, the cluster records and the FICs that named the old issuer move
 * with it, as they would have been configured against the new one.
 */
async function rebindIssuers(ctx: SandboxContext, names: string[]) {
  const changes: StateChange[] = [];
  const state = ctx.store.state;
  for (const name of names) {
    const record = state.clusters[name].record;
    const issuer = ctx.urls.oidcIssuer(name);
    const previous = record.oidcIssuerProfile.issuerURL;
    if (!record.oidcIssuerProfile.enabled || previous === issuer) continue;
    changes.push({
      path: ['clusters', name, 'record', 'oidcIssuerProfile'],
      value: { ...record.oidcIssuerProfile, issuerURL: issuer },
    });
    for (const [key, identity] of Object.entries(state.identities)) {
      if (
        !identity.federatedIdentityCredentials.some(f => f.issuer === previous)
      )
        continue;
      changes.push({
        path: ['identities', key, 'federatedIdentityCredentials'],
        value: identity.federatedIdentityCredentials.map(f =>
          f.issuer === previous ? { ...f, issuer } : f,
        ),
      });
    }
  }
  if (changes.length) await ctx.store.commit(changes);
}
