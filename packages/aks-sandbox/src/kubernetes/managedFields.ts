import type { KubeObject } from '../state/types';
import { KubeError } from './errors';
import { child, listSemantics, resolve, Schema } from './openapi';

/*
 * Server-side apply's field ownership (structured-merge-diff, reduced to
 * what this API server's types need): each manager owns a set of field
 * paths, stored in metadata.managedFields as FieldsV1. Paths are arrays of
 * `f:<field>`, `k:<json keys>` (elements of map lists), `v:<json>` (elements
 * of set lists) and `.` (the element itself).
 */

type Json = any;
type FieldSet = Set<string>;
const SEP = '\n';

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Json;
  subresource?: string;
}

const isObject = (v: unknown): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fields the server sets or that identify the object; no manager owns them. */
const UNOWNED_METADATA = [
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'generation',
  'managedFields',
  'deletionTimestamp',
  'selfLink',
];

function fieldsOf(object: KubeObject, schema: Schema | undefined): FieldSet {
  const out: FieldSet = new Set();
  for (const [key, value] of Object.entries(object)) {
    if (key === 'apiVersion' || key === 'kind' || key === 'status') continue;
    if (key === 'metadata') {
      for (const [mk, mv] of Object.entries(value as Json)) {
        if (!UNOWNED_METADATA.includes(mk))
          collect(
            mv,
            child(child(schema, 'metadata'), mk),
            ['f:metadata', `f:${mk}`],
            out,
          );
      }
      continue;
    }
    collect(value, child(schema, key), [`f:${key}`], out);
  }
  return out;
}

function itemKey(item: Json, keys: string[]): string {
  return `k:${JSON.stringify(
    Object.fromEntries(keys.map(k => [k, item?.[k]])),
  )}`;
}

function collect(
  value: Json,
  schema: Schema | undefined,
  prefix: string[],
  out: FieldSet,
) {
  if (Array.isArray(value)) {
    const semantics = listSemantics(schema);
    if (semantics.type === 'atomic') out.add(prefix.join(SEP));
    else if (semantics.type === 'set')
      value.forEach(v =>
        out.add([...prefix, `v:${JSON.stringify(v)}`].join(SEP)),
      );
    else {
      const itemSchema = child(schema, 0);
      for (const item of value) {
        const at = [...prefix, itemKey(item, semantics.keys)];
        out.add([...at, '.'].join(SEP));
        if (isObject(item))
          for (const [k, v] of Object.entries(item))
            collect(v, child(itemSchema, k), [...at, `f:${k}`], out);
      }
    }
    return;
  }
  const s = resolve(schema);
  const structured =
    s &&
    (s.properties || typeof s.additionalProperties === 'object') &&
    s['x-kubernetes-map-type'] !== 'atomic';
  if (isObject(value) && structured && Object.keys(value).length) {
    for (const [k, v] of Object.entries(value))
      collect(v, child(schema, k), [...prefix, `f:${k}`], out);
    return;
  }
  out.add(prefix.join(SEP));
}

function valueAt(object: Json, path: string[]): Json {
  let node = object;
  for (const element of path) {
    if (node === undefined) return undefined;
    if (element === '.') continue;
    if (element.startsWith('f:'))
      node = isObject(node) ? node[element.slice(2)] : undefined;
    else if (element.startsWith('k:')) {
      const keys = JSON.parse(element.slice(2));
      node = Array.isArray(node)
        ? node.find(i => Object.entries(keys).every(([k, v]) => i?.[k] === v))
        : undefined;
    } else if (element.startsWith('v:')) {
      const wanted = element.slice(2);
      node = Array.isArray(node)
        ? node.find(i => JSON.stringify(i) === wanted)
        : undefined;
    }
  }
  return node;
}

function removeAt(object: Json, path: string[]) {
  const p = path[path.length - 1] === '.' ? path.slice(0, -1) : path;
  const parent = valueAt(object, p.slice(0, -1));
  const last = p[p.length - 1];
  if (last.startsWith('f:') && isObject(parent)) delete parent[last.slice(2)];
  else if (Array.isArray(parent)) {
    const target = valueAt(parent, [last]);
    const index = parent.indexOf(target);
    if (index >= 0) parent.splice(index, 1);
  }
}

