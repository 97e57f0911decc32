import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One call the sandbox served: when it arrived, when it was answered. */
export interface SandboxCall {
  method: string;
  url: string;
  port: number;
  status: number;
  start: number;
  end: number;
}

interface ServerMessage {
  request: IncomingMessage;
  response: ServerResponse;
  server: Server;
}

/**
 * Records the calls that the in-process sandbox serves, from Node's own
 * `http.server.*` diagnostics channels: the server's view, so nothing in the
 * clients is wrapped, and retries that a client hides still show.
 */
export class SandboxCalls {
  readonly calls: SandboxCall[] = [];
  private readonly open = new Map<IncomingMessage, SandboxCall>();

  private readonly onStart = (message: unknown) => {
    const { request, server } = message as ServerMessage;
    const port = (server.address() as AddressInfo | null)?.port ?? 0;
    if (!this.ports().has(port)) return;
    this.open.set(request, {
      method: request.method ?? '',
      url: request.url ?? '',
      port,
      status: 0,
      start: performance.now(),
      end: 0,
    });
  };

  private readonly onFinish = (message: unknown) => {
    const { request, response } = message as ServerMessage;
    const call = this.open.get(request);
    if (!call) return;
    this.open.delete(request);
    call.status = response.statusCode;
    call.end = performance.now();
    this.calls.push(call);
  };

  /** `ports`: the sandbox's listening ports (ARM, Entra, API servers). */
  constructor(private readonly ports: () => Set<number>) {
    diagnostics.subscribe('http.server.request.start', this.onStart);
    diagnostics.subscribe('http.server.response.finish', this.onFinish);
  }

  /** Calls that arrived since `from` (a performance.now() time); watches are left out. */
  since(from: number): SandboxCall[] {
    return this.calls.filter(
      c => c.start >= from && !/[?&]watch=(true|1)\b/.test(c.url),
    );
  }

  close() {
    diagnostics.unsubscribe('http.server.request.start', this.onStart);
    diagnostics.unsubscribe('http.server.response.finish', this.onFinish);
  }
}

/**
 * The longest run of calls in which each one began after the one before it
 * was answered: how many round trips the work waited for, one after another.
 */
export function longestSequentialChain(calls: SandboxCall[]): SandboxCall[] {
  const sorted = [...calls].sort((a, b) => a.end - b.end);
  const best: { length: number; previous: number }[] = [];
  sorted.forEach((call, i) => {
    let entry = { length: 1, previous: -1 };
    for (let j = 0; j < i; j++) {
      if (sorted[j].end <= call.start && best[j].length + 1 > entry.length) {
        entry = { length: best[j].length + 1, previous: j };
      }
    }
    best.push(entry);
  });
  let last = best.reduce(
    (top, entry, i) => (top < 0 || entry.length > best[top].length ? i : top),
    -1,
  );
  const chain: SandboxCall[] = [];
  while (last >= 0) {
    chain.unshift(sorted[last]);
    last = best[last].previous;
  }
  return chain;
}

/** The ports a running sandbox listens on. */
export function sandboxPorts(sandbox: {
  armUrl: string;
  authorityHost: string;
  clusters: { apiServerUrl: string }[];
}): Set<number> {
  return new Set(
    [
      sandbox.armUrl,
      sandbox.authorityHost,
      ...sandbox.clusters.map(c => c.apiServerUrl),
    ].map(u => Number(new URL(u).port)),
  );
}
