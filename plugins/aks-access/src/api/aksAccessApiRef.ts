import { createApiRef } from '@backstage/core-plugin-api';
import type { AksAccessClient } from '@aks-access/plugin-aks-access-common';

/**
 * The calls this frontend makes. Narrowed from the shared client so that tests
 * can fake exactly what the page uses and nothing more.
 */
export type AksAccessApi = Pick<
  AksAccessClient,
  | 'getClusters'
  | 'getEntityAccess'
  | 'getEntityPeople'
  | 'getEntityViewer'
  | 'getEntityWhoCan'
  | 'getEntityWhatCan'
  | 'getEntitySensitivePermissions'
  | 'checkAccess'
  | 'revokeGrant'
  | 'requestAccess'
  | 'listAccessRequests'
  | 'approveAccessRequest'
  | 'denyAccessRequest'
  | 'cancelAccessRequest'
  | 'reviewGrants'
>;

// Created with core-plugin-api so the same ref works in both frontend systems.
export const aksAccessApiRef = createApiRef<AksAccessApi>({
  id: 'plugin.aks-access.service',
});
