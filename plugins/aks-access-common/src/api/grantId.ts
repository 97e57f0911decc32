import { InputError } from '@backstage/errors';
import {
  parseRoleAssignmentId,
  RoleAssignmentId,
} from '../arm/roleAssignmentId';
import {
  clusterNameSchema,
  namespaceNameSchema,
  roleBindingNameSchema,
} from '../schemas/names';
import type { GrantSource } from './types';

/** What a grant id stands for; only the backend looks inside. */
export interface GrantIdParts {
  cluster: string;
  source: GrantSource;
  /** `<namespace>/<name>` of a binding, or the ARM id of a role assignment. */
  id: string;
  /**
   * `<kind>:<name>` of one binding subject: a binding with several subjects
   * is several grants in the access view, all revoked by deleting the binding.
   */
  subject?: string;
}

const SOURCES: readonly GrantSource[] = [
  'RoleBinding',
  'ClusterRoleBinding',
  'AzureRoleAssignment',
  'AadAdminGroup',
];

// btoa/atob work on Latin-1 strings; going through UTF-8 keeps any name safe,
// and neither Buffer (absent in browsers) nor a dependency is needed.
function toBase64Url(text: string): string {
  const binary = String.fromCharCode(...new TextEncoder().encode(text));
  return btoa(binary)
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function fromBase64Url(encoded: string): string {
  const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(binary, c => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** An opaque, URL-safe id for DELETE /grants/:grantId. */
export function encodeGrantId(parts: GrantIdParts): string {
  return toBase64Url(
    JSON.stringify({
      cluster: parts.cluster,
      source: parts.source,
      id: parts.id,
      ...(parts.subject ? { subject: parts.subject } : {}),
    }),
  );
}

/** @throws InputError when `grantId` was not made by encodeGrantId */
export function decodeGrantId(grantId: string): GrantIdParts {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(grantId)) throw new Error('not base64url');
    parsed = JSON.parse(fromBase64Url(grantId));
  } catch {
    throw new InputError(`"${grantId}" is not an aks-access grant id`);
  }
  const { cluster, source, id, subject } = (parsed ?? {}) as Record<
    string,
    unknown
  >;
  if (
    typeof cluster !== 'string' ||
    typeof id !== 'string' ||
    !['string', 'undefined'].includes(typeof subject) ||
    !SOURCES.includes(source as GrantSource)
  ) {
    throw new InputError(`"${grantId}" is not an aks-access grant id`);
  }
  return {
    cluster,
    source: source as GrantSource,
    id,
    ...(subject ? { subject: subject as string } : {}),
  };
}

/**
 * What a grant id claims, its structure checked for its source. A claim is
 * not a fact: the backend still reads the object and checks it is what the
 * claim says before anything is revoked.
 */
export type GrantClaim =
  | {
      cluster: string;
      source: 'RoleBinding';
      namespace: string;
      name: string;
    }
  | {
      cluster: string;
      source: 'AzureRoleAssignment';
      assignment: RoleAssignmentId;
    }
  | { cluster: string; source: 'ClusterRoleBinding'; name: string }
  | { cluster: string; source: 'AadAdminGroup' };

function refuseClaim(grantId: string, rule: string): never {
  throw new InputError(`Grant id "${grantId}" is invalid: ${rule}`);
}

/** @throws InputError naming the structural rule the id breaks */
export function parseGrantClaim(grantId: string): GrantClaim {
  const { cluster, source, id } = decodeGrantId(grantId);
  if (!clusterNameSchema.safeParse(cluster).success) {
    refuseClaim(grantId, `its cluster "${cluster}" is not a cluster name`);
  }
  if (source === 'RoleBinding') {
    const parts = id.split('/');
    if (
      parts.length !== 2 ||
      !namespaceNameSchema.safeParse(parts[0]).success ||
      !roleBindingNameSchema.safeParse(parts[1]).success
    ) {
      refuseClaim(
        grantId,
        'a RoleBinding grant names <namespace>/<name>, a DNS-1123 label and a DNS-1123 subdomain',
      );
    }
    return { cluster, source, namespace: parts[0], name: parts[1] };
  }
  if (source === 'ClusterRoleBinding') {
    // Kubernetes' rule for RBAC names (system:… ones included): a path segment.
    if (!id || id.includes('/') || id === '.' || id === '..') {
      refuseClaim(
        grantId,
        'a ClusterRoleBinding grant names the binding, a non-empty name without "/"',
      );
    }
    return { cluster, source, name: id };
  }
  if (source === 'AzureRoleAssignment') {
    return {
      cluster,
      source,
      assignment: parseRoleAssignmentId(id, 'grant role assignment id'),
    };
  }
  return { cluster, source };
}