function toFieldsV1(set: FieldSet): Json {
  const root: Json = {};
  for (const path of set) {
    let node = root;
    for (const element of path.split(SEP)) node = node[element] ??= {};
  }
  return root;
}

function fromFieldsV1(
  fields: Json,
  prefix: string[] = [],
  out: FieldSet = new Set(),
): FieldSet {
  for (const [element, children] of Object.entries(fields ?? {})) {
    const path = [...prefix, element];
    if (children && Object.keys(children).length)
      fromFieldsV1(children, path, out);
    else out.add(path.join(SEP));
  }
  return out;
}

/** Schema-aware merge of an applied configuration into the live object. */
function applyMerge(
  live: Json,
  applied: Json,
  schema: Schema | undefined,
): Json {
  if (Array.isArray(applied)) {
    const semantics = listSemantics(schema);
    if (semantics.type === 'atomic' || !Array.isArray(live)) return applied;
    if (semantics.type === 'set')
      return [
        ...live,
        ...applied.filter(
          v => !live.some(l => JSON.stringify(l) === JSON.stringify(v)),
        ),
      ];
    const result = [...live];
    for (const item of applied) {
      const key = itemKey(item, semantics.keys);
      const index = result.findIndex(r => itemKey(r, semantics.keys) === key);
      if (index >= 0)
        result[index] = applyMerge(result[index], item, child(schema, 0));
      else result.push(item);
    }
    return result;
  }
  if (!isObject(applied) || !isObject(live)) return applied;
  const result = { ...live };
  for (const [k, v] of Object.entries(applied))
    result[k] = applyMerge(live[k], v, child(schema, k));
  return result;
}

function entriesOf(object: KubeObject | undefined): ManagedFieldsEntry[] {
  return (
    (object?.metadata.managedFields as ManagedFieldsEntry[] | undefined) ?? []
  );
}

function withEntries(
  object: KubeObject,
  entries: ManagedFieldsEntry[],
): KubeObject {
  const kept = entries.filter(e => Object.keys(e.fieldsV1).length);
  return {
    ...object,
    metadata: {
      ...object.metadata,
      managedFields: kept.length ? kept : undefined,
    },
  };
}

function stripManaged(object: KubeObject | undefined): string {
  if (!object) return '';
  const { managedFields, resourceVersion, ...metadata } = object.metadata;
  return JSON.stringify({ ...object, metadata });
}

/**
 * Server-side apply. Returns the new object, or the live one unchanged when
 * the apply changes nothing (so re-applying is a no-op). Throws 409 on
 * conflicts with other managers unless `force`.
 */
export function serverSideApply(
  live: KubeObject | undefined,
  applied: KubeObject,
  manager: string,
  force: boolean,
  schema: Schema | undefined,
  now: string,
): KubeObject {
  const appliedFields = fieldsOf(applied, schema);
  const entries = entriesOf(live).map(e => ({
    ...e,
    set: fromFieldsV1(e.fieldsV1),
  }));
  const mine = entries.find(
    e => e.manager === manager && e.operation === 'Apply',
  );
  const conflicts: { manager: string; apiVersion: string; field: string }[] =
    [];
  for (const entry of entries) {
    if (entry === mine) continue;
    for (const path of entry.set) {
      if (!appliedFields.has(path)) continue;
      const elements = path.split(SEP);
      if (
        JSON.stringify(valueAt(live, elements)) ===
        JSON.stringify(valueAt(applied, elements))
      )
        continue;
      if (force) entry.set.delete(path);
      else
        conflicts.push({
          manager: entry.manager,
          apiVersion: entry.apiVersion,
          field: readablePath(elements),
        });
    }
  }
  if (conflicts.length) throw applyConflict(conflicts);

  let result: KubeObject = live ? applyMerge(live, applied, schema) : applied;
  result = JSON.parse(JSON.stringify(result));
  for (const path of mine?.set ?? []) {
    if (
      appliedFields.has(path) ||
      entries.some(e => e !== mine && e.set.has(path))
    )
      continue;
    removeAt(result, path.split(SEP));
  }
  const next: ManagedFieldsEntry[] = entries
    .filter(e => e !== mine)
    .map(({ set, ...e }) => ({ ...e, fieldsV1: toFieldsV1(set) }));
  const unchangedFields = mine && sameSet(mine.set, appliedFields);
  next.push({
    manager,
    operation: 'Apply',
    apiVersion: applied.apiVersion,
    time: unchangedFields ? mine.time : now,
    fieldsType: 'FieldsV1',
    fieldsV1: toFieldsV1(appliedFields),
  });
  const updated = withEntries(
    result,
    live ? orderLike(entriesOf(live), next) : next,
  );
  if (
    live &&
    stripManaged(updated) === stripManaged(live) &&
    JSON.stringify(updated.metadata.managedFields) ===
      JSON.stringify(live.metadata.managedFields)
  ) {
    return live;
  }
  return updated;
}

