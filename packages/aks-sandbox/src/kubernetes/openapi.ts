import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/*
 * The official Kubernetes 1.35 OpenAPI v3 documents: served verbatim at
 * /openapi/v3 (kubectl validates against them), the source of the Swagger
 * 2.0 document at /openapi/v2 (openapiV2.ts), and used here for the same
 * purposes the real API server uses its schemas for: unknown-field
 * detection, and list semantics for strategic-merge patch and server-side apply.
 */

export type Schema = Record<string | symbol, any>;

interface Document {
  /** e.g. `apis/rbac.authorization.k8s.io/v1` */
  groupVersionPath: string;
  raw: Buffer;
  hash: string;
  schemas: Record<string, Schema>;
  /** the document's `paths`, `components.securitySchemes` (for /openapi/v2) */
  paths: Record<string, Schema>;
  securitySchemes: Record<string, Schema>;
}

// The documents ship in the package's openapi/ folder, above src/kubernetes (sources) or dist (builds).
// eslint-disable-next-line no-restricted-syntax
const HERE = __dirname;
const OPENAPI_DIR = [
  path.resolve(HERE, '..', '..', 'openapi', 'v3'),
  path.resolve(HERE, '..', 'openapi', 'v3'),
].find(d => fs.existsSync(d))!;

let documents: Document[] | undefined;
const kindSchemas = new Map<string, Schema>();

function loadDocuments(): Document[] {
  if (documents) return documents;
  documents = fs
    .readdirSync(OPENAPI_DIR)
    .filter(f => f.endsWith('_openapi.json'))
    .map(file => {
      const raw = fs.readFileSync(path.join(OPENAPI_DIR, file));
      const parsed = JSON.parse(raw.toString('utf8'));
      const doc: Document = {
        groupVersionPath: file
          .replace(/_openapi\.json$/, '')
          .split('__')
          .join('/'),
        raw,
        hash: createHash('sha512')
          .update(raw)
          .digest('hex')
          .slice(0, 128)
          .toUpperCase(),
        schemas: parsed.components.schemas,
        paths: parsed.paths ?? {},
        securitySchemes: parsed.components.securitySchemes ?? {},
      };
      for (const schema of Object.values(doc.schemas)) {
        for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
          const apiVersion = gvk.group
            ? `${gvk.group}/${gvk.version}`
            : gvk.version;
          if (!kindSchemas.has(`${apiVersion}/${gvk.kind}`))
            kindSchemas.set(
              `${apiVersion}/${gvk.kind}`,
              withDocument(schema, doc),
            );
        }
      }
      return doc;
    });
  return documents;
}

/* Schemas keep a hidden pointer to their document so `$ref`s resolve. */
const DOC = Symbol('document');
function withDocument(schema: Schema, doc: Document): Schema {
  if (!(DOC in schema))
    Object.defineProperty(schema, DOC, { value: doc, enumerable: false });
  return schema;
}

export function openApiIndex() {
  return {
    paths: Object.fromEntries(
      loadDocuments().map(d => [
        d.groupVersionPath,
        {
          serverRelativeURL: `/openapi/v3/${d.groupVersionPath}?hash=${d.hash}`,
        },
      ]),
    ),
  };
}

/** The parsed documents, for building the Swagger 2.0 document from them. */
export function openApiDocuments(): ReadonlyArray<
  Pick<Document, 'groupVersionPath' | 'schemas' | 'paths' | 'securitySchemes'>
> {
  return loadDocuments();
}

export function openApiDocument(
  groupVersionPath: string,
): { raw: Buffer; hash: string } | undefined {
  return loadDocuments().find(d => d.groupVersionPath === groupVersionPath);
}

export function schemaForKind(
  apiVersion: string,
  kind: string,
): Schema | undefined {
  loadDocuments();
  return kindSchemas.get(`${apiVersion}/${kind}`);
}

/** Follows `$ref` and the `allOf: [{$ref}]` wrapper the generator emits. */
export function resolve(schema: Schema | undefined): Schema | undefined {
  let current = schema;
  const doc: Document | undefined = schema?.[DOC];
  for (let i = 0; current && i < 10; i++) {
    const ref: string | undefined =
      current.$ref ??
      (current.allOf?.length === 1 ? current.allOf[0].$ref : undefined);
    if (!ref || !doc) break;
    const target = doc.schemas[ref.replace('#/components/schemas/', '')];
    current = target && withDocument(target, doc);
  }
  return current;
}

/** The schema of a property or array item, keeping the document pointer. */
export function child(
  schema: Schema | undefined,
  key: string | number,
): Schema | undefined {
  const s = resolve(schema);
  if (!s) return undefined;
  const doc = s[DOC] ?? schema?.[DOC];
  const next =
    typeof key === 'number'
      ? s.items
      : s.properties?.[key] ??
        (typeof s.additionalProperties === 'object'
          ? s.additionalProperties
          : undefined);
  return next && doc ? withDocument(next, doc) : next;
}

export interface ListSemantics {
  /** `map` lists are merged by keys; `set` lists by value; `atomic` replaced whole */
  type: 'map' | 'set' | 'atomic';
  keys: string[];
}

/** List semantics of the array at `schema` (the property schema, where the extensions live). */
export function listSemantics(schema: Schema | undefined): ListSemantics {
  const s = schema ?? {};
  const mergeKey: string | undefined = s['x-kubernetes-patch-merge-key'];
  const strategy: string = s['x-kubernetes-patch-strategy'] ?? '';
  if (s['x-kubernetes-list-type'] === 'map')
    return {
      type: 'map',
      keys: s['x-kubernetes-list-map-keys'] ?? (mergeKey ? [mergeKey] : []),
    };
  if (strategy.includes('merge') && mergeKey)
    return { type: 'map', keys: [mergeKey] };
  if (s['x-kubernetes-list-type'] === 'set' || strategy.includes('merge'))
    return { type: 'set', keys: [] };
  return { type: 'atomic', keys: [] };
}

/**
 * Removes fields the schema does not know, returning their paths in the
 * form Kubernetes reports them (`spec.foo`, `subjects[0].bar`).
 */
export function pruneUnknownFields(
  value: unknown,
  schema: Schema | undefined,
  at = '',
): string[] {
  const s = resolve(schema);
  if (
    !s ||
    s['x-kubernetes-preserve-unknown-fields'] ||
    value === null ||
    typeof value !== 'object'
  )
    return [];
  const unknown: string[] = [];
  if (Array.isArray(value)) {
    if (s.items)
      value.forEach((item, i) =>
        unknown.push(...pruneUnknownFields(item, child(s, i), `${at}[${i}]`)),
      );
    return unknown;
  }
  const record = value as Record<string, unknown>;
  if (!s.properties) {
    if (typeof s.additionalProperties === 'object') {
      for (const [k, v] of Object.entries(record))
        unknown.push(...pruneUnknownFields(v, child(s, k), `${at}[${k}]`));
    }
    return unknown;
  }
  for (const [k, v] of Object.entries(record)) {
    const fieldPath = at ? `${at}.${k}` : k;
    if (!(k in s.properties)) {
      unknown.push(fieldPath);
      delete record[k];
    } else unknown.push(...pruneUnknownFields(v, child(s, k), fieldPath));
  }
  return unknown;
}
