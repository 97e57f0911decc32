import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { openApiDocuments, Schema } from './openapi';
import { encodeOpenApiV2 } from './openapiV2Proto';
import { findType, SUBRESOURCES } from './resources';

/*
 * /openapi/v2: the Swagger 2.0 document a real API server still serves next
 * to /openapi/v3, built here from the same official 1.35 v3 documents, the
 * way kube-openapi writes it: definitions under their v3 names
 * (`io.k8s.api.core.v1.Namespace`, with `x-kubernetes-group-version-kind`),
 * `$ref: #/definitions/…` where v3 wraps refs in `allOf`, no defaults (v2
 * has none), IntOrString and Quantity as strings, and the paths of the
 * resources this server serves, with body parameters, `consumes`/`produces`
 * and `schemes`.
 *
 * kubectl needs it: for kinds without a PATCH endpoint (the access
 * reviews) its field-validation check falls back from v3 to v2 and then
 * validates client-side against the v2 definitions. client-go asks for the
 * protobuf form only (gnostic's openapi_v2.Document, see openapiV2Proto.ts);
 * other clients get JSON.
 */

export interface OpenApiV2 {
  json: Buffer;
  proto: Buffer;
  /** sha512 of the JSON, upper-case hex; kube-openapi gives both forms the JSON's ETag */
  etag: string;
  lastModified: Date;
  gzipped: { json?: Buffer; proto?: Buffer };
}

const byVersion = new Map<string, OpenApiV2>();

/** The document for a cluster of this Kubernetes version (its `info.version`). */
export function openApiV2(kubernetesVersion: string): OpenApiV2 {
  let doc = byVersion.get(kubernetesVersion);
  if (!doc) {
    const swagger = buildSwagger(`v${kubernetesVersion}`);
    const json = Buffer.from(JSON.stringify(swagger));
    doc = {
      json,
      proto: encodeOpenApiV2(swagger),
      etag: createHash('sha512').update(json).digest('hex').toUpperCase(),
      lastModified: new Date(),
      gzipped: {},
    };
    byVersion.set(kubernetesVersion, doc);
  }
  return doc;
}

export function gzipped(doc: OpenApiV2, format: 'json' | 'proto'): Buffer {
  return (doc.gzipped[format] ??= gzipSync(doc[format]));
}

const V2_FORMATS = [
  { subType: 'json', format: 'json', contentType: 'application/json' },
  {
    subType: 'com.github.proto-openapi.spec.v2@v1.0+protobuf',
    format: 'proto',
    contentType: 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
  },
  {
    subType: 'com.github.proto-openapi.spec.v2.v1.0+protobuf',
    format: 'proto',
    contentType: 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
  },
] as const;

/**
 * The form the Accept header asks for, as kube-openapi's handler picks it:
 * clauses by preference, the first that matches JSON or the protobuf type
 * wins; undefined when none does (406).
 */
export function negotiateOpenApiV2(
  accept: string | undefined,
): { format: 'json' | 'proto'; contentType: string } | undefined {
  for (const clause of acceptClauses(accept || '*/*')) {
    const match = V2_FORMATS.find(
      f =>
        (clause.type === '*' || clause.type === 'application') &&
        (clause.subType === '*' || clause.subType === f.subType),
    );
    if (match) return { format: match.format, contentType: match.contentType };
  }
  return undefined;
}

/** goautoneg's order: by q, then the more specific clause first. */
function acceptClauses(accept: string) {
  return accept
    .split(',')
    .map((raw, index) => {
      const [range, ...params] = raw.split(';').map(p => p.trim());
      const [type = '', subType = ''] = range.split('/');
      const q = params
        .map(p => /^q=([\d.]+)$/.exec(p)?.[1])
        .find(v => v !== undefined);
      return { type, subType, q: q === undefined ? 1 : Number(q), index };
    })
    .filter(c => c.type && c.q > 0)
    .sort(
      (a, b) =>
        b.q - a.q ||
        Number(a.type === '*') - Number(b.type === '*') ||
        Number(a.subType === '*') - Number(b.subType === '*') ||
        a.index - b.index,
    );
}

// ---------------------------------------------------------------------------
// v3 → v2

const REF_V3 = '#/components/schemas/';

/** Media types in the order the API server registers them. */
const MEDIA_ORDER = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
  'application/apply-patch+cbor',
  'application/json',
  'application/yaml',
  'application/vnd.kubernetes.protobuf',
  'application/cbor',
  'application/json;stream=watch',
  'application/vnd.kubernetes.protobuf;stream=watch',
  'application/cbor-seq',
];

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

