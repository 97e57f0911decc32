import { RefreshQueue } from './RefreshQueue';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('RefreshQueue', () => {
  it('never overlaps runs, and serves a request made during a run with a later run', async () => {
    const started: string[][] = [];
    const gates = [deferred(), deferred()];
    let running = 0;
    const queue = new RefreshQueue<string[]>(
      async request => {
        expect(running).toBe(0);
        running++;
        started.push(request);
        await gates[started.length - 1].promise;
        running--;
      },
      (a, b) => [...a, ...b],
    );

    const first = queue.request(['a']);
    await Promise.resolve();
    let secondDone = false;
    const second = queue.request(['b']).then(() => (secondDone = true));
    const third = queue.request(['c']);
    await new Promise(r => setImmediate(r));
    expect(started).toEqual([['a']]);

    gates[0].resolve();
    await first;
    expect(secondDone).toBe(false);
    await new Promise(r => setImmediate(r));
    // b and c arrived during the first run: one run serves both.
    expect(started).toEqual([['a'], ['b', 'c']]);

    gates[1].resolve();
    await Promise.all([second, third]);
    expect(started).toHaveLength(2);
  });

  it('merges requests made before the first run starts', async () => {
    const started: number[][] = [];
    const queue = new RefreshQueue<number[]>(
      async request => {
        started.push(request);
      },
      (a, b) => [...a, ...b],
    );
    await Promise.all([queue.request([1]), queue.request([2])]);
    expect(started).toEqual([[1, 2]]);
  });

  it('runs the next request after a failed run, and fails only the failed one', async () => {
    let calls = 0;
    const queue = new RefreshQueue<null>(
      async () => {
        if (++calls === 1) throw new Error('ARM down');
      },
      () => null,
    );
    await expect(queue.request(null)).rejects.toThrow('ARM down');
    await expect(queue.request(null)).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});
