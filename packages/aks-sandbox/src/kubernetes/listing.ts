import type { KubeObject } from '../state/types';
import type { ClusterObjects } from './clusterObjects';
import { expired } from './errors';
import type { Matcher } from './selectors';

/* LIST with limit/continue over the sorted index. The continue token is
 * opaque to clients (base64 JSON), as the real one is. */

interface ContinueToken {
  v: 'meta.k8s.io/v1';
  rv: number;
  start: string;
}

export function listPage(
  objects: ClusterObjects,
  typeKey: string,
  namespace: string | undefined,
  matchers: Matcher[],
  limit: number | undefined,
  continueToken: string | undefined,
): {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
} {
  let rv = objects.resourceVersion;
  let startAfter: string | undefined;
  if (continueToken) {
    let token: ContinueToken;
    try {
      token = JSON.parse(Buffer.from(continueToken, 'base64').toString('utf8'));
    } catch {
      throw expired(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
      );
    }
    rv = token.rv;
    startAfter = token.start;
  }
  const { keys, lookup } = objects.sorted(typeKey, namespace);
  const matchesAt = (i: number) => {
    const object = lookup(keys[i]);
    return !!object && matchers.every(m => m(object));
  };
  let index = startAfter === undefined ? 0 : upperBound(keys, startAfter);
  const items: KubeObject[] = [];
  const max = limit && limit > 0 ? limit : Infinity;
  for (; index < keys.length && items.length < max; index++) {
    if (matchesAt(index)) items.push(lookup(keys[index])!);
  }
  // Only report more when more match; an exhausted scan ends the list.
  let more = index;
  while (more < keys.length && !matchesAt(more)) more++;
  if (more >= keys.length) return { items, resourceVersion: String(rv) };
  const token: ContinueToken = {
    v: 'meta.k8s.io/v1',
    rv,
    start: keys[index - 1],
  };
  return {
    items,
    resourceVersion: String(rv),
    continue: Buffer.from(JSON.stringify(token)).toString('base64'),
    ...(matchers.length ? {} : { remainingItemCount: keys.length - index }),
  };
}

function upperBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid] <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
