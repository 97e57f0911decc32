import { createHmac } from 'node:crypto';
import type { SandboxState } from '../state/types';

/**
 * A sandbox-only bearer token that is `system:masters` on every cluster, for
 * tests and the CLI's admin contexts. Derived from the tenant key so it is
 * stable across restarts of one data folder and secret to outsiders.
 */
export function superuserToken(state: SandboxState): string {
  return `sandbox-admin-${createHmac('sha256', state.tenantSigningKeyPem)
    .update('sandbox-superuser')
    .digest('base64url')}`;
}

export const SUPERUSER_NAME = 'sandbox-admin';
