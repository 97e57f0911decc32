import { badRequest, KubeError } from './errors';
import { child, listSemantics, resolve, Schema } from './openapi';

type Json = any;

const isObject = (v: unknown): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T =>
  v === undefined ? v : JSON.parse(JSON.stringify(v));

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const result: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete result[k];
    else result[k] = mergePatch(result[k], v);
  }
  return result;
}

/** RFC 6902 JSON patch. */
export function jsonPatch(target: Json, operations: Json): Json {
  if (!Array.isArray(operations))
    throw badRequest(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  let doc = clone(target);
  for (const op of operations) {
    const path = parsePointer(op.path);
    switch (op.op) {
      case 'add':
        doc = setAt(doc, path, clone(op.value), 'add');
        break;
      case 'replace':
        getAt(doc, path, op.path);
        doc = setAt(doc, path, clone(op.value), 'replace');
        break;
      case 'remove':
        getAt(doc, path, op.path);
        doc = removeAt(doc, path);
        break;
      case 'test':
        if (
          JSON.stringify(getAt(doc, path, op.path)) !== JSON.stringify(op.value)
        ) {
          throw new KubeError(
            422,
            'Invalid',
            `the server rejected our request due to an error in our request`,
          );
        }
        break;
      case 'move':
      case 'copy': {
        const from = parsePointer(op.from);
        const value = clone(getAt(doc, from, op.from));
        if (op.op === 'move') doc = removeAt(doc, from);
        doc = setAt(doc, path, value, 'add');
        break;
      }
      default:
        throw badRequest(`Unexpected kind: ${op.op}`);
    }
  }
  return doc;
}

function parsePointer(pointer: string): string[] {
  if (typeof pointer !== 'string')
    throw badRequest('missing path in JSON patch operation');
  return pointer
    .split('/')
    .slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function getAt(doc: Json, path: string[], raw: string): Json {
  let node = doc;
  for (const seg of path) {
    if (node === null || typeof node !== 'object' || !(seg in node)) {
      throw new KubeError(
        422,
        'Invalid',
        `the server rejected our request due to an error in our request: jsonpatch: missing value at ${raw}`,
      );
    }
    node = node[seg];
  }
  return node;
}

function setAt(
  doc: Json,
  path: string[],
  value: Json,
  mode: 'add' | 'replace',
): Json {
  if (!path.length) return value;
  const parent = getAt(
    doc,
    path.slice(0, -1),
    `/${path.slice(0, -1).join('/')}`,
  );
  const last = path[path.length - 1];
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (mode === 'add') parent.splice(index, 0, value);
    else parent[index] = value;
  } else parent[last] = value;
  return doc;
}

function removeAt(doc: Json, path: string[]): Json {
  const parent = getAt(doc, path.slice(0, -1), '');
  const last = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
  return doc;
}

/**
 * Strategic merge patch as kubectl sends it: maps merge, `null` deletes,
 * lists merge by their patch merge key when the schema says so and are
 * replaced otherwise, and the `$patch`, `$retainKeys`,
 * `$setElementOrder/…` and `$deleteFromPrimitiveList/…` directives apply.
 */
export function strategicMergePatch(
  target: Json,
  patch: Json,
  schema: Schema | undefined,
): Json {
  if (!isObject(patch)) return clone(patch);
  if (patch.$patch === 'replace') {
    const { $patch, ...rest } = patch;
    return stripDirectives(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  let result: Record<string, Json> = isObject(target) ? { ...target } : {};
  if (Array.isArray(patch.$retainKeys)) {
    result = Object.fromEntries(
      Object.entries(result).filter(([k]) => patch.$retainKeys.includes(k)),
    );
  }
  for (const [key, value] of Object.entries(patch)) {
    if (
      key === '$patch' ||
      key === '$retainKeys' ||
      key.startsWith('$setElementOrder/')
    )
      continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(result[field]))
        result[field] = result[field].filter(
          (v: Json) => !(value as Json[]).includes(v),
        );
      continue;
    }
    const fieldSchema = child(schema, key);
    if (value === null) delete result[key];
    else if (Array.isArray(value))
      result[key] = mergeList(result[key], value, fieldSchema);
    else if (isObject(value)) {
      const merged = strategicMergePatch(result[key], value, fieldSchema);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else result[key] = value;
  }
  return result;
}

function mergeList(
  target: Json,
  patch: Json[],
  schema: Schema | undefined,
): Json[] {
  const semantics = listSemantics(schema);
  const current: Json[] = Array.isArray(target) ? [...target] : [];
  if (semantics.type === 'atomic') return stripDirectives(patch);
  if (semantics.type === 'set')
    return [...current, ...patch.filter(v => !current.includes(v))];
  const itemSchema = child(resolve(schema) ?? schema, 0);
  const [key] = semantics.keys;
  for (const item of patch) {
    if (isObject(item) && item.$patch === 'replace')
      return stripDirectives(patch.filter(i => i !== item));
    const index = current.findIndex(
      c => isObject(c) && isObject(item) && c[key] === item[key],
    );
    if (isObject(item) && item.$patch === 'delete') {
      if (index >= 0) current.splice(index, 1);
      continue;
    }
    if (index >= 0)
      current[index] = strategicMergePatch(current[index], item, itemSchema);
    else current.push(stripDirectives(item));
  }
  return current;
}

function stripDirectives(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !k.startsWith('$'))
      .map(([k, v]) => [k, stripDirectives(v)]),
  );
}
