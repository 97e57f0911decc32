/*
 * The sandbox at --scale large, measured with the real clients:
 * LIST of every RoleBinding paged at 500, single GET p95, a role-assignment
 * list at a cluster scope through ARM, and the process RSS.
 * Targets (issue 3): ≤ 2 s, ≤ 5 ms, ≤ 1 s, ≤ 1 GB.
 * LIST, GET and the role-assignment list are measured on the wire (one
 * keep-alive HTTPS connection, i.e. the sandbox's own cost) and through the
 * client (client-node, @azure/arm-authorization), whose model
 * deserialisation and connection setup add their own.
 */
import https from 'node:https';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ClientSecretCredential } from '@azure/identity';
import { KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { startSandbox } from '../../packages/aks-sandbox/src';

const ms = (n: number) => `${n.toFixed(1)} ms`;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

function wireGet(url: string, token: string, agent: https.Agent): Promise<any> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { agent, headers: { authorization: `Bearer ${token}` } }, res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      })
      .on('error', reject);
  });
}

async function wireFigures(cluster: { apiServerUrl: string; adminToken: string }, agent: https.Agent, targets: { name: string; namespace: string }[]) {
  const base = `${cluster.apiServerUrl}/apis/rbac.authorization.k8s.io/v1`;
  const started = performance.now();
  let token: string | undefined;
  do {
    const page = await wireGet(`${base}/rolebindings?limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`, cluster.adminToken, agent);
    token = page.metadata.continue;
  } while (token);
  const list = performance.now() - started;
  const gets: number[] = [];
  for (const t of targets) {
    const s = performance.now();
    await wireGet(`${base}/namespaces/${t.namespace}/rolebindings/${t.name}`, cluster.adminToken, agent);
    gets.push(performance.now() - s);
  }
  return { list, gets };
}

export async function main() {
  let started = performance.now();
  const sandbox = await startSandbox({ seed: 'large' });
  process.stdout.write(`large world started in ${ms(performance.now() - started)}\n`);
  try {
    const agent = new https.Agent({ ca: sandbox.caPem, keepAlive: true, maxSockets: 1 });
    let listTotal = 0;
    let wireList = 0;
    let bindings = 0;
    const gets: number[] = [];
    const wireGets: number[] = [];
    for (const cluster of sandbox.clusters) {
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [{ name: cluster.name, server: cluster.apiServerUrl, caData: cluster.caData }],
        users: [{ name: 'admin', token: cluster.adminToken }],
        contexts: [{ name: 'c', cluster: cluster.name, user: 'admin' }],
        currentContext: 'c',
      });
      const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
      const names: { name: string; namespace: string }[] = [];
      started = performance.now();
      let token: string | undefined;
      do {
        const page = await rbac.listRoleBindingForAllNamespaces({ limit: 500, _continue: token });
        for (const item of page.items) names.push({ name: item.metadata!.name!, namespace: item.metadata!.namespace! });
        token = page.metadata?._continue;
      } while (token);
      listTotal += performance.now() - started;
      bindings += names.length;
      const targets = Array.from({ length: 250 }, (_, i) => names[(i * 7919) % names.length]);
      for (const target of targets) {
        const t = performance.now();
        await rbac.readNamespacedRoleBinding(target);
        gets.push(performance.now() - t);
      }
      const wire = await wireFigures(cluster, agent, targets);
      wireList += wire.list;
      wireGets.push(...wire.gets);
    }
    process.stdout.write(`LIST all RoleBindings (${bindings}) paged at 500: ${ms(wireList)} on the wire, ${ms(listTotal)} via client-node (target ≤ 2000 ms)\n`);
    process.stdout.write(`GET RoleBinding p95 over ${gets.length}: ${ms(p95(wireGets))} on the wire, ${ms(p95(gets))} via client-node (target ≤ 5 ms)\n`);

    const credential = new ClientSecretCredential(sandbox.tenantId, sandbox.adminApp.clientId, sandbox.adminApp.clientSecret, {
      authorityHost: sandbox.authorityHost,
      disableInstanceDiscovery: true,
      agent,
    } as any);
    const arm = new AuthorizationManagementClient(credential, sandbox.subscriptionId, { endpoint: sandbox.armUrl, agent } as any);
    const clusterId = sandbox.ctx.store.state.clusters[sandbox.clusters[0].name].record.id;
    const armToken = (await credential.getToken('https://management.azure.com/.default'))!.token;
    const sdkList = async () => {
      const t = performance.now();
      let n = 0;
      for await (const _ of arm.roleAssignments.listForScope(clusterId)) n++;
      return { n, ms: performance.now() - t };
    };
    // The first call through the SDK as before, then the sandbox's share on the wire, then the SDK warm.
    const first = await sdkList();
    started = performance.now();
    await wireGet(`${sandbox.armUrl}${clusterId}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`, armToken, agent);
    const wireAssignments = performance.now() - started;
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push((await sdkList()).ms);
    const median = [...warm].sort((a, b) => a - b)[2];
    process.stdout.write(`role assignments at ${sandbox.clusters[0].name} scope (${first.n}): ${ms(wireAssignments)} on the wire, ${ms(first.ms)} via the SDK (first call), ${ms(median)} warm median of 5 (target ≤ 1000 ms)\n`);
    agent.destroy();

    process.stdout.write(`RSS: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB (target ≤ 1024 MB)\n`);
  } finally {
    await sandbox.stop();
  }
}
