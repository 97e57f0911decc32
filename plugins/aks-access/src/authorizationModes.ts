import type { AuthorizationMode } from '@aks-access/plugin-aks-access-common';

export const AUTHORIZATION_MODE_LABELS: Record<AuthorizationMode, string> = {
  'azure-rbac': 'Azure RBAC',
  'kubernetes-rbac': 'Kubernetes RBAC',
};