function buildSwagger(version: string): Schema {
  const definitions: Record<string, Schema> = {};
  const paths: Record<string, Schema> = {};
  const securityDefinitions: Record<string, Schema> = {};
  for (const doc of openApiDocuments()) {
    for (const [name, schema] of Object.entries(doc.schemas))
      definitions[name] ??= schemaV2(schema);
    for (const [p, item] of Object.entries(doc.paths))
      if (served(p)) paths[p] = pathItemV2(item);
    Object.assign(securityDefinitions, doc.securitySchemes);
  }
  return sorted({
    definitions: sorted(definitions),
    info: { title: 'Kubernetes', version },
    paths: sorted(paths),
    security: Object.keys(securityDefinitions).map(k => ({ [k]: [] })),
    securityDefinitions: sorted(securityDefinitions),
    swagger: '2.0',
  });
}

/** Whether this server answers the path (the resources and subresources discovery lists). */
function served(p: string): boolean {
  const segments = p.split('/').filter(Boolean);
  let group: string;
  let rest: string[];
  if (segments[0] === 'api' && segments[1] === 'v1') {
    group = '';
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 3) {
    group = segments[1];
    rest = segments.slice(3);
  } else return false;
  const version = segments[0] === 'api' ? 'v1' : segments[2];
  if (!rest.length) return true;
  if (rest[0] === 'namespaces' && rest[1] === '{namespace}' && rest.length > 2)
    rest = rest.slice(2);
  const type = findType(group, version, rest[0]);
  if (!type) return false;
  return rest.length <= 2 || `${type.resource}/${rest[2]}` in SUBRESOURCES;
}

function schemaV2(s: Schema): Schema {
  const out: Schema = {};
  const wrapped =
    Array.isArray(s.allOf) &&
    s.allOf.length === 1 &&
    Object.keys(s.allOf[0]).length === 1 &&
    typeof s.allOf[0].$ref === 'string';
  for (const [key, value] of Object.entries(s)) {
    switch (key) {
      case 'default':
      case 'nullable':
        break;
      case '$ref':
        out.$ref = refV2(value);
        break;
      case 'allOf':
        if (wrapped) out.$ref = refV2(value[0].$ref);
        else out.allOf = value.map(schemaV2);
        break;
      // IntOrString and Quantity: a string in v2 (format int-or-string where it applies).
      case 'oneOf':
      case 'anyOf':
        if (!s.type) out.type = 'string';
        break;
      case 'items':
        out.items = Array.isArray(value)
          ? value.map(schemaV2)
          : schemaV2(value);
        break;
      case 'additionalProperties':
        out.additionalProperties =
          typeof value === 'object' ? schemaV2(value) : value;
        break;
      case 'properties':
        out.properties = Object.fromEntries(
          Object.entries(value as Record<string, Schema>).map(([k, v]) => [
            k,
            schemaV2(v),
          ]),
        );
        break;
      default:
        out[key] = value;
    }
  }
  return sorted(out);
}

function refV2(ref: string): string {
  return ref.startsWith(REF_V3)
    ? `#/definitions/${ref.slice(REF_V3.length)}`
    : ref;
}

function pathItemV2(item: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(item)) {
    if (METHODS.includes(key)) out[key] = operationV2(value);
    else if (key === 'parameters') out.parameters = value.map(parameterV2);
    else if (key.startsWith('x-')) out[key] = value;
  }
  return sorted(out);
}

function operationV2(op: Schema): Schema {
  const out: Schema = {};
  const body = op.requestBody;
  out.consumes = body ? mediaTypes(Object.keys(body.content ?? {})) : ['*/*'];
  const parameters: Schema[] = [];
  if (body) {
    const content = Object.values(body.content ?? {})[0] as Schema | undefined;
    parameters.push({
      in: 'body',
      name: 'body',
      required: true,
      ...(content?.schema ? { schema: schemaV2(content.schema) } : {}),
    });
  }
  parameters.push(...(op.parameters ?? []).map(parameterV2));
  if (parameters.length) out.parameters = parameters;
  const produced = mediaTypes(
    Object.values(op.responses ?? {}).flatMap((r: any) =>
      Object.keys(r.content ?? {}),
    ),
  );
  if (produced.length) out.produces = produced;
  out.responses = Object.fromEntries(
    Object.entries(op.responses ?? {}).map(([code, r]: [string, any]) => {
      const content =
        r.content?.['application/json'] ?? Object.values(r.content ?? {})[0];
      return [
        code,
        sorted({
          description: r.description,
          ...(content?.schema ? { schema: schemaV2(content.schema) } : {}),
        }),
      ];
    }),
  );
  out.schemes = ['https'];
  for (const [key, value] of Object.entries(op))
    if (!['requestBody', 'parameters', 'responses'].includes(key))
      out[key] = value;
  return sorted(out);
}

function parameterV2(p: Schema): Schema {
  const { schema, ...rest } = p;
  return sorted({ ...rest, ...(schema ?? {}) });
}

function mediaTypes(types: string[]): string[] {
  const rank = (t: string) => {
    const i = MEDIA_ORDER.indexOf(t);
    return i < 0 ? MEDIA_ORDER.length : i;
  };
  return [...new Set(types)].sort((a, b) => rank(a) - rank(b));
}

/** kube-openapi writes keys sorted. */
function sorted(o: Schema): Schema {
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map(k => [k, o[k]]),
  );
}
