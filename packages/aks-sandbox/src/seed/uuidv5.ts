import { createHash } from 'node:crypto';

/** The namespace of the deterministic role-assignment names aks-access creates. */
export const ROLE_ASSIGNMENT_NAMESPACE = '0f0c63ef-1c0e-4b6a-8f3e-6a7b1d9a5c42';

/** RFC 4122 version 5 (SHA-1, name-based) UUID. */
export function uuidv5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(
    12,
    16,
  )}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The name aks-access gives a managed role assignment: stable per (scope,
 * role, principal). The role is hashed by its GUID because ARM hands back the
 * same definition as `/providers/…` or `/subscriptions/…/providers/…`.
 */
export function roleAssignmentName(
  scope: string,
  roleDefinitionId: string,
  principalId: string,
): string {
  const roleGuid = roleDefinitionId.split('/').pop()!;
  return uuidv5(
    `${scope}|${roleGuid}|${principalId}`.toLowerCase(),
    ROLE_ASSIGNMENT_NAMESPACE,
  );
}
