import { badRequest, KubeError } from './errors';

/*
 * kubectl's typed clients send built-in types as protobuf (`kubectl auth
 * can-i`, `create token`, `create rolebinding` …): the `k8s\0` envelope
 * around a runtime.Unknown whose `raw` is the object. This decodes the types
 * kubectl creates that way into their JSON form; responses are always JSON,
 * which clients accept.
 */

type Fields = Map<number, (Buffer | number)[]>;

function readVarint(buf: Buffer, offset: number): [number, number] {
  let result = 0;
  let shift = 0;
  let pos = offset;
  for (;;) {
    const byte = buf[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    if (!(byte & 0x80)) return [result, pos];
    shift += 7;
  }
}

function parse(buf: Buffer): Fields {
  const fields: Fields = new Map();
  let pos = 0;
  while (pos < buf.length) {
    const [tag, next] = readVarint(buf, pos);
    pos = next;
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    let value: Buffer | number;
    if (wire === 0) [value, pos] = readVarint(buf, pos);
    else if (wire === 2) {
      const [length, start] = readVarint(buf, pos);
      value = buf.subarray(start, start + length);
      pos = start + length;
    } else if (wire === 1) {
      value = Number(buf.readBigInt64LE(pos));
      pos += 8;
    } else if (wire === 5) {
      value = buf.readInt32LE(pos);
      pos += 4;
    } else throw badRequest(`unsupported protobuf wire type ${wire}`);
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}

const str = (f: Fields, n: number) =>
  (f.get(n)?.[0] as Buffer | undefined)?.toString('utf8');
const strs = (f: Fields, n: number) =>
  (f.get(n) ?? []).map(v => (v as Buffer).toString('utf8'));
const msg = (f: Fields, n: number) => {
  const raw = f.get(n)?.[0];
  return raw ? parse(raw as Buffer) : undefined;
};
const compact = (o: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined && v !== ''),
  );

function resourceAttributes(f: Fields | undefined) {
  return (
    f &&
    compact({
      namespace: str(f, 1),
      verb: str(f, 2),
      group: str(f, 3),
      version: str(f, 4),
      resource: str(f, 5),
      subresource: str(f, 6),
      name: str(f, 7),
    })
  );
}

function nonResourceAttributes(f: Fields | undefined) {
  return f && compact({ path: str(f, 1), verb: str(f, 2) });
}

function reviewSpec(f: Fields | undefined) {
  if (!f) return {};
  const extra: Record<string, string[]> = {};
  for (const entry of f.get(5) ?? []) {
    const e = parse(entry as Buffer);
    const key = str(e, 1);
    if (key) extra[key] = strs(msg(e, 2) ?? new Map(), 1);
  }
  return compact({
    resourceAttributes: resourceAttributes(msg(f, 1)),
    nonResourceAttributes: nonResourceAttributes(msg(f, 2)),
    user: str(f, 3),
    groups: f.has(4) ? strs(f, 4) : undefined,
    extra: Object.keys(extra).length ? extra : undefined,
    uid: str(f, 6),
  });
}

function stringMap(entries: (Buffer | number)[] | undefined) {
  if (!entries?.length) return undefined;
  return Object.fromEntries(
    entries
      .map(e => parse(e as Buffer))
      .map(e => [str(e, 1) ?? '', str(e, 2) ?? '']),
  );
}

function objectMeta(f: Fields | undefined) {
  return f
    ? compact({
        name: str(f, 1),
        generateName: str(f, 2),
        namespace: str(f, 3),
        resourceVersion: str(f, 6),
        labels: stringMap(f.get(11)),
        annotations: stringMap(f.get(12)),
      })
    : {};
}

function policyRule(f: Fields) {
  return compact({
    verbs: strs(f, 1),
    apiGroups: f.has(2) ? strs(f, 2) : undefined,
    resources: f.has(3) ? strs(f, 3) : undefined,
    resourceNames: f.has(4) ? strs(f, 4) : undefined,
    nonResourceURLs: f.has(5) ? strs(f, 5) : undefined,
  });
}

const messages = (f: Fields, n: number) =>
  (f.get(n) ?? []).map(v => parse(v as Buffer));

function binding(o: Fields) {
  const roleRef = msg(o, 3);
  return {
    metadata: objectMeta(msg(o, 1)),
    subjects: messages(o, 2).map(s =>
      compact({
        kind: str(s, 1),
        apiGroup: str(s, 2),
        name: str(s, 3),
        namespace: str(s, 4),
      }),
    ),
    roleRef: roleRef
      ? {
          apiGroup: str(roleRef, 1) ?? '',
          kind: str(roleRef, 2) ?? '',
          name: str(roleRef, 3) ?? '',
        }
      : undefined,
  };
}

function role(o: Fields) {
  const aggregation = msg(o, 3);
  return compact({
    metadata: objectMeta(msg(o, 1)),
    rules: messages(o, 2).map(policyRule),
    aggregationRule: aggregation && {
      clusterRoleSelectors: messages(aggregation, 1).map(sel =>
        compact({
          matchLabels: stringMap(sel.get(1)),
          matchExpressions: messages(sel, 2).map(e => ({
            key: str(e, 1),
            operator: str(e, 2),
            values: strs(e, 3),
          })),
        }),
      ),
    },
  });
}

/* Field numbers from the types' generated.proto files. */
const DECODERS: Record<string, (object: Fields) => Record<string, unknown>> = {
  Namespace: o => ({ metadata: objectMeta(msg(o, 1)) }),
  ServiceAccount: o => ({ metadata: objectMeta(msg(o, 1)) }),
  Role: role,
  ClusterRole: role,
  RoleBinding: binding,
  ClusterRoleBinding: binding,
  SelfSubjectAccessReview: o => {
    const spec = msg(o, 2);
    return {
      spec: compact({
        resourceAttributes: resourceAttributes(spec && msg(spec, 1)),
        nonResourceAttributes: nonResourceAttributes(spec && msg(spec, 2)),
      }),
    };
  },
  SubjectAccessReview: o => ({ spec: reviewSpec(msg(o, 2)) }),
  LocalSubjectAccessReview: o => ({ spec: reviewSpec(msg(o, 2)) }),
  SelfSubjectRulesReview: o => {
    const spec = msg(o, 2);
    return { spec: compact({ namespace: spec && str(spec, 1) }) };
  },
  TokenRequest: o => {
    const spec = msg(o, 2);
    return {
      spec: compact({
        audiences: spec?.has(1) ? strs(spec, 1) : undefined,
        expirationSeconds: spec?.get(2)?.[0] as number | undefined,
      }),
    };
  },
};

export function isProtobuf(contentType: string | undefined): boolean {
  return (contentType ?? '').startsWith('application/vnd.kubernetes.protobuf');
}

export function decodeProtobuf(body: Buffer): Record<string, unknown> {
  if (body.subarray(0, 4).toString('latin1') !== 'k8s\0')
    throw badRequest('protobuf body without the k8s envelope');
  const unknown = parse(body.subarray(4));
  const typeMeta = msg(unknown, 1);
  const apiVersion = typeMeta && str(typeMeta, 1);
  const kind = typeMeta && str(typeMeta, 2);
  const decoder = kind && DECODERS[kind];
  if (!decoder)
    throw new KubeError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`,
    );
  return {
    apiVersion,
    kind,
    ...decoder(parse((unknown.get(2)?.[0] as Buffer) ?? Buffer.alloc(0))),
  };
}
