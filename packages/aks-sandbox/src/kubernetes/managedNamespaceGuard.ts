import type { KubeObject } from '../state/types';
import { KubeError } from './errors';
import type { ResourceType } from './resources';

/*
 * The validating webhook AKS installs with managed namespaces. It refuses,
 * through the Kubernetes API, what ARM owns in a managed namespace: the
 * Namespace's labels and annotations and its deletion, the ResourceQuota
 * `defaultresourcequota` and the NetworkPolicy `defaultnetworkpolicy`.
 * Other quotas and policies in the namespace stay writable. The messages are
 * the support article's, typos included ("though ARM api"); the webhook's
 * name is the one AKS's control-plane log shows (Azure/AKS#5410), and the
 * API server words a webhook's denial as `admission webhook "<name>" denied
 * the request: <message>` with the webhook's code, 400.
 */

/** The label that marks a namespace as managed by ARM (the examples' `kubernetes.azure.com/managedByArm: "true"`). */
export const MANAGED_BY_ARM_LABEL = 'kubernetes.azure.com/managedByArm';
export const DEFAULT_RESOURCE_QUOTA = 'defaultresourcequota';
export const DEFAULT_NETWORK_POLICY = 'defaultnetworkpolicy';
export const NAMESPACE_WEBHOOK = 'aks-namespace-validating-webhook.azmk8s.io';
/**
 * The user ARM's reconciler writes as, and the one user the webhook lets
 * through. Its name is the sandbox's choice (AKS's component is not named
 * in the docs); like any webhook exemption by user name, a cluster admin
 * who impersonates it gets through too.
 */
export const NAMESPACE_RECONCILER_USER = 'aks-namespace-controller';

export function isManagedNamespace(namespace: KubeObject | undefined): boolean {
  return namespace?.metadata.labels?.[MANAGED_BY_ARM_LABEL] === 'true';
}

function denied(message: string): KubeError {
  return new KubeError(
    400,
    'BadRequest',
    `admission webhook "${NAMESPACE_WEBHOOK}" denied the request: ${message}`,
  );
}

/** Key-order-independent JSON, to compare what a write changes. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map(
        k =>
          `${JSON.stringify(k)}:${canonical(
            (value as Record<string, unknown>)[k],
          )}`,
      )
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function sameContent(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** Which ARM-owned object this is, if the namespace it is in is managed. */
function armOwned(
  type: ResourceType,
  name: string,
  namespaceObject: (name: string) => KubeObject | undefined,
  namespace: string | undefined,
): 'namespace' | 'quota' | 'policy' | undefined {
  if (type.kind === 'Namespace')
    return isManagedNamespace(namespaceObject(name)) ? 'namespace' : undefined;
  if (!namespace || !isManagedNamespace(namespaceObject(namespace)))
    return undefined;
  if (type.kind === 'ResourceQuota' && name === DEFAULT_RESOURCE_QUOTA)
    return 'quota';
  if (type.kind === 'NetworkPolicy' && name === DEFAULT_NETWORK_POLICY)
    return 'policy';
  return undefined;
}

export interface GuardRequest {
  username: string;
  type: ResourceType;
  subresource?: string;
  /** looks a Namespace up by name */
  namespaceObject(name: string): KubeObject | undefined;
}

/**
 * An update (PUT, PATCH or server-side apply) of an existing object. A write
 * that changes none of what ARM sets passes: the Namespace's other fields,
 * and status, which controllers write.
 */
export function admitManagedUpdate(
  request: GuardRequest,
  next: KubeObject,
  previous: KubeObject,
): void {
  if (
    request.username === NAMESPACE_RECONCILER_USER ||
    request.subresource === 'status'
  )
    return;
  const { name, namespace } = previous.metadata;
  const owned = armOwned(
    request.type,
    name,
    request.namespaceObject,
    namespace,
  );
  if (!owned) return;
  const changed = (...fields: Array<(o: KubeObject) => unknown>) =>
    fields.some(field => !sameContent(field(next), field(previous)));
  const labels = (o: KubeObject) => o.metadata.labels ?? {};
  const annotations = (o: KubeObject) => o.metadata.annotations ?? {};
  if (owned === 'namespace') {
    if (changed(labels, annotations))
      throw denied(
        `Updating/deleting namespace ${name} labels is not allowed because it is managed by ARM. Please update this namespace through the ARM API.`,
      );
    return;
  }
  if (!changed(labels, annotations, o => o.spec)) return;
  if (owned === 'quota')
    throw denied(
      `Updating resource quota ${name} is not allowed because it is managed by ARM. Please update this resource quota though ARM api.`,
    );
  throw denied(
    `Updating default network policy ${name} is not allowed because it is managed by ARM. Please update this network policy though ARM api`,
  );
}

/** A DELETE of one object (also each object a DELETE of a collection takes). */
export function admitManagedDelete(
  request: GuardRequest,
  object: KubeObject,
): void {
  if (request.username === NAMESPACE_RECONCILER_USER) return;
  const { name, namespace } = object.metadata;
  switch (armOwned(request.type, name, request.namespaceObject, namespace)) {
    case 'namespace':
      throw denied(
        `Deleting namespace ${name} is not allowed because it is managed by ARM. Please delete this namespace though ARM api.`,
      );
    case 'quota':
      throw denied(
        `Deleting resource quota ${name} is not allowed because it is managed by ARM.`,
      );
    case 'policy':
      throw denied(
        `Deleting default network policy ${name} is not allowed because it is managed by ARM.`,
      );
    default:
  }
}
