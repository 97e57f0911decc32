import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../state/types';
import type { ClusterObjects, WatchEvent } from './clusterObjects';
import type { Matcher } from './selectors';

/*
 * A watch stream: newline-delimited JSON events over a chunked response.
 * Without a resourceVersion (or with "0") the current objects come first as
 * ADDED; with one, the events after it, or a 410 Expired ERROR event when
 * that version is older than the history kept.
 */

const BOOKMARK_EVERY_MS = 10_000;

export function watch(options: {
  objects: ClusterObjects;
  typeKey: string;
  namespace: string | undefined;
  matchers: Matcher[];
  resourceVersion: string | undefined;
  timeoutSeconds: number;
  bookmarks: boolean;
  encode: (object: KubeObject) => unknown;
  kind: string;
  apiVersion: string;
  res: ServerResponse;
}) {
  const { objects, typeKey, namespace, matchers, res, encode } = options;
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  const write = (type: string, object: unknown) =>
    res.write(`${JSON.stringify({ type, object })}\n`);
  const matches = (event: WatchEvent) =>
    event.typeKey === typeKey &&
    (namespace === undefined || event.namespace === namespace) &&
    matchers.every(m => m(event.object));

  const rv = options.resourceVersion;
  if (!rv || rv === '0') {
    for (const object of objects.all(typeKey, namespace))
      if (matchers.every(m => m(object))) write('ADDED', encode(object));
  } else {
    const missed = objects.eventsSince(Number(rv));
    if (!missed) {
      write('ERROR', {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `too old resource version: ${rv} (${objects.resourceVersion})`,
        reason: 'Expired',
        code: 410,
      });
      res.end();
      return;
    }
    for (const event of missed)
      if (matches(event)) write(event.type, encode(event.object));
  }

  const unsubscribe = objects.subscribe(event => {
    if (matches(event)) write(event.type, encode(event.object));
  });
  const bookmark = options.bookmarks
    ? setInterval(
        () =>
          write('BOOKMARK', {
            kind: options.kind,
            apiVersion: options.apiVersion,
            metadata: { resourceVersion: String(objects.resourceVersion) },
          }),
        BOOKMARK_EVERY_MS,
      )
    : undefined;
  const timeout = setTimeout(() => res.end(), options.timeoutSeconds * 1000);
  const stop = () => {
    unsubscribe();
    clearTimeout(timeout);
    if (bookmark) clearInterval(bookmark);
  };
  res.on('close', stop);
  res.on('finish', stop);
}
