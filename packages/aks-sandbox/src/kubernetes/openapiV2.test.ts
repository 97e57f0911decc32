import { gunzipSync } from 'node:zlib';
import { RunningSandbox, startSandbox } from '../startSandbox';
import { negotiateOpenApiV2, openApiV2 } from './openapiV2';
import { rawKube } from './__testUtils__/rawKube';

jest.setTimeout(60_000);

const PROTO = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
const PROTO_SERVED =
  'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

/** Just enough of a protobuf reader to walk the document: field → values. */
function fields(buf: Buffer): Map<number, Array<Buffer | number>> {
  const out = new Map<number, Array<Buffer | number>>();
  let pos = 0;
  const varint = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = buf[pos++];
      result += (byte & 0x7f) * 2 ** shift;
      if (!(byte & 0x80)) return result;
      shift += 7;
    }
  };
  while (pos < buf.length) {
    const key = varint();
    const wire = key & 7;
    let value: Buffer | number;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const length = varint();
      value = buf.subarray(pos, pos + length);
      pos += length;
    } else if (wire === 1) {
      value = buf.readDoubleLE(pos);
      pos += 8;
    } else throw new Error(`wire type ${wire}`);
    const field = Math.floor(key / 8);
    out.set(field, [...(out.get(field) ?? []), value]);
  }
  return out;
}
const str = (b: Buffer | number | undefined) => (b as Buffer).toString('utf8');
/** Repeated (name = 1, value = 2) pairs as a map of raw values. */
const namedMap = (entries: Array<Buffer | number> = []) =>
  new Map(
    entries.map(e => {
      const f = fields(e as Buffer);
      return [str(f.get(1)![0]), f.get(2)![0] as Buffer];
    }),
  );

describe('the Swagger 2.0 document', () => {
  const doc = JSON.parse(openApiV2('1.35.0').json.toString('utf8'));

  it('is built from the v3 documents as kube-openapi writes v2', () => {
    expect(doc.swagger).toBe('2.0');
    expect(doc.info).toEqual({ title: 'Kubernetes', version: 'v1.35.0' });
    expect(doc.securityDefinitions.BearerToken).toEqual({
      description: 'Bearer Token authentication',
      in: 'header',
      name: 'authorization',
      type: 'apiKey',
    });
    expect(doc.security).toEqual([{ BearerToken: [] }]);
    // No v3-only keyword is left in any schema (`default` is also a property name, of LimitRangeItem).
    const v3Only: string[] = [];
    const walk = (schema: any, at: string) => {
      for (const key of ['default', 'oneOf', 'anyOf', 'nullable'])
        if (key in schema) v3Only.push(`${at}.${key}`);
      if (String(schema.$ref ?? '#/definitions/').indexOf('#/definitions/'))
        v3Only.push(`${at}.$ref`);
      for (const [k, v] of Object.entries(schema.properties ?? {}))
        walk(v, `${at}.${k}`);
      if (typeof schema.items === 'object') walk(schema.items, `${at}[]`);
      if (typeof schema.additionalProperties === 'object')
        walk(schema.additionalProperties, `${at}{}`);
    };
    for (const [name, schema] of Object.entries(doc.definitions))
      walk(schema, name);
    expect(v3Only).toEqual([]);
    expect(
      doc.definitions['io.k8s.api.core.v1.VolumeMount'].properties.name,
    ).toEqual({
      description: 'This must match the Name of a Volume.',
      type: 'string',
    });

    const namespace = doc.definitions['io.k8s.api.core.v1.Namespace'];
    expect(namespace['x-kubernetes-group-version-kind']).toEqual([
      { group: '', kind: 'Namespace', version: 'v1' },
    ]);
    expect(namespace.properties.metadata).toEqual({
      $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
      description: expect.stringContaining("Standard object's metadata."),
    });
    expect(
      doc.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString'],
    ).toEqual({
      description: expect.any(String),
      format: 'int-or-string',
      type: 'string',
    });
    expect(
      doc.definitions['io.k8s.apimachinery.pkg.api.resource.Quantity'],
    ).toEqual({ description: expect.any(String), type: 'string' });
    for (const kind of [
      'authorization.v1.SubjectAccessReview',
      'authorization.v1.SelfSubjectRulesReview',
      'rbac.v1.ClusterRoleBinding',
      'networking.v1.NetworkPolicy',
      'core.v1.LimitRange',
    ])
      expect(doc.definitions[`io.k8s.api.${kind}`]).toBeDefined();
  });

  it('has the paths of the resources this server serves, and only those', () => {
    const paths = Object.keys(doc.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/',
        '/api/v1/namespaces',
        '/api/v1/namespaces/{name}',
        '/api/v1/namespaces/{name}/status',
        '/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token',
        '/apis/authorization.k8s.io/v1/subjectaccessreviews',
        '/apis/rbac.authorization.k8s.io/v1/namespaces/{namespace}/rolebindings/{name}',
        '/apis/networking.k8s.io/v1/networkpolicies',
      ]),
    );
    for (const unserved of [
      '/api/v1/services',
      '/api/v1/namespaces/{name}/finalize',
      '/api/v1/namespaces/{namespace}/pods/{name}/log',
      '/api/v1/watch/namespaces',
      '/apis/networking.k8s.io/v1/ingresses',
    ])
      expect(paths).not.toContain(unserved);

    const create =
      doc.paths['/apis/authorization.k8s.io/v1/subjectaccessreviews'].post;
    expect(create).toMatchObject({
      consumes: ['*/*'],
      produces: [
        'application/json',
        'application/yaml',
        'application/vnd.kubernetes.protobuf',
        'application/cbor',
      ],
      schemes: ['https'],
      'x-kubernetes-action': 'post',
      'x-kubernetes-group-version-kind': {
        group: 'authorization.k8s.io',
        kind: 'SubjectAccessReview',
        version: 'v1',
      },
    });
    expect(create.parameters[0]).toEqual({
      in: 'body',
      name: 'body',
      required: true,
      schema: {
        $ref: '#/definitions/io.k8s.api.authorization.v1.SubjectAccessReview',
      },
    });
    expect(create.responses['201'].schema.$ref).toBe(
      '#/definitions/io.k8s.api.authorization.v1.SubjectAccessReview',
    );
    const patch = doc.paths['/api/v1/namespaces/{name}'].patch;
    expect(patch.consumes[0]).toBe('application/json-patch+json');
    expect(patch.parameters).toContainEqual({
      description: expect.any(String),
      in: 'query',
      name: 'fieldValidation',
      type: 'string',
      uniqueItems: true,
    });
  });

  it('encodes the same document as gnostic protobuf', () => {
    const top = fields(openApiV2('1.35.0').proto);
    expect(str(top.get(1)![0])).toBe('2.0');
    const info = fields(top.get(2)![0] as Buffer);
    expect(str(info.get(2)![0])).toBe('v1.35.0');
    const definitions = namedMap(fields(top.get(9)![0] as Buffer).get(1));
    expect(definitions.size).toBe(Object.keys(doc.definitions).length);
    const sar = fields(
      definitions.get('io.k8s.api.authorization.v1.SubjectAccessReview')!,
    );
    const extensions = namedMap(sar.get(31));
    const gvk = fields(extensions.get('x-kubernetes-group-version-kind')!).get(
      2,
    )![0];
    // Any.yaml; JSON is YAML.
    expect(JSON.parse(str(gvk))).toEqual([
      {
        group: 'authorization.k8s.io',
        kind: 'SubjectAccessReview',
        version: 'v1',
      },
    ]);
    const required = (sar.get(19) ?? []).map(str);
    expect(required).toEqual(['spec']);
    const paths = namedMap(fields(top.get(8)![0] as Buffer).get(2));
    expect([...paths.keys()]).toEqual(Object.keys(doc.paths));
  });
});

