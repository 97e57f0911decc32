import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Federate a ServiceAccount with a managed identity that may read the secrets of one Key Vault',
    example: yaml.stringify({
      steps: [
        {
          id: 'federate',
          action: 'aks:workload-identity:federate',
          name: 'Federate workload identity',
          input: {
            cluster: 'aks-prod-weu',
            namespace: 'payments-api',
            serviceAccount: 'payments-reconciler',
            entityRef: 'component:default/payments-api',
            azureRoles: [
              {
                role: 'Key Vault Secrets User',
                scope:
                  '/subscriptions/6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f/resourceGroups/rg-kv-payments/providers/Microsoft.KeyVault/vaults/kv-payments',
              },
            ],
          },
        },
      ],
    }),
  },
  {
    description:
      'Federate a ServiceAccount with a named identity and no Azure roles yet',
    example: yaml.stringify({
      steps: [
        {
          id: 'federate',
          action: 'aks:workload-identity:federate',
          name: 'Federate workload identity',
          input: {
            cluster: 'aks-dev-neu',
            namespace: 'payments-api',
            serviceAccount: 'payments-api',
            entityRef: 'component:default/payments-api',
            identityName: 'id-payments-api-dev',
          },
        },
      ],
    }),
  },
];
