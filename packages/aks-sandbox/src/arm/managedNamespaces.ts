import { createHash } from 'crypto';
import type { SandboxContext, StateChange } from '../context';
import { MANAGED_BY_ARM_LABEL } from '../kubernetes/managedNamespaceGuard';
import { clusterKeyOf } from '../state/clusters';
import {
  adoptionDifferences,
  deleteNamespace,
  readNamespaceObjects,
  reconcileNamespace,
  ReconcileError,
  releaseNamespace,
} from '../kubernetes/managedNamespaceReconciler';
import type {
  ArmOperationRecord,
  ClusterState,
  ManagedNamespaceProperties,
  ManagedNamespaceRecord,
} from '../state/types';
import { ArmError, invalidRequestContent, resourceNotFound } from './errors';
import {
  credentialResults,
  kubeconfig,
  requireCluster,
} from './managedClusters';
import {
  acceptedHeaders,
  type ArmResponseWithHeaders,
  finishedOperation,
  isRunning,
  newOperation,
  operationChange,
  operationOf,
} from './operations';
import { pageOf } from './paging';
import type { ArmRequest, ArmRoute } from './request';

/*
 * Microsoft.ContainerService/managedClusters/managedNamespaces, as the
 * 2026-08-01 spec and its examples have it (spec-examples/, SOURCES.md):
 *   PUT     create: 201 + Azure-AsyncOperation + Retry-After (long-running,
 *           final state via the async operation, then a GET of the resource);
 *           update: 200, done
 *   PATCH   tags only, 200
 *   DELETE  202 + Azure-AsyncOperation + Location + Retry-After; 204 when absent
 *   GET     the resource, or the cluster's list (paged with nextLink)
 *   POST    listCredential: CredentialResults, a kubeconfig in the namespace
 * The namespace itself, its `defaultresourcequota` and `defaultnetworkpolicy`
 * are made by the in-cluster reconciler (kubernetes/managedNamespaceReconciler.ts)
 * through the cluster's API server, and guarded there by the webhook
 * (kubernetes/managedNamespaceGuard.ts).
 */

const TYPE = 'Microsoft.ContainerService/managedClusters/managedNamespaces';
const PAGE_SIZE = 10;
const PATH =
  '^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.ContainerService/managedClusters/([^/]+)/managedNamespaces';

/** The spec's pattern, anchored here (the spec's has no `^…$`, which would let any name with one valid character through). */
const NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/**
 * Namespaces that cannot be managed: the managed-namespaces how-to names
 * "kube-system, app-routing-system, istio-system, gatekeeper-system, etc.";
 * the list is the troubleshooting article's, which spells out the "etc.".
 */
const SYSTEM_NAMESPACES = new Set([
  'default',
  'kube-system',
  'kube-node-lease',
  'kube-public',
  'gatekeeper-system',
  'cert-manager',
  'calico-system',
  'tigera-system',
  'app-routing-system',
  'aks-istio-system',
  'istio-system',
  'dapr-system',
  'flux-system',
  'prometheus-system',
  'eraser-system',
]);
/** A Kubernetes quantity (resource.Quantity's grammar, unsigned). */
const QUANTITY =
  /^(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

const POLICY_RULES = ['AllowSameNamespace', 'DenyAll', 'AllowAll'] as const;
const ADOPTION_POLICIES = ['Never', 'IfIdentical', 'Always'] as const;
const DELETE_POLICIES = ['Keep', 'Delete'] as const;

function invalidParameter(message: string): ArmError {
  return new ArmError(400, 'InvalidParameter', message);
}

/** An enum of the spec (modelAsString), matched case-insensitively and kept in the spec's spelling. */
function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
  fallback: T,
): T {
  if (value === undefined || value === null) return fallback;
  const match = allowed.find(
    a => typeof value === 'string' && a.toLowerCase() === value.toLowerCase(),
  );
  if (!match)
    throw invalidParameter(
      `The value '${value}' of ${field} is invalid. Allowed values are ${allowed
        .map(a => `'${a}'`)
        .join(', ')}.`,
    );
  return match;
}

