import type { Schema } from './openapi';

/*
 * The Swagger 2.0 document in the protobuf form client-go asks /openapi/v2
 * for (`application/com.github.proto-openapi.spec.v2@v1.0+protobuf`):
 * gnostic's `openapi.v2.Document` (github.com/google/gnostic,
 * openapiv2/OpenAPIv2.proto), as kube-openapi's ToProtoBinary makes it from
 * the JSON. Maps are repeated (name, value) pairs in key order; vendor
 * extensions and other free-form values are `Any { yaml }` (JSON is YAML).
 * Only what Kubernetes documents use is written; proto3 leaves out
 * empty strings, false and zero.
 */

class Writer {
  private buf = Buffer.alloc(256);
  private pos = 0;

  private ensure(n: number) {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  private varint(value: number) {
    this.ensure(10);
    let n = value;
    while (n >= 0x80) {
      this.buf[this.pos++] = n % 0x80 | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.pos++] = n;
  }

  private key(field: number, wire: number) {
    this.varint(field * 8 + wire);
  }

  private bytes(field: number, data: Buffer) {
    this.key(field, 2);
    this.varint(data.length);
    this.ensure(data.length);
    data.copy(this.buf, this.pos);
    this.pos += data.length;
  }

  string(field: number, value: unknown) {
    if (typeof value === 'string' && value) this.repeatedString(field, value);
  }

  repeatedString(field: number, value: string) {
    this.bytes(field, Buffer.from(value, 'utf8'));
  }

  strings(field: number, values: unknown) {
    if (Array.isArray(values))
      for (const v of values) this.repeatedString(field, String(v));
  }

  bool(field: number, value: unknown) {
    if (value === true) this.oneofBool(field, true);
  }

  /** A bool in a oneof is written even when false. */
  oneofBool(field: number, value: boolean) {
    this.key(field, 0);
    this.varint(value ? 1 : 0);
  }

  double(field: number, value: unknown) {
    if (typeof value !== 'number' || value === 0) return;
    this.key(field, 1);
    this.ensure(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  int64(field: number, value: unknown) {
    if (typeof value === 'number' && value > 0) {
      this.key(field, 0);
      this.varint(value);
    }
  }

  message(field: number, fill: (w: Writer) => void) {
    const inner = new Writer();
    fill(inner);
    this.bytes(field, inner.finish());
  }

  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

type Encode<T = Schema> = (w: Writer, value: T) => void;

/** A map as repeated Named* messages: name = 1, value = 2. */
function named<T>(
  w: Writer,
  field: number,
  map: Record<string, T>,
  encode: Encode<T>,
) {
  for (const [name, value] of Object.entries(map))
    w.message(field, n => {
      n.string(1, name);
      n.message(2, v => encode(v, value));
    });
}

/** `Any { yaml = 2 }` */
const any: Encode<unknown> = (w, value) => w.string(2, JSON.stringify(value));

/** Keys starting `x-` as repeated NamedAny. */
function vendorExtensions(w: Writer, field: number, o: Schema) {
  const extensions = Object.fromEntries(
    Object.entries(o).filter(([k]) => k.startsWith('x-')),
  );
  named(w, field, extensions, any);
}

const schema: Encode = (w, s) => {
  w.string(1, s.$ref);
  w.string(2, s.format);
  w.string(3, s.title);
  w.string(4, s.description);
  if ('default' in s) w.message(5, a => any(a, s.default));
  w.double(6, s.multipleOf);
  w.double(7, s.maximum);
  w.bool(8, s.exclusiveMaximum);
  w.double(9, s.minimum);
  w.bool(10, s.exclusiveMinimum);
  w.int64(11, s.maxLength);
  w.int64(12, s.minLength);
  w.string(13, s.pattern);
  w.int64(14, s.maxItems);
  w.int64(15, s.minItems);
  w.bool(16, s.uniqueItems);
  w.int64(17, s.maxProperties);
  w.int64(18, s.minProperties);
  w.strings(19, s.required);
  for (const e of s.enum ?? []) w.message(20, a => any(a, e));
  const additional = s.additionalProperties;
  if (additional !== undefined)
    w.message(21, item =>
      typeof additional === 'boolean'
        ? item.oneofBool(2, additional)
        : item.message(1, x => schema(x, additional)),
    );
  if (s.type !== undefined) w.message(22, t => t.strings(1, [s.type].flat()));
  if (s.items !== undefined)
    w.message(23, items => {
      for (const i of [s.items].flat()) items.message(1, x => schema(x, i));
    });
  for (const a of s.allOf ?? []) w.message(24, x => schema(x, a));
  if (s.properties) w.message(25, p => named(p, 1, s.properties, schema));
  w.string(26, s.discriminator);
  w.bool(27, s.readOnly);
  vendorExtensions(w, 31, s);
};

/** Header, formData, query and path parameters share a layout; query and formData add allowEmptyValue as 5. */
function nonBodyParameter(w: Writer, p: Schema) {
  const shift = p.in === 'query' || p.in === 'formData' ? 1 : 0;
  w.bool(1, p.required);
  w.string(2, p.in);
  w.string(3, p.description);
  w.string(4, p.name);
  if (shift) w.bool(5, p.allowEmptyValue);
  w.string(5 + shift, p.type);
  w.string(6 + shift, p.format);
  w.string(8 + shift, p.collectionFormat);
  w.bool(19 + shift, p.uniqueItems);
  vendorExtensions(w, 22 + shift, p);
}

const NON_BODY: Record<string, number> = {
  header: 1,
  formData: 2,
  query: 3,
  path: 4,
};

const parametersItem: Encode = (w, p) => {
  if (p.$ref) {
    w.message(2, ref => ref.string(1, p.$ref));
    return;
  }
  w.message(1, parameter => {
    if (p.in === 'body') {
      parameter.message(1, b => {
        b.string(1, p.description);
        b.string(2, p.name);
        b.string(3, p.in);
        b.bool(4, p.required);
        if (p.schema) b.message(5, x => schema(x, p.schema));
        vendorExtensions(b, 6, p);
      });
    } else {
      parameter.message(2, nonBody =>
        nonBody.message(NON_BODY[p.in], x => nonBodyParameter(x, p)),
      );
    }
  });
};

const responses: Encode = (w, rs) => {
  for (const [code, r] of Object.entries(rs as Record<string, Schema>)) {
    if (code.startsWith('x-')) continue;
    w.message(1, n => {
      n.string(1, code);
      n.message(2, value => {
        if (r.$ref) {
          value.message(2, ref => ref.string(1, r.$ref));
          return;
        }
        value.message(1, response => {
          response.string(1, r.description);
          if (r.schema)
            response.message(2, item =>
              item.message(1, x => schema(x, r.schema)),
            );
          vendorExtensions(response, 5, r);
        });
      });
    });
  }
  vendorExtensions(w, 2, rs);
};

const operation: Encode = (w, op) => {
  w.strings(1, op.tags);
  w.string(2, op.summary);
  w.string(3, op.description);
  w.string(5, op.operationId);
  w.strings(6, op.produces);
  w.strings(7, op.consumes);
  for (const p of op.parameters ?? []) w.message(8, x => parametersItem(x, p));
  if (op.responses) w.message(9, x => responses(x, op.responses));
  w.strings(10, op.schemes);
  w.bool(11, op.deprecated);
  vendorExtensions(w, 13, op);
};

const PATH_METHODS: Record<string, number> = {
  get: 2,
  put: 3,
  post: 4,
  delete: 5,
  options: 6,
  head: 7,
  patch: 8,
};

const pathItem: Encode = (w, item) => {
  w.string(1, item.$ref);
  for (const [method, field] of Object.entries(PATH_METHODS))
    if (item[method]) w.message(field, x => operation(x, item[method]));
  for (const p of item.parameters ?? [])
    w.message(9, x => parametersItem(x, p));
  vendorExtensions(w, 10, item);
};

/** SecurityDefinitionsItem: apiKey = 2 (the only kind Kubernetes declares; others are left out). */
const securityDefinition: Encode = (w, d) => {
  if (d.type !== 'apiKey') return;
  w.message(2, k => {
    k.string(1, d.type);
    k.string(2, d.name);
    k.string(3, d.in);
    k.string(4, d.description);
    vendorExtensions(k, 5, d);
  });
};

export function encodeOpenApiV2(doc: Schema): Buffer {
  const w = new Writer();
  w.string(1, doc.swagger);
  if (doc.info)
    w.message(2, info => {
      info.string(1, doc.info.title);
      info.string(2, doc.info.version);
      info.string(3, doc.info.description);
      vendorExtensions(info, 7, doc.info);
    });
  w.string(3, doc.host);
  w.string(4, doc.basePath);
  w.strings(5, doc.schemes);
  w.strings(6, doc.consumes);
  w.strings(7, doc.produces);
  if (doc.paths)
    w.message(8, paths => {
      vendorExtensions(paths, 1, doc.paths);
      named(
        paths,
        2,
        Object.fromEntries(
          Object.entries(doc.paths as Schema).filter(
            ([k]) => !k.startsWith('x-'),
          ),
        ),
        pathItem,
      );
    });
  if (doc.definitions) w.message(9, d => named(d, 1, doc.definitions, schema));
  for (const requirement of doc.security ?? [])
    w.message(12, r =>
      named(r, 1, requirement, (list, scopes: string[]) =>
        list.strings(1, scopes),
      ),
    );
  if (doc.securityDefinitions)
    w.message(13, d =>
      named(d, 1, doc.securityDefinitions, securityDefinition),
    );
  vendorExtensions(w, 16, doc);
  return w.finish();
}
