import { fork } from 'node:child_process';
import path from 'node:path';
import type {
  SandboxCall,
  startSandbox,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

/*
 * The sandbox in a process of its own, as the API servers, ARM and Entra are
 * in production: the benchmark's process then holds what a backend replica
 * holds and no more. At fleet scale the sandbox's 1.2 million objects would
 * otherwise share the benchmark's heap, its V8 heap limit and its
 * collector's pauses with the index being measured.
 */

type RunningSandbox = Awaited<ReturnType<typeof startSandbox>>;

export type SandboxDescription = Pick<
  RunningSandbox,
  | 'tenantId'
  | 'adminApp'
  | 'armUrl'
  | 'authorityHost'
  | 'graphUrl'
  | 'caPem'
  | 'clusters'
  | 'subscriptions'
> & {
  /** User-assigned identities in each of `subscriptions`, in its order. */
  identitiesPerSubscription: number[];
};

export type ParentMessage =
  | { type: 'mark' }
  | { type: 'calls' }
  | { type: 'stop' };

type ChildMessage =
  | { type: 'ready'; description: SandboxDescription }
  | { type: 'marked' }
  | { type: 'calls'; calls: SandboxCall[] };

export interface SandboxProcess extends SandboxDescription {
  /** From now on, `callsSinceMark` counts what the sandbox serves. */
  mark(): Promise<void>;
  /** The calls the sandbox served since `mark()`, watches left out. */
  callsSinceMark(): Promise<SandboxCall[]>;
  stop(): Promise<void>;
}

export async function startSandboxProcess(
  seed: 'large' | 'xlarge',
): Promise<SandboxProcess> {
  const child = fork(path.join(__dirname, 'child.js'), [], {
    env: { ...process.env, BENCH_SANDBOX_SEED: seed },
    // The sandbox's own heap: the xlarge seed holds 1.2 million objects.
    execArgv: ['--max-old-space-size=8192'],
    stdio: 'inherit',
  });
  const next = <T extends ChildMessage['type']>(type: T) =>
    new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
      const onMessage = (message: ChildMessage) => {
        if (message.type !== type) return;
        cleanup();
        resolve(message as Extract<ChildMessage, { type: T }>);
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`the sandbox process exited (${code})`));
      };
      const cleanup = () => {
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
  const send = (message: ParentMessage) => child.send(message);
  const { description } = await next('ready');
  return {
    ...description,
    mark: async () => {
      const marked = next('marked');
      send({ type: 'mark' });
      await marked;
    },
    callsSinceMark: async () => {
      const answer = next('calls');
      send({ type: 'calls' });
      return (await answer).calls;
    },
    stop: async () => {
      const exited = new Promise(resolve => child.once('exit', resolve));
      send({ type: 'stop' });
      await exited;
    },
  };
}