function stringMap(value: unknown, field: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (
    typeof value !== 'object' ||
    Array.isArray(value) ||
    Object.values(value).some(v => typeof v !== 'string')
  )
    throw invalidRequestContent(
      `The request content was invalid and could not be deserialized: '${field} must be a map of strings'.`,
    );
  return { ...(value as Record<string, string>) };
}

const sameLocation = (a: string, b: string) =>
  a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase();

/**
 * The PUT body as the sandbox stores it. Choices where the spec is silent
 * (docs/design.md collects them): adoptionPolicy defaults to Never and
 * deletePolicy to Keep, the safe values (the spec has no defaults);
 * defaultNetworkPolicy defaults to the spec's (ingress AllowSameNamespace,
 * egress AllowAll) and so always exists; quota values are any Kubernetes
 * quantity (the spec describes "1000m" and "Gi" forms, but enforces none);
 * `location` is required, as the swagger's TrackedResource has it, and must
 * be the cluster's.
 */
function parseBody(
  body: unknown,
  clusterLocation: string,
): {
  location: string;
  tags: Record<string, string>;
  properties: ManagedNamespaceProperties;
} {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw invalidRequestContent(
      'The request content was invalid and could not be deserialized: the body must be a ManagedNamespace object.',
    );
  const b = body as Record<string, any>;
  if (typeof b.location !== 'string' || !b.location.trim())
    throw new ArmError(
      400,
      'LocationRequired',
      'The location property is required for this definition.',
    );
  if (!sameLocation(b.location, clusterLocation))
    throw invalidParameter(
      `The location '${b.location}' of the managed namespace must be the location of its managed cluster, '${clusterLocation}'.`,
    );
  const p = (b.properties ?? {}) as Record<string, any>;
  if (typeof p !== 'object' || Array.isArray(p))
    throw invalidRequestContent(
      'The request content was invalid and could not be deserialized: properties must be an object.',
    );
  const quota = (p.defaultResourceQuota ?? {}) as Record<string, unknown>;
  const defaultResourceQuota: ManagedNamespaceProperties['defaultResourceQuota'] =
    {};
  for (const key of [
    'cpuRequest',
    'cpuLimit',
    'memoryRequest',
    'memoryLimit',
  ] as const) {
    const value = quota[key];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' || !QUANTITY.test(value))
      throw invalidParameter(
        `The value '${value}' of properties.defaultResourceQuota.${key} is not a valid Kubernetes quantity.`,
      );
    defaultResourceQuota[key] = value;
  }
  const policy = (p.defaultNetworkPolicy ?? {}) as Record<string, unknown>;
  return {
    location: clusterLocation,
    tags: stringMap(b.tags, 'tags'),
    properties: {
      labels: stringMap(p.labels, 'properties.labels'),
      annotations: stringMap(p.annotations, 'properties.annotations'),
      defaultResourceQuota,
      defaultNetworkPolicy: {
        ingress: oneOf(
          policy.ingress,
          POLICY_RULES,
          'properties.defaultNetworkPolicy.ingress',
          'AllowSameNamespace',
        ),
        egress: oneOf(
          policy.egress,
          POLICY_RULES,
          'properties.defaultNetworkPolicy.egress',
          'AllowAll',
        ),
      },
      adoptionPolicy: oneOf(
        p.adoptionPolicy,
        ADOPTION_POLICIES,
        'properties.adoptionPolicy',
        'Never',
      ),
      deletePolicy: oneOf(
        p.deletePolicy,
        DELETE_POLICIES,
        'properties.deletePolicy',
        'Keep',
      ),
    },
  };
}

