import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Onboard a namespace for a component, owned by its team, with the policy default quota tier',
    example: yaml.stringify({
      steps: [
        {
          id: 'onboard',
          action: 'aks:namespace:onboard',
          name: 'Onboard namespace',
          input: {
            cluster: 'aks-dev-neu',
            namespace: 'payments-batch',
            entityRef: 'component:default/payments-worker',
            owner: 'group:default/team-payments',
          },
        },
      ],
    }),
  },
  {
    description: 'Onboard a namespace with the medium quota tier',
    example: yaml.stringify({
      steps: [
        {
          id: 'onboard',
          action: 'aks:namespace:onboard',
          name: 'Onboard namespace',
          input: {
            cluster: 'aks-prod-weu',
            namespace: 'payments-reports',
            entityRef: 'component:default/payments-api',
            owner: 'group:default/team-payments',
            tier: 'medium',
          },
        },
      ],
    }),
  },
];
