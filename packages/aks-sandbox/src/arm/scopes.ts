/** A scope as ARM keys it: one leading slash, none trailing ('/' for the root). */
export function normalizeScope(scope: string): string {
  const trimmed = scope.replace(/^\/+|\/+$/g, '');
  return `/${trimmed}`;
}

/** True when `ancestor` is `scope` or contains it, comparing case-insensitively as ARM does. */
export function isAtOrAbove(ancestor: string, scope: string): boolean {
  const a = ancestor.toLowerCase();
  const s = scope.toLowerCase();
  return a === s || a === '/' || s.startsWith(`${a}/`);
}

/** The `/subscriptions/{id}` a scope lies in, if any. */
export function subscriptionOf(scope: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
}