function checkName(name: string) {
  if (name.length > 63 || !NAME_PATTERN.test(name))
    throw invalidParameter(
      `The managed namespace name '${name}' is invalid. It must be 1 to 63 lower-case letters, digits or '-', starting and ending with a letter or digit.`,
    );
  if (SYSTEM_NAMESPACES.has(name))
    throw invalidParameter(
      `The namespace '${name}' is a system namespace and cannot be a managed namespace.`,
    );
}

/** The caller as systemData names it: a user by UPN, an application by its appId. */
function principalOf(req: ArmRequest) {
  const { directory } = req.ctx.store.state;
  const oid = req.caller.oid.toLowerCase();
  const user = directory.users.find(u => u.objectId.toLowerCase() === oid);
  if (user) return { by: user.userPrincipalName, type: 'User' as const };
  const sp = directory.servicePrincipals.find(
    s => s.objectId.toLowerCase() === oid,
  );
  return { by: sp?.appId ?? req.caller.oid, type: 'Application' as const };
}

function records(ctx: SandboxContext) {
  return ctx.store.state.managedNamespaces ?? {};
}

/** The resource, unless a DELETE of it has ended (its record goes when someone looks at that operation). */
function liveRecord(
  ctx: SandboxContext,
  key: string,
): ManagedNamespaceRecord | undefined {
  const record = records(ctx)[key];
  if (!record) return undefined;
  if (record.deleting && !isRunning(operationOf(ctx, record.operationId)))
    return undefined;
  return record;
}

function provisioningState(ctx: SandboxContext, r: ManagedNamespaceRecord) {
  const op = operationOf(ctx, r.operationId);
  return op && isRunning(op) ? op.runningState : r.provisioningState;
}

/** The ManagedNamespace body. Its labels include the managedByArm mark, as the Get and List examples show. */
function resource(ctx: SandboxContext, r: ManagedNamespaceRecord) {
  const eTag = createHash('sha256')
    .update(JSON.stringify([r.tags, r.properties, r.lastModifiedAt]))
    .digest('hex')
    .slice(0, 16);
  return {
    id: r.id,
    name: r.name,
    type: TYPE,
    location: r.location,
    tags: r.tags,
    eTag,
    systemData: {
      createdBy: r.createdBy,
      createdByType: r.createdByType,
      createdAt: r.createdAt,
      lastModifiedBy: r.lastModifiedBy,
      lastModifiedByType: r.lastModifiedByType,
      lastModifiedAt: r.lastModifiedAt,
    },
    properties: {
      provisioningState: provisioningState(ctx, r),
      labels: { ...r.properties.labels, [MANAGED_BY_ARM_LABEL]: 'true' },
      annotations: r.properties.annotations,
      defaultResourceQuota: r.properties.defaultResourceQuota,
      defaultNetworkPolicy: r.properties.defaultNetworkPolicy,
      adoptionPolicy: r.properties.adoptionPolicy,
      deletePolicy: r.properties.deletePolicy,
    },
  };
}

function notFound(cluster: ClusterState, name: string): ArmError {
  const c = cluster.record;
  return resourceNotFound(
    `Microsoft.ContainerService/managedClusters/${c.name}/managedNamespaces`,
    name,
    c.resourceGroup,
  );
}

function anotherOperation(state: string): ArmError {
  return new ArmError(
    409,
    'OperationNotAllowed',
    `Operation is not allowed: Another operation (${state}) is in progress, please wait for it to finish before starting a new operation.`,
  );
}

/** ARM's rule of one operation at a time per resource, in AKS's words. */
function refuseWhileRunning(ctx: SandboxContext, r: ManagedNamespaceRecord) {
  const op = operationOf(ctx, r.operationId);
  if (op && isRunning(op)) throw anotherOperation(op.runningState);
}

function lookup(
  req: ArmRequest,
  sub: string,
  rg: string,
  clusterName: string,
  name: string,
) {
  const cluster = requireCluster(req, sub, rg, clusterName);
  const id = `${cluster.record.id}/managedNamespaces/${name}`;
  const key = id.toLowerCase();
  return { cluster, id, key, record: liveRecord(req.ctx, key) };
}