describe('negotiateOpenApiV2', () => {
  it('picks as kube-openapi does', () => {
    expect(negotiateOpenApiV2(undefined)?.format).toBe('json');
    expect(negotiateOpenApiV2('application/json')?.format).toBe('json');
    expect(negotiateOpenApiV2(PROTO)).toEqual({
      format: 'proto',
      contentType: PROTO_SERVED,
    });
    expect(negotiateOpenApiV2(`application/json;q=0.5, ${PROTO}`)?.format).toBe(
      'proto',
    );
    expect(negotiateOpenApiV2(`${PROTO}, application/json`)?.format).toBe(
      'proto',
    );
    expect(negotiateOpenApiV2('*/*')?.format).toBe('json');
    expect(negotiateOpenApiV2('text/html')).toBeUndefined();
    expect(negotiateOpenApiV2('application/json;q=0')).toBeUndefined();
  });
});

describe('GET /openapi/v2', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.stop());
  const get = (headers: Record<string, string> = {}) =>
    rawKube(sandbox, 'aks-prod-weu', '/openapi/v2', { headers });

  it('serves JSON, or protobuf when asked, with one ETag, and 406 otherwise', async () => {
    const json = await get();
    expect(json.status).toBe(200);
    expect(json.headers['content-type']).toBe('application/json');
    expect(JSON.parse(json.raw.toString('utf8')).swagger).toBe('2.0');

    const proto = await get({ Accept: PROTO });
    expect(proto.headers['content-type']).toBe(PROTO_SERVED);
    expect(str(fields(proto.raw).get(1)![0])).toBe('2.0');
    expect(proto.headers.etag).toBe(json.headers.etag);
    expect(json.headers.etag).toMatch(/^"[0-9A-F]{128}"$/);

    expect((await get({ Accept: 'text/html' })).status).toBe(406);
    expect(
      (await get({ 'If-None-Match': String(json.headers.etag) })).status,
    ).toBe(304);

    const zipped = await get({ Accept: PROTO, 'Accept-Encoding': 'gzip' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.raw).equals(proto.raw)).toBe(true);
  });
});