/**
 * Records a non-apply write (create, update, patch): the fields it changed
 * move to `manager` with operation Update, as the real API server tracks them.
 */
export function recordUpdate(
  previous: KubeObject | undefined,
  next: KubeObject,
  manager: string,
  schema: Schema | undefined,
  now: string,
): KubeObject {
  const before = previous ? fieldsOf(previous, schema) : new Set<string>();
  const after = fieldsOf(next, schema);
  const changed = [...after].filter(p => {
    const elements = p.split(SEP);
    return (
      !before.has(p) ||
      JSON.stringify(valueAt(previous, elements)) !==
        JSON.stringify(valueAt(next, elements))
    );
  });
  const entries = entriesOf(previous).map(e => {
    const set = fromFieldsV1(e.fieldsV1);
    for (const path of [...set])
      if (!after.has(path) || changed.includes(path)) set.delete(path);
    return { ...e, fieldsV1: toFieldsV1(set) };
  });
  if (changed.length) {
    const existing = entries.find(
      e => e.manager === manager && e.operation === 'Update',
    );
    const set = existing ? fromFieldsV1(existing.fieldsV1) : new Set<string>();
    changed.forEach(p => set.add(p));
    const entry: ManagedFieldsEntry = {
      manager,
      operation: 'Update',
      apiVersion: next.apiVersion,
      time: now,
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1(set),
    };
    if (existing) entries.splice(entries.indexOf(existing), 1, entry);
    else entries.push(entry);
  }
  return withEntries(next, entries);
}

function sameSet(a: FieldSet, b: FieldSet) {
  return a.size === b.size && [...a].every(x => b.has(x));
}

/** Keeps managers in their existing order so an unchanged apply compares equal. */
function orderLike(
  previous: ManagedFieldsEntry[],
  next: ManagedFieldsEntry[],
): ManagedFieldsEntry[] {
  const rank = (e: ManagedFieldsEntry) => {
    const i = previous.findIndex(
      p => p.manager === e.manager && p.operation === e.operation,
    );
    return i < 0 ? previous.length : i;
  };
  return [...next].sort((x, y) => rank(x) - rank(y));
}

function readablePath(elements: string[]): string {
  return elements
    .filter(e => e !== '.')
    .map(e =>
      e.startsWith('f:')
        ? `.${e.slice(2)}`
        : `[${e
            .slice(2)
            .replace(/^\{|\}$/g, '')
            .replace(/"([^"]+)":/g, '$1=')}]`,
    )
    .join('');
}

function applyConflict(
  conflicts: { manager: string; apiVersion: string; field: string }[],
): KubeError {
  const lines = conflicts.map(
    c => `conflict with "${c.manager}" using ${c.apiVersion}: ${c.field}`,
  );
  const message =
    conflicts.length === 1
      ? `Apply failed with 1 conflict: ${lines[0]}`
      : `Apply failed with ${conflicts.length} conflicts: ${lines.join(
          '\n- ',
        )}`;
  return new KubeError(409, 'Conflict', message, {
    causes: conflicts.map(c => ({
      reason: 'FieldManagerConflict',
      message: `conflict with "${c.manager}" using ${c.apiVersion}`,
      field: c.field,
    })),
  });
}