const recordPath = (key: string, ...rest: string[]) => [
  'managedNamespaces',
  key,
  ...rest,
];

/**
 * Does an operation's work and records how it ended: a reconciler failure
 * fails the operation (InternalError with the KubeClient message, as AKS
 * reports them, Azure/AKS#5410) and leaves the resource Failed.
 */
async function runOperation(
  ctx: SandboxContext,
  key: string,
  op: ArmOperationRecord,
  work: () => Promise<void>,
  onFailure: StateChange[] = [],
) {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof ReconcileError)) throw error;
    await ctx.store.commit([
      operationChange(
        finishedOperation(op, {
          code: 'InternalError',
          message: error.message,
        }),
      ),
      { path: recordPath(key, 'provisioningState'), value: 'Failed' },
      ...onFailure,
    ]);
    return;
  }
  await ctx.store.commit([operationChange(finishedOperation(op))]);
}

/**
 * A PUT of a resource that does not exist. The adoption policy is decided
 * before the request is accepted, so a refusal is the PUT's own error (the
 * sandbox's choice; AKS's codes for it are not documented): 409
 * NamespaceAlreadyExists for Never, 409 NamespaceNotIdentical (naming the
 * differences) for IfIdentical. A namespace being deleted cannot be adopted.
 */
async function create(
  req: ArmRequest,
  cluster: ClusterState,
  id: string,
  key: string,
  name: string,
  input: ReturnType<typeof parseBody>,
): Promise<ArmResponseWithHeaders> {
  const { ctx } = req;
  const clusterName = cluster.record.name;
  const clusterKey = clusterKeyOf(ctx.store.state, cluster);
  const current = await readNamespaceObjects(ctx, clusterKey, name).catch(
    error => {
      if (error instanceof ReconcileError)
        throw new ArmError(500, 'InternalError', error.message);
      throw error;
    },
  );
  const { adoptionPolicy } = input.properties;
  if (current.namespace) {
    if (current.namespace.metadata.deletionTimestamp)
      throw new ArmError(
        409,
        'NamespaceTerminating',
        `Namespace '${name}' in managed cluster '${clusterName}' is being deleted and cannot be adopted.`,
      );
    if (adoptionPolicy === 'Never')
      throw new ArmError(
        409,
        'NamespaceAlreadyExists',
        `Namespace '${name}' already exists in managed cluster '${clusterName}' and adoptionPolicy is 'Never'. Use adoptionPolicy 'IfIdentical' or 'Always' to manage the existing namespace.`,
      );
    const differences = adoptionDifferences(current, input.properties);
    if (adoptionPolicy === 'IfIdentical' && differences.length)
      throw new ArmError(
        409,
        'NamespaceNotIdentical',
        `Namespace '${name}' already exists in managed cluster '${clusterName}' and differs from the managed namespace, so adoptionPolicy 'IfIdentical' does not adopt it: ${differences.join(
          '; ',
        )}.`,
      );
  }
  // Another PUT may have been accepted while this one read the cluster.
  if (liveRecord(ctx, key)) throw anotherOperation('Creating');
  // A new resource reads Creating while its operation runs (the spec's enum
  // has it; the create example's 201 body shows Updating, taken for a slip).
  const op = newOperation(id, cluster.record.location, 'Creating');
  const who = principalOf(req);
  const at = new Date().toISOString();
  const record: ManagedNamespaceRecord = {
    id,
    name,
    cluster: clusterKey,
    location: input.location,
    tags: input.tags,
    properties: input.properties,
    provisioningState: 'Succeeded',
    operationId: op.name,
    createdBy: who.by,
    createdByType: who.type,
    createdAt: at,
    lastModifiedBy: who.by,
    lastModifiedByType: who.type,
    lastModifiedAt: at,
  };
  await ctx.store.commit([
    { path: recordPath(key), value: record },
    operationChange(op),
  ]);
  await runOperation(ctx, key, op, () =>
    reconcileNamespace(
      ctx,
      clusterKey,
      name,
      input.properties,
      undefined,
      current,
    ),
  );
  return {
    status: 201,
    body: resource(ctx, records(ctx)[key]),
    headers: acceptedHeaders(req, op, false),
  };
}

