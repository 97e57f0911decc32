import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Give a catalog group read access (list and watch pods, deployments, logs) to a namespace',
    example: yaml.stringify({
      steps: [
        {
          id: 'grant-readers',
          action: 'aks:access:grant',
          name: 'Grant read access',
          input: {
            cluster: 'aks-dev-neu',
            namespace: 'payments-api',
            principal: 'group:default/payments-readers',
            level: 'read',
          },
        },
      ],
    }),
  },
  {
    description:
      'Give a group read access on an Azure RBAC cluster, where the grant is an Azure role assignment at namespace scope',
    example: yaml.stringify({
      steps: [
        {
          id: 'grant-readers',
          action: 'aks:access:grant',
          name: 'Grant read access',
          input: {
            cluster: 'aks-prod-weu',
            namespace: 'payments-api',
            principal: 'group:default/payments-readers',
            level: 'read',
          },
        },
      ],
    }),
  },
];
