import { performance } from 'node:perf_hooks';
import {
  SandboxCalls,
  sandboxPorts,
  startSandbox,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';
import type { ParentMessage, SandboxDescription } from './sandboxProcess';

/** Starts the seeded sandbox, describes it to the parent, and answers its calls-since questions. */
export async function main() {
  const seed = process.env.BENCH_SANDBOX_SEED as 'large' | 'xlarge';
  const sandbox = await startSandbox({ seed });
  const calls = new SandboxCalls(() => sandboxPorts(sandbox));
  const identities = Object.values(sandbox.store.state.identities);
  const description: SandboxDescription = {
    tenantId: sandbox.tenantId,
    adminApp: sandbox.adminApp,
    armUrl: sandbox.armUrl,
    authorityHost: sandbox.authorityHost,
    graphUrl: sandbox.graphUrl,
    caPem: sandbox.caPem,
    clusters: sandbox.clusters,
    subscriptions: sandbox.subscriptions,
    identitiesPerSubscription: sandbox.subscriptions.map(
      s =>
        identities.filter(
          i => i.subscriptionId.toLowerCase() === s.toLowerCase(),
        ).length,
    ),
  };
  let mark = 0;
  process.on('message', async (message: ParentMessage) => {
    if (message.type === 'mark') {
      mark = performance.now();
      process.send!({ type: 'marked' });
    } else if (message.type === 'calls') {
      process.send!({ type: 'calls', calls: calls.since(mark) });
    } else if (message.type === 'stop') {
      calls.close();
      await sandbox.stop();
      process.exit(0);
    }
  });
  process.send!({ type: 'ready', description });
}
