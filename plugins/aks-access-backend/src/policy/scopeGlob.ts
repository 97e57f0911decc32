/**
 * Whether an ARM scope matches a policy pattern. `*` stands for any
 * characters within one path segment, so `/vaults/*` never reaches a child
 * resource; ARM ids compare case-insensitively.
 */
export function scopeMatches(pattern: string, scope: string): boolean {
  const normalise = (s: string) => s.replace(/\/+$/, '').toLowerCase();
  const patternSegments = normalise(pattern).split('/');
  const scopeSegments = normalise(scope).split('/');
  if (patternSegments.length !== scopeSegments.length) return false;
  return patternSegments.every((p, i) => {
    const source = p
      .split('*')
      .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]*');
    return new RegExp(`^${source}$`).test(scopeSegments[i]);
  });
}
