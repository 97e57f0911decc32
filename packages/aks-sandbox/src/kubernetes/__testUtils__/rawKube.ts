import https from 'node:https';
import type { RunningSandbox } from '../../startSandbox';

export interface RawKubeResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** the body as sent (not decompressed) */
  raw: Buffer;
}

/** One HTTPS request to a cluster's API server as its admin, for tests that look at the wire. */
export function rawKube(
  sandbox: RunningSandbox,
  cluster: string,
  path: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    /** sent as JSON */
    body?: unknown;
  } = {},
): Promise<RawKubeResponse> {
  const c = sandbox.clusters.find(x => x.name === cluster)!;
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${c.apiServerUrl}${path}`,
      {
        method: options.method ?? 'GET',
        ca: sandbox.caPem,
        headers: {
          Authorization: `Bearer ${c.adminToken}`,
          ...(options.body === undefined
            ? {}
            : { 'Content-Type': 'application/json' }),
          ...options.headers,
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', d => chunks.push(d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            raw: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(
      options.body === undefined ? undefined : JSON.stringify(options.body),
    );
  });
}

/**
 * Opens a watch and collects its events until `close()`; `ended` tells
 * whether the server ended the stream.
 */
export function openWatch(
  sandbox: RunningSandbox,
  cluster: string,
  path: string,
) {
  const c = sandbox.clusters.find(x => x.name === cluster)!;
  const events: Array<{ type: string; object: any }> = [];
  const state = { status: 0, ended: false };
  let buffered = '';
  let request: ReturnType<typeof https.get> | undefined;
  const started = new Promise<void>((resolve, reject) => {
    request = https.get(
      `${c.apiServerUrl}${path}`,
      {
        ca: sandbox.caPem,
        headers: { Authorization: `Bearer ${c.adminToken}` },
      },
      res => {
        state.status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          const lines = buffered.split('\n');
          buffered = lines.pop()!;
          for (const line of lines)
            if (line.trim()) events.push(JSON.parse(line));
        });
        res.on('close', () => {
          state.ended = true;
        });
        resolve();
      },
    );
    request.on('error', reject);
  });
  return {
    started,
    events,
    state,
    close: () => request?.destroy(),
  };
}