/** A PUT of an existing resource: reconciled before it answers, 200 (the spec's update response has no async headers). */
async function update(
  req: ArmRequest,
  cluster: ClusterState,
  key: string,
  existing: ManagedNamespaceRecord,
  input: ReturnType<typeof parseBody>,
) {
  const { ctx } = req;
  refuseWhileRunning(ctx, existing);
  if (!sameLocation(input.location, existing.location))
    throw new ArmError(
      400,
      'InvalidResourceLocation',
      `The resource '${existing.name}' already exists in location '${existing.location}' in resource group '${cluster.record.resourceGroup}'. A resource with the same name cannot be created in location '${input.location}'. Please select a new resource name.`,
    );
  try {
    const current = await readNamespaceObjects(
      ctx,
      existing.cluster,
      existing.name,
    );
    await reconcileNamespace(
      ctx,
      existing.cluster,
      existing.name,
      input.properties,
      existing.properties,
      current,
    );
  } catch (error) {
    if (error instanceof ReconcileError)
      throw new ArmError(500, 'InternalError', error.message);
    throw error;
  }
  const who = principalOf(req);
  const record: ManagedNamespaceRecord = {
    ...existing,
    tags: input.tags,
    properties: input.properties,
    provisioningState: 'Succeeded',
    lastModifiedBy: who.by,
    lastModifiedByType: who.type,
    lastModifiedAt: new Date().toISOString(),
  };
  await ctx.store.commit([{ path: recordPath(key), value: record }]);
  return { status: 200, body: resource(ctx, record) };
}

/**
 * DELETE: accepted with 202 once the reconciler has acted on deletePolicy
 * (Keep: the namespace stays, its managedByArm label goes; Delete: the
 * namespace goes, with everything in it); the resource reports Deleting
 * until the operation ends. A repeated DELETE during that time is answered
 * with the same operation, as the RPC asks.
 */
async function remove(
  req: ArmRequest,
  key: string,
  existing: ManagedNamespaceRecord | undefined,
): Promise<ArmResponseWithHeaders> {
  const { ctx } = req;
  if (!existing) return { status: 204 };
  const running = operationOf(ctx, existing.operationId);
  if (existing.deleting && running)
    return { status: 202, headers: acceptedHeaders(req, running, true) };
  refuseWhileRunning(ctx, existing);
  const op = newOperation(existing.id, existing.location, 'Deleting');
  await ctx.store.commit([
    operationChange(op),
    {
      path: recordPath(key),
      value: { ...existing, deleting: true, operationId: op.name },
    },
  ]);
  const act =
    existing.properties.deletePolicy === 'Delete'
      ? deleteNamespace
      : releaseNamespace;
  await runOperation(
    ctx,
    key,
    op,
    () => act(ctx, existing.cluster, existing.name),
    [{ path: recordPath(key, 'deleting') }],
  );

  return { status: 202, headers: acceptedHeaders(req, op, true) };
}

