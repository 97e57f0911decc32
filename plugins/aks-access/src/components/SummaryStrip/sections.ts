/** The tab's sections, each addressable as `?section=<id>`. */
export const SECTIONS = [
  { id: 'access', label: 'Access' },
  { id: 'requests', label: 'Requests' },
  { id: 'identities', label: 'Identities' },
  { id: 'findings', label: 'Findings' },
  { id: 'check', label: 'Check access' },
] as const;

export type Section = (typeof SECTIONS)[number]['id'];

export const isSection = (value: string | null): value is Section =>
  SECTIONS.some(s => s.id === value);
