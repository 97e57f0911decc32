import type { KubeObject } from '../state/types';
import { badRequest } from './errors';

type Requirement =
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | '!'; key: string };

export type Matcher = (object: KubeObject) => boolean;

/** Parses a label selector (`a=b,c!=d,e in (x,y),f notin (z),g,!h`). */
export function parseLabelSelector(
  selector: string | undefined,
): Matcher | undefined {
  if (!selector?.trim()) return undefined;
  const requirements: Requirement[] = [];
  for (const part of splitTopLevel(selector)) {
    const term = part.trim();
    const set = term.match(/^([^\s!=(),]+)\s+(in|notin)\s+\(([^)]*)\)$/);
    const equality = term.match(/^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/);
    const absent = term.match(/^!\s*([^\s!=(),]+)$/);
    const present = term.match(/^([^\s!=(),]+)$/);
    if (set) {
      requirements.push({
        op: set[2] as 'in' | 'notin',
        key: set[1],
        values: set[3].split(',').map(v => v.trim()),
      });
    } else if (equality) {
      requirements.push({
        op: equality[2] === '!=' ? 'notin' : 'in',
        key: equality[1],
        values: [equality[3]],
      });
    } else if (absent) {
      requirements.push({ op: '!', key: absent[1] });
    } else if (present) {
      requirements.push({ op: 'exists', key: present[1] });
    } else {
      throw badRequest(
        `unable to parse requirement: found '${term}', expected: in, notin, =, ==, !=, gt, lt`,
      );
    }
  }
  return object =>
    requirements.every(r =>
      matchesRequirement(object.metadata.labels ?? {}, r),
    );
}

/** A LabelSelector object (matchLabels + matchExpressions), as in aggregationRule. */
export function matchesLabelSelector(
  labels: Record<string, string> | undefined,
  selector: {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
  },
): boolean {
  const l = labels ?? {};
  const requirements: Requirement[] = [
    ...Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({
      op: 'in' as const,
      key,
      values: [value],
    })),
    ...(selector.matchExpressions ?? []).map((e): Requirement => {
      const op = (
        {
          In: 'in',
          NotIn: 'notin',
          Exists: 'exists',
          DoesNotExist: '!',
        } as const
      )[e.operator as 'In'];
      return op === 'in' || op === 'notin'
        ? { op, key: e.key, values: e.values ?? [] }
        : { op, key: e.key };
    }),
  ];
  return requirements.every(r => matchesRequirement(l, r));
}

function matchesRequirement(
  labels: Record<string, string>,
  r: Requirement,
): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.op) {
    case 'in':
      return has && r.values.includes(labels[r.key]);
    case 'notin':
      return !has || !r.values.includes(labels[r.key]);
    case 'exists':
      return has;
    default:
      return !has;
  }
}

function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.filter(p => p.trim());
}

const FIELDS: Record<string, (o: KubeObject) => string | undefined> = {
  'metadata.name': o => o.metadata.name,
  'metadata.namespace': o => o.metadata.namespace ?? '',
};

/** Field selectors support what every type supports in Kubernetes: metadata.name and metadata.namespace. */
export function parseFieldSelector(
  selector: string | undefined,
): Matcher | undefined {
  if (!selector?.trim()) return undefined;
  const terms = selector.split(',').map(term => {
    const m = term.trim().match(/^([^=!]+?)\s*(==|=|!=)\s*(.*)$/);
    if (!m)
      throw badRequest(
        `invalid selector: '${selector}'; can't understand '${term}'`,
      );
    const get = FIELDS[m[1]];
    if (!get) throw badRequest(`field label not supported: ${m[1]}`);
    return { get, negate: m[2] === '!=', value: m[3] };
  });
  return object => terms.every(t => (t.get(object) === t.value) !== t.negate);
}