export const managedNamespaceRoutes: ArmRoute[] = [
  {
    type: 'managedNamespaces',
    pattern: new RegExp(`${PATH}$`, 'i'),
    operation: TYPE,
    collection: true,
    methods: {
      async GET(req, [, sub, rg, clusterName]) {
        const cluster = requireCluster(req, sub, rg, clusterName);
        const clusterKey = clusterKeyOf(req.ctx.store.state, cluster);
        const items = Object.entries(records(req.ctx))
          .filter(
            ([key, r]) => r.cluster === clusterKey && liveRecord(req.ctx, key),
          )
          .map(([, r]) => r)
          .sort((a, b) => a.name.localeCompare(b.name))
          .map(r => resource(req.ctx, r));
        return {
          status: 200,
          body: pageOf(items, req.url, {
            pageSize: PAGE_SIZE,
            tokenParam: '$skipToken',
          }),
        };
      },
    },
  },
  {
    type: 'managedNamespaces',
    pattern: new RegExp(`${PATH}/([^/]+)$`, 'i'),
    operation: TYPE,
    methods: {
      async GET(req, [, sub, rg, clusterName, name]) {
        const { cluster, record } = lookup(req, sub, rg, clusterName, name);
        if (!record) throw notFound(cluster, name);
        return { status: 200, body: resource(req.ctx, record) };
      },
      async PUT(req, [, sub, rg, clusterName, name]) {
        const { cluster, id, key, record } = lookup(
          req,
          sub,
          rg,
          clusterName,
          name,
        );
        checkName(name);
        const input = parseBody(await req.body(), cluster.record.location);
        return record
          ? update(req, cluster, key, record, input)
          : create(req, cluster, id, key, name, input);
      },
      /** Tags only ("we only support patch tags for now"); other members of the body are ignored, as the TagsObject model has none. */
      async PATCH(req, [, sub, rg, clusterName, name]) {
        const { cluster, key, record } = lookup(
          req,
          sub,
          rg,
          clusterName,
          name,
        );
        if (!record) throw notFound(cluster, name);
        const body = await req.body();
        if (body !== undefined && (typeof body !== 'object' || !body))
          throw invalidRequestContent(
            'The request content was invalid and could not be deserialized: the body must be a TagsObject.',
          );
        const tags = (body as { tags?: unknown } | undefined)?.tags;
        if (tags === undefined)
          return { status: 200, body: resource(req.ctx, record) };
        const who = principalOf(req);
        const next: ManagedNamespaceRecord = {
          ...record,
          tags: stringMap(tags, 'tags'),
          lastModifiedBy: who.by,
          lastModifiedByType: who.type,
          lastModifiedAt: new Date().toISOString(),
        };
        await req.ctx.store.commit([{ path: recordPath(key), value: next }]);
        return { status: 200, body: resource(req.ctx, next) };
      },
      async DELETE(req, [, sub, rg, clusterName, name]) {
        const { key, record } = lookup(req, sub, rg, clusterName, name);
        return remove(req, key, record);
      },
    },
  },
  {
    type: 'managedNamespaces',
    pattern: new RegExp(`${PATH}/([^/]+)/listCredential$`, 'i'),
    operation: `${TYPE}/listCredential`,
    methods: {
      /**
       * The cluster user's kubeconfig (kubelogin on Entra clusters, as
       * listClusterUserCredential gives it) with its context in the
       * namespace. The credential's name is the sandbox's choice.
       */
      async POST(req, [, sub, rg, clusterName, name]) {
        const { cluster, record } = lookup(req, sub, rg, clusterName, name);
        if (!record || record.deleting) throw notFound(cluster, name);
        return {
          status: 200,
          body: credentialResults(
            'clusterUser',
            kubeconfig(req.ctx, cluster, 'clusterUser', record.name),
          ),
        };
      },
    },
  },
];

/** For the seeds: a managed namespace that exists and is settled. */
export function seededManagedNamespace(
  clusterKey: string,
  cluster: ClusterState,
  name: string,
  properties: ManagedNamespaceProperties,
  tags: Record<string, string>,
  createdBy: string,
  at: string,
): ManagedNamespaceRecord {
  return {
    id: `${cluster.record.id}/managedNamespaces/${name}`,
    name,
    cluster: clusterKey,
    location: cluster.record.location,
    tags,
    properties,
    provisioningState: 'Succeeded',
    createdBy,
    createdByType: 'Application',
    createdAt: at,
    lastModifiedBy: createdBy,
    lastModifiedByType: 'Application',
    lastModifiedAt: at,
  };
}
