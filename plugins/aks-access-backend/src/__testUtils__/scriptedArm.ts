import { RestError } from '@azure/core-rest-pipeline';
import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { ManagedServiceIdentityClient } from '@azure/arm-msi';
import { ArmClients } from '../azure/ArmClients';

/**
 * What one read does: answer normally, fail as ARM's gateway does, or read
 * the real answer and deliver it late (a slow response that is stale on
 * arrival). Random sandbox faults cannot order two refreshes on demand;
 * this can.
 */
export type ReadStep = 'pass' | 'fail' | { deliverAfterMs: number };

/**
 * The reads of one ARM list operation, counted per key (the identity for FIC
 * lists, the subscription for role assignments), since a refresh reads
 * several identities at once.
 */
export class ScriptedReads {
  private readonly counts = new Map<string, number>();
  private readonly waiters: Array<{
    key: string;
    call: number;
    resolve(): void;
  }> = [];

  constructor(
    public script: (call: number, key: string) => ReadStep = () => 'pass',
  ) {}

  calls(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** Resolves once the `call`-th read (1-based) of `key` has had its answer from ARM. */
  answered(key: string, call: number): Promise<void> {
    return new Promise(resolve => this.waiters.push({ key, call, resolve }));
  }

  async run<T>(key: string, read: () => Promise<T>): Promise<T> {
    const call = this.calls(key) + 1;
    this.counts.set(key, call);
    const step = this.script(call, key);
    if (step === 'fail') {
      throw new RestError('injected: 503 Service Unavailable', {
        statusCode: 503,
      });
    }
    const answer = await read();
    for (const w of this.waiters) {
      if (w.key === key && w.call === call) w.resolve();
    }
    if (step !== 'pass') {
      await new Promise(r => setTimeout(r, step.deliverAfterMs));
    }
    return answer;
  }
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

function scripted<T>(
  reads: ScriptedReads,
  key: string,
  list: () => AsyncIterable<T>,
): AsyncIterable<T> {
  return (async function* answer() {
    yield* await reads.run(key, () => collect(list()));
  })();
}

/** Real ARM clients whose FIC and role assignment lists follow a script. */
export class ScriptedArmClients extends ArmClients {
  readonly ficReads = new ScriptedReads();
  readonly assignmentReads = new ScriptedReads();

  msiFor(subscriptionId: string): ManagedServiceIdentityClient {
    const client = super.msiFor(subscriptionId);
    const fics = client.federatedIdentityCredentials;
    return Object.assign(Object.create(client), {
      federatedIdentityCredentials: Object.assign(Object.create(fics), {
        list: (...args: Parameters<typeof fics.list>) =>
          scripted(this.ficReads, args[1], () => fics.list(...args)),
      }),
    });
  }

  authorizationFor(subscriptionId: string): AuthorizationManagementClient {
    const client = super.authorizationFor(subscriptionId);
    const assignments = client.roleAssignments;
    return Object.assign(Object.create(client), {
      roleAssignments: Object.assign(Object.create(assignments), {
        listForSubscription: (
          ...args: Parameters<typeof assignments.listForSubscription>
        ) =>
          scripted(this.assignmentReads, subscriptionId, () =>
            assignments.listForSubscription(...args),
          ),
      }),
    });
  }
}
