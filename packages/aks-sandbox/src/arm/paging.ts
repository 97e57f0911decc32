/**
 * Slices a list into ARM pages: the rest is reached through `nextLink`, the
 * request URL with an opaque skip token (named as each provider names it).
 */
export function pageOf<T>(
  items: T[],
  url: URL,
  options: { pageSize: number; tokenParam: string },
): { value: T[]; nextLink?: string } {
  const token = url.searchParams.get(options.tokenParam);
  const start = token
    ? Number(Buffer.from(token, 'base64url').toString('utf8')) || 0
    : 0;
  const end = start + options.pageSize;
  const value = items.slice(start, end);
  if (end >= items.length) return { value };
  const next = new URL(url.toString());
  next.searchParams.set(
    options.tokenParam,
    Buffer.from(String(end)).toString('base64url'),
  );
  return { value, nextLink: next.toString() };
}
