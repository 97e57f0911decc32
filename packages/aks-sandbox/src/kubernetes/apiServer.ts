import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import YAML from 'yaml';
import type { SandboxContext } from '../context';
import { applyLatency, createKeyedTokenBuckets } from '../faults';
import type { KubeObject } from '../state/types';
import { authenticate } from './authentication';
import { createAuthorizer, forbidden } from './authorizer';
import { ClusterObjects } from './clusterObjects';
import * as discovery from './discovery';
import {
  alreadyExists,
  badRequest,
  conflict,
  internal,
  invalid,
  KubeError,
  methodNotAllowed,
  notFound,
  tooManyRequests,
  unauthorized,
} from './errors';
import { listPage } from './listing';
import { recordUpdate, serverSideApply } from './managedFields';
import {
  openApiDocument,
  openApiIndex,
  pruneUnknownFields,
  schemaForKind,
} from './openapi';
import { decodeProtobuf, isProtobuf } from './protobuf';
import { jsonPatch, mergePatch, strategicMergePatch } from './patch';
import {
  aggregateClusterRoles,
  applicableRules,
  CLUSTER_ROLES,
  formatRule,
  PolicyRule,
  RBAC_GROUP,
  RequestAttributes,
  ROLES,
  uncoveredRules,
  UserInfo,
} from './rbac';
import { RequestInfo, requestInfo } from './requestInfo';
import { apiVersionOf, qualifiedResource, ResourceType } from './resources';
import { accessReview, rulesReview } from './reviews';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import { issueServiceAccountToken } from './serviceAccountTokens';
import { toTable, wantsTable } from './table';
import { validateObject } from './validation';
import { watch } from './watch';

export interface KubernetesApiServer {
  handle(req: IncomingMessage, res: ServerResponse): void;
  objects: ClusterObjects;
  /** Ends open watches (so the HTTP server can close). */
  close(): void;
}

interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  user: UserInfo;
  body: Buffer;
  warnings: string[];
}

type ResourceInfo = Extract<RequestInfo, { kind: 'resource' }> & {
  type: ResourceType;
};

const NAMESPACE_FINALIZE_MS = 300;

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

