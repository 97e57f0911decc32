import path from 'node:path';
import { BACKSTAGE_CONFIG_FILE, writeClientFiles } from './clientFiles';
import type { FaultConfig } from './context';
import { resetDataDir } from './reset';
import type { SeedName } from './seed';
import { RunningSandbox, startSandbox } from './startSandbox';
import { CA_CERT_FILE } from './tls';

const USAGE = `Usage: sandbox start [--data-dir .sandbox] [--scale small|large|xlarge] [--seed demo|empty] [--faults k=v,...] [--host 127.0.0.1]
       sandbox reset [--data-dir .sandbox]

start                              serves the world kept in the data dir (created on first start), and writes
                                   kubeconfig, ca.pem, credentials.json and app-config.sandbox.yaml there
reset                              deletes the data dir's sandbox state, so the next start creates a fresh world;
                                   refuses when the dir holds files the sandbox did not write. Stop the sandbox first:
                                   a running one writes its state back when it stops.

Scale:
  small (default)                  the demo world: the catalog's people and teams, aks-prod-weu and aks-dev-neu
  large                            the demo plus a third cluster, aks-bench-eus (Azure RBAC), and 10,000 namespaces,
                                   100,000 RoleBindings, and 2,000 identities with a role assignment each over the three
  xlarge                           a fleet: 30 clusters (Azure RBAC and Kubernetes RBAC) over 10 subscriptions,
                                   100,000 namespaces, 1,000,000 RoleBindings, each subscription's role assignments
                                   just under Azure's 4,000, and the large directory (about 20 s to generate)

Faults (all off by default):
  latency=<ms>                     added to every call
  armThrottle=<capacity>/<perSec>  ARM token bucket per subscription (429 + Retry-After)
  kubeThrottle=<capacity>/<perSec> Kubernetes token bucket per cluster (429 + Retry-After)
  principalReplication=<ms>        new principals are PrincipalNotFound for this long unless principalType is set
  ficConcurrency=<ms>              overlapping FIC writes on one identity get 409
  armErrorRate=<0..1>              random 500/503 from ARM
  kubeErrorRate=<0..1>             random 500/503 Status from the Kubernetes API servers`;

export function parseFaults(spec: string | undefined): FaultConfig {
  const faults: FaultConfig = {};
  for (const item of (spec ?? '').split(',').filter(Boolean)) {
    const [key, value = ''] = item.split('=');
    const bucket = () => {
      const [capacity, refillPerSecond] = value.split('/').map(Number);
      if (!(capacity > 0) || !(refillPerSecond > 0))
        throw new Error(
          `--faults ${key} needs <capacity>/<refillPerSecond>, got "${value}"`,
        );
      return { capacity, refillPerSecond };
    };
    const number = () => {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0)
        throw new Error(`--faults ${key} needs a number, got "${value}"`);
      return n;
    };
    switch (key) {
      case 'latency':
        faults.latencyMs = number();
        break;
      case 'armThrottle':
        faults.armThrottle = bucket();
        break;
      case 'kubeThrottle':
        faults.kubeThrottle = bucket();
        break;
      case 'principalReplication':
        faults.principalReplicationMs = number();
        break;
      case 'ficConcurrency':
        faults.ficConcurrencyWindowMs = number();
        break;
      case 'armErrorRate':
        faults.armErrorRate = number();
        break;
      case 'kubeErrorRate':
        faults.kubeErrorRate = number();
        break;
      default:
        throw new Error(`Unknown fault "${key}"`);
    }
  }
  return faults;
}

function parseArgs(argv: string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = argv[i].match(/^--([^=]+)(?:=(.*))?$/);
    if (!m) throw new Error(`Unexpected argument "${argv[i]}"`);
    args[m[1]] = m[2] ?? argv[++i] ?? '';
  }
  return args;
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command !== 'start' && command !== 'reset') {
    process.stdout.write(`${USAGE}\n`);
    process.exitCode = command ? 1 : 0;
    return;
  }
  const args = parseArgs(rest);
  // `yarn sandbox` runs in the package folder; paths are relative to where the user typed it.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  if (command === 'reset') {
    reset(dataDirOf(args, cwd));
    return;
  }
  const sandbox = await start(args, cwd);
  const shutdown = () => {
    sandbox.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

function dataDirOf(args: Record<string, string>, cwd: string) {
  return path.resolve(cwd, args['data-dir'] ?? '.sandbox');
}

/** `sandbox start` short of waiting for a signal, so that tests can stop it. */
export async function start(
  args: Record<string, string>,
  cwd: string,
): Promise<RunningSandbox> {
  const dataDir = dataDirOf(args, cwd);
  const seed = (args.seed ??
    (args.scale === 'large' || args.scale === 'xlarge'
      ? args.scale
      : 'demo')) as SeedName;
  if (!['demo', 'large', 'xlarge', 'empty'].includes(seed))
    throw new Error(`Unknown seed "${seed}"`);
  const started = Date.now();
  const sandbox = await startSandbox({
    dataDir,
    seed,
    faults: parseFaults(args.faults),
    host: args.host,
  });
  writeClientFiles(dataDir, sandbox);
  const relative = path.relative(cwd, dataDir) || '.';
  const rel = relative.startsWith('..') ? dataDir : relative;
  const firstCluster = sandbox.clusters[0]?.name ?? '';
  process.stdout.write(
    [
      `AKS sandbox running (started in ${
        Date.now() - started
      } ms), state in ${dataDir}`,
      `  ARM:     ${sandbox.armUrl}`,
      `  Entra:   ${sandbox.authorityHost} (tenant ${sandbox.tenantId})`,
      `  Graph:   ${sandbox.graphUrl}`,
      ...sandbox.clusters.map(
        c => `  ${c.name}: ${c.apiServerUrl}  (issuer ${c.oidcIssuerUrl})`,
      ),
      '',
      'Try:',
      `  KUBECONFIG=${rel}/kubeconfig kubectl get ns`,
      `  KUBECONFIG=${rel}/kubeconfig kubectl --context ${firstCluster}-alice auth can-i list pods -n payments-api`,
      `  Contexts: <cluster>-admin and <cluster>-<user> for ${sandbox.users
        .map(u => u.name)
        .join(', ')}`,
      `  Azure SDKs: trust ${rel}/${CA_CERT_FILE} (NODE_EXTRA_CA_CERTS), credentials in ${rel}/credentials.json`,
      '  The aks-access backend on its production config against this sandbox:',
      `    NODE_EXTRA_CA_CERTS=${rel}/${CA_CERT_FILE} yarn start --config app-config.yaml --config ${rel}/${BACKSTAGE_CONFIG_FILE}`,
      '',
      'Ctrl-C stops it; state survives restarts (`sandbox reset` starts over).',
      '',
    ].join('\n'),
  );
  return sandbox;
}

function reset(dataDir: string) {
  const result = resetDataDir(dataDir);
  switch (result.outcome) {
    case 'reset':
      process.stdout.write(
        `Removed the sandbox state in ${dataDir} (${result.removed.join(
          ', ',
        )}); the next start creates a fresh world.\n`,
      );
      return;
    case 'nothing':
      process.stdout.write(
        `Nothing to reset: ${dataDir} ${
          result.reason === 'missing' ? 'does not exist' : 'is empty'
        }.\n`,
      );
      return;
    case 'refused':
      process.stderr.write(
        `Refusing to reset ${dataDir}: it holds what the sandbox did not write (${result.foreign.join(
          ', ',
        )}). Is --data-dir right? Nothing was deleted.\n`,
      );
      process.exitCode = 1;
      return;
    default:
      throw new Error('unreachable');
  }
}
