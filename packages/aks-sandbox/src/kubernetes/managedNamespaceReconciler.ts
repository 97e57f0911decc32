import https from 'node:https';
import type { SandboxContext } from '../context';
import type { KubeObject, ManagedNamespaceProperties } from '../state/types';
import {
  DEFAULT_NETWORK_POLICY,
  DEFAULT_RESOURCE_QUOTA,
  MANAGED_BY_ARM_LABEL,
  NAMESPACE_RECONCILER_USER,
  sameContent,
} from './managedNamespaceGuard';
import { superuserToken } from './superuserToken';

/*
 * The component AKS installs with managed namespaces to "reconcile the
 * namespace with the state in Azure Resource Manager" (the managed-namespaces
 * how-to). It is a client of the cluster's API server like any other: it
 * writes over HTTPS as NAMESPACE_RECONCILER_USER (impersonated by the
 * sandbox superuser, in system:masters), the one user the webhook lets
 * change what ARM owns. ARM's managedNamespaces handlers call it.
 */

/** The label the API server owns on every namespace; ARM does not set it. */
const NAME_LABEL = 'kubernetes.io/metadata.name';
const FIELD_MANAGER = NAMESPACE_RECONCILER_USER;

interface KubeReply {
  status: number;
  body: any;
}

/** A write the API server refused, or one that never reached it. */
export class ReconcileError extends Error {}

