/**
 * The part of a Microsoft.ContainerService/managedClusters resource this
 * plugin reads, at the api-version ArmClients pins (2025-10-01). A full SDK
 * for one GET is not worth a dependency.
 */
export interface ManagedCluster {
  id: string;
  name: string;
  location: string;
  properties: {
    kubernetesVersion?: string;
    currentKubernetesVersion?: string;
    fqdn?: string;
    privateFQDN?: string;
    enableRBAC?: boolean;
    disableLocalAccounts?: boolean;
    aadProfile?: {
      managed?: boolean;
      enableAzureRBAC?: boolean;
      adminGroupObjectIDs?: string[] | null;
      tenantID?: string;
    };
    oidcIssuerProfile?: { enabled?: boolean; issuerURL?: string };
    securityProfile?: { workloadIdentity?: { enabled?: boolean } };
  };
}