export function createKubernetesApiServer(
  ctx: SandboxContext,
  clusterName: string,
): KubernetesApiServer {
  const objects = new ClusterObjects(ctx.store, clusterName);
  const authorize = createAuthorizer(ctx, clusterName, objects);
  const throttle = createKeyedTokenBuckets(ctx.faults.kubeThrottle);
  const openWatches = new Set<ServerResponse>();
  const record = () => ctx.store.state.clusters[clusterName].record;
  const azureRbac = () => !!record().aadProfile?.enableAzureRBAC;
  const finalizers = new Set<NodeJS.Timeout>();

  /**
   * The namespace controller: a deleted namespace stays Terminating briefly,
   * then its contents and the namespace itself go, as on a real cluster
   * (where `kubectl delete -f` can still delete what was in it meanwhile).
   */
  function finalizeLater(namespace: string) {
    const timer = setTimeout(() => {
      finalizers.delete(timer);
      objects
        .write([
          ...objects.namespacedContents(namespace),
          { group: '', resource: 'namespaces', name: namespace },
        ])
        .catch(() => undefined);
    }, NAMESPACE_FINALIZE_MS);
    finalizers.add(timer);
  }
  for (const ns of objects.all('/namespaces'))
    if (ns.metadata.deletionTimestamp) finalizeLater(ns.metadata.name);

  function check(a: RequestAttributes) {
    if (!authorize(a).allowed) throw forbidden(a, azureRbac());
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    await applyLatency(ctx.faults);
    const bucket = throttle(clusterName)?.take();
    if (bucket && !bucket.ok) throw tooManyRequests(bucket.retryAfterSeconds);
    const url = new URL(req.url ?? '/', 'https://sandbox');
    const body = await readBody(req);
    const authenticated = await authenticate(
      ctx,
      clusterName,
      objects,
      req.headers.authorization,
    );
    if (!authenticated) throw unauthorized();
    const call: Call = {
      req,
      res,
      url,
      body,
      user: impersonate(req, authenticated),
      warnings: [],
    };
    const info = requestInfo(req, url);
    if (info.kind === 'nonResource') return nonResource(call, info.path);
    if (!info.type) {
      throw new KubeError(
        404,
        'NotFound',
        'the server could not find the requested resource',
        {},
      );
    }
    const resource = info as ResourceInfo;
    const attributes: RequestAttributes = {
      user: call.user,
      verb: resource.verb,
      resourceRequest: true,
      namespace: resource.namespace,
      apiGroup: resource.group,
      resource: resource.resource,
      subresource: resource.subresource,
      name: resource.name,
    };
    check(attributes);
    return resourceRequest(call, resource);
  }

  function impersonate(req: IncomingMessage, user: UserInfo): UserInfo {
    const headers = req.headersDistinct;
    const asUser = headers['impersonate-user']?.[0];
    const asGroups = headers['impersonate-group'] ?? [];
    const extraHeaders = Object.keys(headers).filter(h =>
      h.startsWith('impersonate-extra-'),
    );
    if (!asUser) {
      if (asGroups.length || extraHeaders.length)
        throw badRequest(
          'requested [Impersonate-Group] without impersonating a user',
        );
      return user;
    }
    const sa = asUser.match(/^system:serviceaccount:([^:]+):([^:]+)$/);
    const targets: Omit<
      RequestAttributes,
      'user' | 'verb' | 'resourceRequest'
    >[] = [
      sa
        ? {
            apiGroup: '',
            resource: 'serviceaccounts',
            namespace: sa[1],
            name: sa[2],
          }
        : { apiGroup: '', resource: 'users', name: asUser },
      ...asGroups.map(g => ({ apiGroup: '', resource: 'groups', name: g })),
      ...extraHeaders.flatMap(h =>
        (headers[h] ?? []).map(v => ({
          apiGroup: 'authentication.k8s.io',
          resource: 'userextras',
          subresource: h.slice('impersonate-extra-'.length),
          name: v,
        })),
      ),
    ];
    for (const target of targets)
      check({ user, verb: 'impersonate', resourceRequest: true, ...target });
    const groups = new Set(asGroups);
    if (sa)
      ['system:serviceaccounts', `system:serviceaccounts:${sa[1]}`].forEach(g =>
        groups.add(g),
      );
    groups.add('system:authenticated');
    const extra = Object.fromEntries(
      extraHeaders.map(h => [
        decodeURIComponent(h.slice('impersonate-extra-'.length)),
        headers[h] ?? [],
      ]),
    );
    return {
      username: asUser,
      groups: [...groups],
      ...(extraHeaders.length ? { extra } : {}),
    };
  }

  function nonResource(call: Call, path: string) {
    check({
      user: call.user,
      verb: (call.req.method ?? 'GET').toLowerCase(),
      resourceRequest: false,
      path,
    });
    const segments = path.split('/').filter(Boolean);
    let result: unknown;
    if (path === '/version' || path === '/version/')
      result = discovery.versionInfo(record().kubernetesVersion);
    else if (['/healthz', '/livez', '/readyz'].includes(path))
      return sendText(call.res, 200, 'ok');
    else if (path === '/api') result = discovery.coreVersions();
    else if (path === '/api/v1') result = discovery.resourceList('', 'v1');
    else if (path === '/apis') result = discovery.groupList();
    else if (segments[0] === 'apis' && segments.length === 2)
      result = discovery.group(segments[1]);
    else if (segments[0] === 'apis' && segments.length === 3)
      result = discovery.resourceList(segments[1], segments[2]);
    else if (path === '/openapi/v3' || path === '/openapi/v3/')
      result = openApiIndex();
    else if (segments[0] === 'openapi' && segments[1] === 'v3') {
      const doc = openApiDocument(segments.slice(2).join('/'));
      if (doc) {
        call.res.writeHead(200, {
          'Content-Type': 'application/json',
          // kubectl caches documents by hash; the hash changes when the content does.
          ...(call.url.searchParams.get('hash') === doc.hash
            ? {
                'Cache-Control': 'public, immutable',
                Expires: new Date(Date.now() + 365 * 86400_000).toUTCString(),
              }
            : {}),
          Etag: `"${doc.hash}"`,
        });
        call.res.end(doc.raw);
        return undefined;
      }
    }
    if (!result)
      throw new KubeError(
        404,
        'NotFound',
        'the server could not find the requested resource',
        {},
      );
    return send(call, 200, result);
  }

  async function resourceRequest(call: Call, info: ResourceInfo) {
    const { type } = info;
    const method = call.req.method;
    const storageNs = type.namespaced ? info.namespace : undefined;
    if (type.virtual) {
      if (method !== 'POST' || info.name) throw methodNotAllowed('POST', type);
      return review(call, info);
    }
    if (
      info.subresource === 'token' &&
      type.resource === 'serviceaccounts' &&
      method === 'POST'
    ) {
      return tokenRequest(call, info);
    }
    if (info.subresource && info.subresource !== 'status')
      throw new KubeError(
        404,
        'NotFound',
        'the server could not find the requested resource',
        {},
      );
    if (!info.name) {
      if (method === 'GET')
        return info.verb === 'watch'
          ? watchCollection(call, info)
          : list(call, info, storageNs);
      if (method === 'POST') {
        if (type.namespaced && !info.namespace)
          throw new KubeError(
            404,
            'NotFound',
            'the server could not find the requested resource',
            {},
          );
        return create(call, info, parseBody(call));
      }
      if (method === 'DELETE') return deleteCollection(call, info, storageNs);
      throw methodNotAllowed('GET, POST', type);
    }
    switch (method) {
      case 'GET':
        if (info.verb === 'watch') return watchCollection(call, info);
        return send(
          call,
          200,
          maybeTable(call, type, [getOrThrow(type, storageNs, info.name)]) ??
            getOrThrow(type, storageNs, info.name),
        );
      case 'PUT':
        return update(call, info, parseBody(call));
      case 'PATCH':
        return patch(call, info);
      case 'DELETE':
        return remove(call, info);
      default:
        throw methodNotAllowed('GET, PUT, PATCH, DELETE', type);
    }
  }

  function typeKey(type: ResourceType) {
    return `${type.group}/${type.resource}`;
  }

  function getOrThrow(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    const object = objects.get(typeKey(type), namespace, name);
    if (!object) throw notFound(type, name);
    return object;
  }

  function maybeTable(
    call: Call,
    type: ResourceType,
    items: KubeObject[],
    listMeta: Record<string, unknown> = {},
  ) {
    if (!wantsTable(call.req.headers.accept)) return undefined;
    const table = toTable(
      type.kind,
      items,
      call.url.searchParams.get('includeObject') ?? undefined,
      listMeta,
    );
    return items.length === 1 &&
      !call.url.searchParams.has('limit') &&
      !listMeta.resourceVersion
      ? {
          ...table,
          metadata: { resourceVersion: items[0].metadata.resourceVersion },
        }
      : table;
  }

  function matchers(call: Call) {
    return [
      parseLabelSelector(
        call.url.searchParams.get('labelSelector') ?? undefined,
      ),
      parseFieldSelector(
        call.url.searchParams.get('fieldSelector') ?? undefined,
      ),
    ].filter((m): m is NonNullable<typeof m> => !!m);
  }

  function list(call: Call, info: ResourceInfo, namespace: string | undefined) {
    const limit = Number(call.url.searchParams.get('limit') ?? '') || undefined;
    const page = listPage(
      objects,
      typeKey(info.type),
      namespace,
      matchers(call),
      limit,
      call.url.searchParams.get('continue') || undefined,
    );
    const metadata = {
      resourceVersion: page.resourceVersion,
      ...(page.continue ? { continue: page.continue } : {}),
      ...(page.remainingItemCount !== undefined
        ? { remainingItemCount: page.remainingItemCount }
        : {}),
    };
    const table = maybeTable(call, info.type, page.items, metadata);
    return send(
      call,
      200,
      table ?? {
        kind: `${info.type.kind}List`,
        apiVersion: apiVersionOf(info.type),
        metadata,
        items: page.items,
      },
    );
  }

  function watchCollection(call: Call, info: ResourceInfo) {
    const selectors = matchers(call);
    if (info.name) selectors.push(o => o.metadata.name === info.name);
    openWatches.add(call.res);
    call.res.on('close', () => openWatches.delete(call.res));
    watch({
      objects,
      typeKey: typeKey(info.type),
      namespace: info.type.namespaced ? info.namespace : undefined,
      matchers: selectors,
      resourceVersion:
        call.url.searchParams.get('resourceVersion') ?? undefined,
      timeoutSeconds:
        Number(call.url.searchParams.get('timeoutSeconds') ?? '') || 1800,
      bookmarks: call.url.searchParams.get('allowWatchBookmarks') === 'true',
      encode: wantsTable(call.req.headers.accept)
        ? o =>
            toTable(
              info.type.kind,
              [o],
              call.url.searchParams.get('includeObject') ?? undefined,
              {},
            )
        : o => o,
      kind: info.type.kind,
      apiVersion: apiVersionOf(info.type),
      res: call.res,
    });
  }

  function parseBody(call: Call): any {
    if (isProtobuf(call.req.headers['content-type']))
      return decodeProtobuf(call.body);
    const text = call.body.toString('utf8');
    if (!text.trim())
      throw badRequest(
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
      );
    try {
      return /yaml/.test(call.req.headers['content-type'] ?? '')
        ? YAML.parse(text)
        : JSON.parse(text);
    } catch (e) {
      throw badRequest(
        `the body of the request could not be decoded: ${(e as Error).message}`,
      );
    }
  }

  function dryRun(call: Call, body?: any): boolean {
    return (
      call.url.searchParams.getAll('dryRun').includes('All') ||
      (Array.isArray(body?.dryRun) && body.dryRun.includes('All'))
    );
  }

  function fieldManager(call: Call, fallback?: string): string {
    return (
      call.url.searchParams.get('fieldManager') ??
      fallback ??
      (call.req.headers['user-agent'] ?? 'unknown').split('/')[0]
    );
  }

  /** Schema-checks a body, dropping unknown fields; Strict rejects them, Warn reports them. */
  function decode(call: Call, type: ResourceType, object: any): KubeObject {
    if (!object || typeof object !== 'object' || Array.isArray(object))
      throw badRequest("Object 'Kind' is missing in the request body");
    if (object.kind && object.kind !== type.kind) {
      throw badRequest(
        `the API version in the data (${
          object.apiVersion
        }) does not match the expected API version (${apiVersionOf(type)})`,
      );
    }
    if (object.apiVersion && object.apiVersion !== apiVersionOf(type)) {
      throw badRequest(
        `the API version in the data (${
          object.apiVersion
        }) does not match the expected API version (${apiVersionOf(type)})`,
      );
    }
    const decoded = JSON.parse(JSON.stringify(object));
    const unknown = pruneUnknownFields(
      decoded,
      schemaForKind(apiVersionOf(type), type.kind),
    );
    const mode = call.url.searchParams.get('fieldValidation') ?? 'Warn';
    if (unknown.length && mode === 'Strict') {
      throw badRequest(
        `strict decoding error: ${unknown
          .map(f => `unknown field "${f}"`)
          .join(', ')}`,
      );
    }
    if (mode !== 'Ignore')
      call.warnings.push(...unknown.map(f => `unknown field "${f}"`));
    return {
      ...decoded,
      apiVersion: apiVersionOf(type),
      kind: type.kind,
      metadata: decoded.metadata ?? {},
    };
  }

  function validate(
    type: ResourceType,
    object: KubeObject,
    previous?: KubeObject,
  ) {
    const causes = validateObject(type, object, previous);
    if (causes.length)
      throw invalid(
        type.kind,
        type.group,
        object.metadata.name ?? object.metadata.generateName ?? '',
        causes,
      );
  }

  function checkNamespace(info: ResourceInfo, object: KubeObject) {
    if (!info.type.namespaced) {
      delete object.metadata.namespace;
      return;
    }
    if (
      object.metadata.namespace &&
      object.metadata.namespace !== info.namespace
    ) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    object.metadata.namespace = info.namespace;
    const ns = objects.get('/namespaces', undefined, info.namespace!);
    if (!ns)
      throw notFound({ group: '', resource: 'namespaces' }, info.namespace!);
    if (
      ns.metadata.deletionTimestamp &&
      !objects.get(typeKey(info.type), info.namespace, object.metadata.name)
    ) {
      throw new KubeError(
        403,
        'Forbidden',
        `${info.type.resource} "${object.metadata.name}" is forbidden: unable to create new content in namespace ${info.namespace} because it is being terminated`,
        {
          name: object.metadata.name,
          group: info.type.group || undefined,
          kind: info.type.resource,
          causes: [
            {
              reason: 'NamespaceTerminating',
              message: `namespace ${info.namespace} is being terminated`,
              field: 'metadata.namespace',
            },
          ],
        },
      );
    }
  }

  /**
   * RBAC's escalation check: a role may only hold permissions its author
   * holds, and a binding may only grant a role its author holds, unless the
   * author may `escalate` roles or `bind` that role.
   */
  function confirmNoEscalation(
    user: UserInfo,
    type: ResourceType,
    object: KubeObject,
  ) {
    if (user.groups.includes('system:masters')) return;
    const namespace = object.metadata.namespace;
    let requested: PolicyRule[];
    if (type.kind === 'Role' || type.kind === 'ClusterRole') {
      if (
        authorize({
          user,
          verb: 'escalate',
          resourceRequest: true,
          apiGroup: RBAC_GROUP,
          resource: type.resource,
          namespace,
          name: object.metadata.name,
        }).allowed
      )
        return;
      requested = (object.rules as PolicyRule[] | undefined) ?? [];
    } else if (
      type.kind === 'RoleBinding' ||
      type.kind === 'ClusterRoleBinding'
    ) {
      const ref = object.roleRef as { kind: string; name: string };
      const roleType = {
        group: RBAC_GROUP,
        resource: ref.kind === 'Role' ? 'roles' : 'clusterroles',
      };
      if (
        authorize({
          user,
          verb: 'bind',
          resourceRequest: true,
          apiGroup: RBAC_GROUP,
          resource: roleType.resource,
          namespace,
          name: ref.name,
        }).allowed
      )
        return;
      const role =
        ref.kind === 'Role'
          ? objects.get(ROLES, namespace, ref.name)
          : objects.get(CLUSTER_ROLES, undefined, ref.name);
      if (!role) throw notFound(roleType, ref.name);
      requested = (role.rules as PolicyRule[] | undefined) ?? [];
    } else return;
    const missing = uncoveredRules(
      [...applicableRules(objects, user, namespace)],
      requested,
    );
    if (!missing.length) return;
    throw new KubeError(
      403,
      'Forbidden',
      `${qualifiedResource(type)} "${
        object.metadata.name
      }" is forbidden: user "${user.username}" (groups=[${user.groups
        .map(g => `"${g}"`)
        .join(
          ' ',
        )}]) is attempting to grant RBAC permissions not currently held:\n${missing
        .map(formatRule)
        .join('\n')}`,
      { name: object.metadata.name, group: type.group, kind: type.resource },
    );
  }

  function initialize(type: ResourceType, object: KubeObject) {
    if (!object.metadata.name && object.metadata.generateName) {
      object.metadata.name = `${object.metadata.generateName}${randomBytes(4)
        .toString('hex')
        .slice(0, 5)}`;
    }
    object.metadata.uid = randomUUID();
    object.metadata.creationTimestamp = now();
    delete object.metadata.resourceVersion;
    if (type.kind === 'Namespace') {
      object.metadata.labels = {
        ...object.metadata.labels,
        'kubernetes.io/metadata.name': object.metadata.name,
      };
      object.spec = { finalizers: ['kubernetes'], ...(object.spec as object) };
      object.status = { phase: 'Active' };
    }
  }

  /** Validation, admission and storage shared by every write. */
  async function store(
    call: Call,
    info: ResourceInfo,
    object: KubeObject,
    previous: KubeObject | undefined,
    manager: string | undefined,
    body?: any,
  ) {
    const { type } = info;
    validate(type, object, previous);
    confirmNoEscalation(call.user, type, object);
    const schema = schemaForKind(apiVersionOf(type), type.kind);
    const stored =
      manager === undefined
        ? object
        : recordUpdate(previous, object, manager, schema, now());
    if (
      previous &&
      JSON.stringify({
        ...stored,
        metadata: { ...stored.metadata, resourceVersion: undefined },
      }) ===
        JSON.stringify({
          ...previous,
          metadata: { ...previous.metadata, resourceVersion: undefined },
        })
    ) {
      return send(call, 200, previous);
    }
    if (dryRun(call, body)) return send(call, previous ? 200 : 201, stored);
    const [written] = await objects.write([
      {
        group: type.group,
        resource: type.resource,
        namespace: stored.metadata.namespace,
        name: stored.metadata.name,
        object: stored,
      },
      // The ServiceAccount controller's part: every new namespace gets `default`.
      ...(type.kind === 'Namespace' && !previous
        ? [defaultServiceAccountWrite(stored.metadata.name)]
        : []),
    ]);
    if (type.kind === 'ClusterRole') await reconcileAggregation();
    return send(
      call,
      previous ? 200 : 201,
      objects.get(
        typeKey(type),
        stored.metadata.namespace,
        stored.metadata.name,
      ) ?? written,
    );
  }

  async function reconcileAggregation() {
    for (let round = 0; round < 5; round++) {
      const changed = aggregateClusterRoles(objects.all(CLUSTER_ROLES));
      if (!changed.length) return;
      await objects.write(
        changed.map(role => ({
          group: RBAC_GROUP,
          resource: 'clusterroles',
          name: role.metadata.name,
          object: role,
        })),
      );
    }
  }

  async function create(call: Call, info: ResourceInfo, body: any) {
    const object = decode(call, info.type, body);
    checkNamespace(info, object);
    initialize(info.type, object);
    if (
      objects.get(
        typeKey(info.type),
        object.metadata.namespace,
        object.metadata.name,
      )
    )
      throw alreadyExists(info.type, object.metadata.name);
    return store(call, info, object, undefined, fieldManager(call));
  }

  async function update(call: Call, info: ResourceInfo, body: any) {
    const object = decode(call, info.type, body);
    checkNamespace(info, object);
    if (object.metadata.name !== info.name)
      throw badRequest(
        'the name of the object does not match the name on the URL',
      );
    const previous = objects.get(
      typeKey(info.type),
      object.metadata.namespace,
      info.name!,
    );
    if (!previous) {
      if (!info.type.allowCreateOnUpdate) throw notFound(info.type, info.name!);
      initialize(info.type, object);
      return store(call, info, object, undefined, fieldManager(call));
    }
    const rv = object.metadata.resourceVersion;
    if (rv && rv !== previous.metadata.resourceVersion)
      throw conflict(info.type, info.name!);
    const next = preserveServerFields(
      info.type,
      previous,
      object,
      info.subresource === 'status',
    );
    return store(call, info, next, previous, fieldManager(call));
  }

  function preserveServerFields(
    type: ResourceType,
    previous: KubeObject,
    next: KubeObject,
    statusOnly: boolean,
  ): KubeObject {
    if (statusOnly) return { ...previous, status: next.status };
    const result: KubeObject = {
      ...next,
      metadata: {
        ...next.metadata,
        uid: previous.metadata.uid,
        creationTimestamp: previous.metadata.creationTimestamp,
        resourceVersion: previous.metadata.resourceVersion,
        managedFields:
          next.metadata.managedFields ?? previous.metadata.managedFields,
      },
    };
    if (type.kind === 'Namespace') {
      if ('status' in previous) result.status = previous.status;
      // The namespace strategy's PrepareForUpdate: the name label is always
      // set, and finalizers only change through the finalize subresource.
      result.metadata.labels = {
        ...result.metadata.labels,
        'kubernetes.io/metadata.name': previous.metadata.name,
      };
      const kept = (previous.spec as { finalizers?: string[] } | undefined)
        ?.finalizers;
      if (kept) result.spec = { ...(result.spec as object), finalizers: kept };
    }
    return result;
  }

  async function patch(call: Call, info: ResourceInfo) {
    const contentType = (call.req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    const schema = schemaForKind(apiVersionOf(info.type), info.type.kind);
    const namespace = info.type.namespaced ? info.namespace : undefined;
    const previous = objects.get(typeKey(info.type), namespace, info.name!);
    if (contentType === 'application/apply-patch+yaml') {
      const manager = call.url.searchParams.get('fieldManager');
      if (!manager)
        throw badRequest(
          'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
        );
      const applied = decode(call, info.type, parseBody(call));
      if (applied.metadata.name && applied.metadata.name !== info.name)
        throw badRequest(
          'the name of the object does not match the name on the URL',
        );
      applied.metadata.name = info.name!;
      checkNamespace(info, applied);
      if (applied.metadata.managedFields)
        throw badRequest('metadata.managedFields must be nil');
      const force = call.url.searchParams.get('force') === 'true';
      if (!previous) {
        // Ownership follows the applied configuration; what the server adds
        // on create (a namespace's name label and finalizer) belongs to no
        // manager, so a later apply without them does not remove them.
        const created = serverSideApply(
          undefined,
          applied,
          manager,
          force,
          schema,
          now(),
        );
        initialize(info.type, created);
        return store(call, info, created, undefined, undefined);
      }
      const next = serverSideApply(
        previous,
        applied,
        manager,
        force,
        schema,
        now(),
      );
      if (next === previous) return send(call, 200, previous);
      return store(
        call,
        info,
        preserveServerFields(info.type, previous, next, false),
        previous,
        undefined,
      );
    }
    if (!previous) throw notFound(info.type, info.name!);
    const patchBody = parseBody(call);
    const base = JSON.parse(JSON.stringify(previous));
    let patched: any;
    switch (contentType) {
      case 'application/merge-patch+json':
        patched = mergePatch(base, patchBody);
        break;
      case 'application/json-patch+json':
        patched = jsonPatch(base, patchBody);
        break;
      case 'application/strategic-merge-patch+json':
        patched = strategicMergePatch(base, patchBody, schema);
        break;
      default:
        throw new KubeError(
          415,
          'UnsupportedMediaType',
          `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`,
        );
    }
    const object = decode(call, info.type, patched);
    checkNamespace(info, object);
    if (object.metadata.name !== info.name)
      throw badRequest(
        'the name of the object does not match the name on the URL',
      );
    const rv = object.metadata.resourceVersion;
    if (rv && rv !== previous.metadata.resourceVersion)
      throw conflict(info.type, info.name!);
    return store(
      call,
      info,
      preserveServerFields(
        info.type,
        previous,
        object,
        info.subresource === 'status',
      ),
      previous,
      fieldManager(call),
    );
  }

  async function remove(call: Call, info: ResourceInfo) {
    const namespace = info.type.namespaced ? info.namespace : undefined;
    const existing = getOrThrow(info.type, namespace, info.name!);
    const options = call.body.length ? parseBody(call) : {};
    const preconditions = options?.preconditions ?? {};
    if (
      (preconditions.uid && preconditions.uid !== existing.metadata.uid) ||
      (preconditions.resourceVersion &&
        preconditions.resourceVersion !== existing.metadata.resourceVersion)
    ) {
      throw conflict(info.type, info.name!);
    }
    if (info.type.kind === 'Namespace') {
      if (existing.metadata.deletionTimestamp) return send(call, 200, existing);
      const terminating = {
        ...existing,
        metadata: { ...existing.metadata, deletionTimestamp: now() },
        status: { phase: 'Terminating' },
      };
      if (dryRun(call, options)) return send(call, 200, terminating);
      const [written] = await objects.write([
        {
          group: '',
          resource: 'namespaces',
          name: info.name!,
          object: terminating,
        },
      ]);
      finalizeLater(info.name!);
      return send(call, 200, written);
    }
    if (!dryRun(call, options))
      await objects.write([
        {
          group: info.type.group,
          resource: info.type.resource,
          namespace,
          name: info.name!,
        },
      ]);
    if (info.type.kind === 'ClusterRole' && !dryRun(call, options))
      await reconcileAggregation();
    return send(call, 200, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: {
        name: info.name,
        group: info.type.group || undefined,
        kind: info.type.resource,
        uid: existing.metadata.uid,
      },
    });
  }

  async function deleteCollection(
    call: Call,
    info: ResourceInfo,
    namespace: string | undefined,
  ) {
    const page = listPage(
      objects,
      typeKey(info.type),
      namespace,
      matchers(call),
      undefined,
      undefined,
    );
    if (!dryRun(call)) {
      await objects.write(
        page.items.map(o => ({
          group: info.type.group,
          resource: info.type.resource,
          namespace: o.metadata.namespace,
          name: o.metadata.name,
        })),
      );
    }
    return send(call, 200, {
      kind: `${info.type.kind}List`,
      apiVersion: apiVersionOf(info.type),
      metadata: { resourceVersion: String(objects.resourceVersion) },
      items: page.items,
    });
  }

  function review(call: Call, info: ResourceInfo) {
    const body = parseBody(call);
    const result =
      info.type.kind === 'SelfSubjectRulesReview'
        ? rulesReview(body, call.user, objects, azureRbac())
        : accessReview(
            info.type.kind,
            body,
            call.user,
            authorize,
            info.namespace,
          );
    return send(call, 201, result);
  }

  async function tokenRequest(call: Call, info: ResourceInfo) {
    const sa = getOrThrow(info.type, info.namespace, info.name!);
    const body = call.body.length ? parseBody(call) : {};
    const spec = body.spec ?? {};
    const issuer = ctx.urls.oidcIssuer(clusterName);
    const expirationSeconds = spec.expirationSeconds ?? 3600;
    if (expirationSeconds < 600) {
      throw invalid('TokenRequest', 'authentication.k8s.io', '', [
        {
          type: 'FieldValueInvalid',
          field: 'spec.expirationSeconds',
          message: `Invalid value: ${expirationSeconds}: may not specify a duration less than 10 minutes`,
        },
      ]);
    }
    const audiences: string[] = spec.audiences?.length
      ? spec.audiences
      : [issuer];
    const { token, expirationTimestamp } = await issueServiceAccountToken({
      signingKeyPem: ctx.store.state.clusters[clusterName].signingKeyPem,
      issuer,
      serviceAccount: sa,
      audiences,
      expirationSeconds,
    });
    return send(call, 201, {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: {
        name: info.name,
        namespace: info.namespace,
        creationTimestamp: now(),
      },
      spec: {
        audiences,
        expirationSeconds,
        boundObjectRef: spec.boundObjectRef ?? null,
      },
      status: { token, expirationTimestamp },
    });
  }

  return {
    objects,
    handle(req, res) {
      handle(req, res).catch(error => {
        const status =
          error instanceof KubeError
            ? error
            : internal(String(error?.stack ?? error));
        if (res.headersSent) {
          res.end();
          return;
        }
        res.writeHead(status.code, {
          'Content-Type': 'application/json',
          ...status.headers,
        });
        res.end(JSON.stringify(status.toStatus()));
      });
    },
    close() {
      for (const timer of finalizers) clearTimeout(timer);
      for (const res of openWatches) res.end();
      objects.closeAll();
    },
  };
}

function defaultServiceAccountWrite(namespace: string) {
  const object: KubeObject = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name: 'default',
      namespace,
      uid: randomUUID(),
      creationTimestamp: now(),
    },
  };
  return {
    group: '',
    resource: 'serviceaccounts',
    namespace,
    name: 'default',
    object,
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(call: Call, code: number, body: unknown) {
  const headers: Record<string, string | string[]> = {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
  };
  if (call.warnings.length)
    headers.Warning = call.warnings.map(w => `299 - ${JSON.stringify(w)}`);
  call.res.writeHead(code, headers);
  call.res.end(JSON.stringify(body));
}

function sendText(res: ServerResponse, code: number, text: string) {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}