function send(
  ctx: SandboxContext,
  cluster: string,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<KubeReply> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${ctx.urls.clusterApi(cluster)}${path}`,
      {
        method,
        ca: ctx.caPem,
        headers: {
          authorization: `Bearer ${superuserToken(ctx.store.state)}`,
          'impersonate-user': NAMESPACE_RECONCILER_USER,
          'impersonate-group': 'system:masters',
          accept: 'application/json',
          'user-agent': `${NAMESPACE_RECONCILER_USER}/v1`,
          ...(data
            ? {
                'content-type': contentType,
                'content-length': Buffer.byteLength(data),
              }
            : {}),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = { message: text };
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/**
 * One API call, retried as a controller retries: on throttling (the
 * Kubernetes throttle fault, after its Retry-After) and on a 500 or 503 (the
 * error-rate fault), a few times.
 */
async function kube(
  ctx: SandboxContext,
  cluster: string,
  what: string,
  method: string,
  path: string,
  body?: unknown,
  contentType?: string,
): Promise<KubeReply> {
  for (let attempt = 0; ; attempt++) {
    let reply: KubeReply;
    try {
      reply = await send(ctx, cluster, method, path, body, contentType);
    } catch (error) {
      throw new ReconcileError(
        `KubeClient failed to ${what}: ${(error as Error).message}`,
      );
    }
    if ([429, 500, 503].includes(reply.status) && attempt < 5) {
      const seconds = Number(reply.body?.details?.retryAfterSeconds ?? 0.1);
      await new Promise(r => setTimeout(r, Math.min(seconds, 5) * 1000));
      continue;
    }
    if (reply.status >= 400 && reply.status !== 404) {
      throw new ReconcileError(
        `KubeClient failed to ${what}: ${
          reply.body?.message ?? `HTTP ${reply.status}`
        }`,
      );
    }
    return reply;
  }
}

const namespacePath = (name: string) =>
  `/api/v1/namespaces/${encodeURIComponent(name)}`;
const quotaPath = (ns: string) => `${namespacePath(ns)}/resourcequotas`;
const policyPath = (ns: string) =>
  `/apis/networking.k8s.io/v1/namespaces/${encodeURIComponent(
    ns,
  )}/networkpolicies`;
const withManager = (path: string) => `${path}?fieldManager=${FIELD_MANAGER}`;

/** What the cluster holds of a namespace ARM manages or is about to. */
export interface NamespaceObjects {
  namespace?: KubeObject;
  quota?: KubeObject;
  policy?: KubeObject;
}

export async function readNamespaceObjects(
  ctx: SandboxContext,
  cluster: string,
  name: string,
): Promise<NamespaceObjects> {
  const get = async (what: string, path: string) => {
    const reply = await kube(ctx, cluster, `read ${what}`, 'GET', path);
    return reply.status === 404 ? undefined : (reply.body as KubeObject);
  };
  const [namespace, quota, policy] = await Promise.all([
    get('namespace', namespacePath(name)),
    get('resource quota', `${quotaPath(name)}/${DEFAULT_RESOURCE_QUOTA}`),
    get('network policy', `${policyPath(name)}/${DEFAULT_NETWORK_POLICY}`),
  ]);
  return { namespace, quota, policy };
}

/** The labels ARM puts on the namespace: the resource's, and the managedByArm mark. */
export function armLabels(
  properties: ManagedNamespaceProperties,
): Record<string, string> {
  const labels: Record<string, string> = {
    ...properties.labels,
    [MANAGED_BY_ARM_LABEL]: 'true',
  };
  delete labels[NAME_LABEL];
  return labels;
}

/**
 * `defaultResourceQuota` as a ResourceQuota's hard limits: cpuRequest →
 * requests.cpu, cpuLimit → limits.cpu, memoryRequest → requests.memory,
 * memoryLimit → limits.memory. Without any of them there is no quota (the
 * sandbox's choice; the spec says nothing, the Fleet docs say "If omitted,
 * no resource quota is applied").
 */
export function defaultQuotaSpec(
  properties: ManagedNamespaceProperties,
): { hard: Record<string, string> } | undefined {
  const q = properties.defaultResourceQuota;
  const hard: Record<string, string> = {};
  if (q.cpuRequest) hard['requests.cpu'] = q.cpuRequest;
  if (q.cpuLimit) hard['limits.cpu'] = q.cpuLimit;
  if (q.memoryRequest) hard['requests.memory'] = q.memoryRequest;
  if (q.memoryLimit) hard['limits.memory'] = q.memoryLimit;
  return Object.keys(hard).length ? { hard } : undefined;
}

type Rule = ManagedNamespaceProperties['defaultNetworkPolicy']['ingress'];

/**
 * A rule as NetworkPolicy rules: AllowAll one empty rule (any peer),
 * DenyAll none, AllowSameNamespace one rule whose peer is every pod of the
 * namespace. (The objects AKS builds are not documented; these are the
 * standard NetworkPolicy forms of the three rules.)
 */
function rules(rule: Rule, peer: 'from' | 'to') {
  switch (rule) {
    case 'AllowAll':
      return [{}];
    case 'DenyAll':
      return [];
    default:
      return [{ [peer]: [{ podSelector: {} }] }];
  }
}

/** `defaultNetworkPolicy` as one NetworkPolicy over every pod of the namespace, for ingress and egress. */
export function defaultPolicySpec(properties: ManagedNamespaceProperties) {
  const { ingress, egress } = properties.defaultNetworkPolicy;
  return {
    podSelector: {},
    policyTypes: ['Ingress', 'Egress'],
    ingress: rules(ingress, 'from'),
    egress: rules(egress, 'to'),
  };
}

export function defaultQuotaObject(
  namespace: string,
  spec: { hard: Record<string, string> },
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: DEFAULT_RESOURCE_QUOTA, namespace },
    spec,
  };
}

export function defaultPolicyObject(
  namespace: string,
  properties: ManagedNamespaceProperties,
): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: DEFAULT_NETWORK_POLICY, namespace },
    spec: defaultPolicySpec(properties),
  };
}

/**
 * What `adoptionPolicy: IfIdentical` refuses to adopt: anything adopting
 * would overwrite. The sandbox's reading of "if there is no difference":
 * every label and annotation the resource sets already has that value on
 * the namespace (other labels and annotations are left alone, so they are no
 * difference); an existing `defaultresourcequota` has exactly the spec ARM
 * would give it (and exists only if ARM would make one), an existing
 * `defaultnetworkpolicy` exactly ARM's spec. Objects ARM would only add
 * (the quota or policy, where there is none yet) are no difference.
 * Quantities compare as written ("1" is not "1000m").
 */
export function adoptionDifferences(
  current: NamespaceObjects,
  properties: ManagedNamespaceProperties,
): string[] {
  const differences: string[] = [];
  const ns = current.namespace;
  if (!ns) return differences;
  const compare = (
    what: 'label' | 'annotation',
    wanted: Record<string, string>,
    actual: Record<string, string> = {},
  ) => {
    for (const [key, value] of Object.entries(wanted)) {
      if (actual[key] !== value)
        differences.push(
          actual[key] === undefined
            ? `${what} ${key} is not set`
            : `${what} ${key} is '${actual[key]}', not '${value}'`,
        );
    }
  };
  const labels = armLabels(properties);
  delete labels[MANAGED_BY_ARM_LABEL];
  compare('label', labels, ns.metadata.labels);
  compare('annotation', properties.annotations, ns.metadata.annotations);
  const quota = defaultQuotaSpec(properties);
  if (current.quota && !sameContent(current.quota.spec, quota))
    differences.push(
      `resource quota ${DEFAULT_RESOURCE_QUOTA} differs from defaultResourceQuota`,
    );
  if (
    current.policy &&
    !sameContent(current.policy.spec, defaultPolicySpec(properties))
  )
    differences.push(
      `network policy ${DEFAULT_NETWORK_POLICY} differs from defaultNetworkPolicy`,
    );
  return differences;
}

/** Makes one of the two default objects what ARM wants, or removes it. */
async function ensure(
  ctx: SandboxContext,
  cluster: string,
  what: string,
  collection: string,
  existing: KubeObject | undefined,
  desired: KubeObject | undefined,
) {
  const name = existing?.metadata.name ?? desired?.metadata.name;
  if (!desired) {
    if (existing)
      await kube(
        ctx,
        cluster,
        `delete ${what}`,
        'DELETE',
        `${collection}/${name}`,
      );
    return;
  }
  if (!existing) {
    await kube(
      ctx,
      cluster,
      `create ${what}`,
      'POST',
      withManager(collection),
      desired,
    );
    return;
  }
  if (sameContent(existing.spec, desired.spec)) return;
  await kube(
    ctx,
    cluster,
    `update ${what}`,
    'PUT',
    withManager(`${collection}/${name}`),
    {
      ...desired,
      metadata: {
        ...desired.metadata,
        resourceVersion: existing.metadata.resourceVersion,
      },
    },
  );
}

/**
 * Brings the namespace to what the resource says: creates it or (adopting,
 * or after an update) sets ARM's labels and annotations, removing the ones a
 * previous version of the resource set and this one does not; then the
 * default quota and network policy. `current` is what was read before.
 */
export async function reconcileNamespace(
  ctx: SandboxContext,
  cluster: string,
  name: string,
  properties: ManagedNamespaceProperties,
  previous: ManagedNamespaceProperties | undefined,
  current: NamespaceObjects,
): Promise<void> {
  const labels = armLabels(properties);
  const { annotations } = properties;
  if (!current.namespace) {
    await kube(
      ctx,
      cluster,
      'create namespace',
      'POST',
      withManager('/api/v1/namespaces'),
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name,
          labels,
          ...(Object.keys(annotations).length ? { annotations } : {}),
        },
      },
    );
  } else {
    const dropped = (
      before: Record<string, string> | undefined,
      after: Record<string, string>,
    ) =>
      Object.fromEntries(
        Object.keys(before ?? {})
          .filter(k => !(k in after) && k !== NAME_LABEL)
          .map(k => [k, null]),
      );
    await kube(
      ctx,
      cluster,
      'update namespace',
      'PATCH',
      withManager(namespacePath(name)),
      {
        metadata: {
          labels: { ...dropped(previous?.labels, labels), ...labels },
          annotations: {
            ...dropped(previous?.annotations, annotations),
            ...annotations,
          },
        },
      },
      'application/merge-patch+json',
    );
  }
  const quota = defaultQuotaSpec(properties);
  await ensure(
    ctx,
    cluster,
    'resource quota',
    quotaPath(name),
    current.quota,
    quota && defaultQuotaObject(name, quota),
  );
  await ensure(
    ctx,
    cluster,
    'network policy',
    policyPath(name),
    current.policy,
    defaultPolicyObject(name, properties),
  );
}

/** deletePolicy Keep: the namespace stays, without the managedByArm label (and so without the webhook's protection). */
export async function releaseNamespace(
  ctx: SandboxContext,
  cluster: string,
  name: string,
): Promise<void> {
  await kube(
    ctx,
    cluster,
    'update namespace',
    'PATCH',
    withManager(namespacePath(name)),
    { metadata: { labels: { [MANAGED_BY_ARM_LABEL]: null } } },
    'application/merge-patch+json',
  );
}

/** deletePolicy Delete: the namespace and everything in it. */
export async function deleteNamespace(
  ctx: SandboxContext,
  cluster: string,
  name: string,
): Promise<void> {
  await kube(ctx, cluster, 'delete namespace', 'DELETE', namespacePath(name));
}
