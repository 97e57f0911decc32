import type { EntityViewerResponse } from '@aks-access/plugin-aks-access-common';
import { viewer } from './fixtures';

/** The production namespace as the backend counts it on an Azure RBAC cluster near Azure's limit. */
export const viewerWithGrantCost = (
  groups: Array<{
    displayName: string;
    assignments: number;
    requestable: boolean;
  }>,
): EntityViewerResponse => ({
  ...viewer,
  namespaces: [
    viewer.namespaces[0],
    {
      ...viewer.namespaces[1],
      grantCost: {
        budget: {
          subscriptionId: '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
          count: 3212,
          limit: 4000,
          warnAt: 3200,
          refuseAt: 3800,
        },
        user: 2,
        groups: groups.map(g => ({
          ...g,
          entityRef: `group:default/${g.displayName
            .toLowerCase()
            .replace(' ', '-')}`,
        })),
      },
    },
  ],
});
