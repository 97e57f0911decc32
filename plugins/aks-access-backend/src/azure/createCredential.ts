import type { Agent } from 'node:https';
import type { TokenCredential } from '@azure/core-auth';
import {
  ClientSecretCredential,
  DefaultAzureCredential,
  WorkloadIdentityCredential,
} from '@azure/identity';
import type { AzureConfig } from '../config/types';

/** The backend's own Azure identity, for ARM and for the AKS API servers. */
export function createCredential(
  azure: AzureConfig,
  /** Trusts a private CA. */
  agent?: Agent,
): TokenCredential {
  const common = {
    authorityHost: azure.authorityHost,
    agent,
    disableInstanceDiscovery: azure.disableInstanceDiscovery,
  };
  const { credential, tenantId } = azure;
  switch (credential.type) {
    case 'clientSecret':
      if (!tenantId) {
        throw new Error(
          'aksAccess.azure.tenantId is required with a client secret credential',
        );
      }
      return new ClientSecretCredential(
        tenantId,
        credential.clientId,
        credential.clientSecret,
        common,
      );
    case 'workloadIdentity':
      return new WorkloadIdentityCredential({
        ...common,
        tenantId,
        clientId: credential.clientId,
        tokenFilePath: credential.tokenFilePath,
      });
    default:
      return new DefaultAzureCredential({ ...common, tenantId });
  }
}
