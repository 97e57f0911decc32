import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Ask for a day of read access to a dev namespace for your team; the embedded policy needs no approval for read on dev, so it is granted at once and ends by itself',
    example: yaml.stringify({
      steps: [
        {
          id: 'request-access',
          action: 'aks:access:request',
          name: 'Request temporary access',
          input: {
            cluster: 'aks-dev-neu',
            namespace: 'payments-api',
            principal: 'group:default/team-payments',
            level: 'read',
            duration: 'P1D',
            justification: 'Reading the settlement logs for incident 4711',
          },
        },
      ],
    }),
  },
];
