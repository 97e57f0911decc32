import { AksAccessClient } from '@aks-access/plugin-aks-access-common';
import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { aksAccessApiRef } from './api';
import { AksAccessLevelPicker } from './fields/AksAccessLevelPicker/AksAccessLevelPicker';
import { AksClusterPicker } from './fields/AksClusterPicker/AksClusterPicker';
import { AksNamespacePicker } from './fields/AksNamespacePicker/AksNamespacePicker';
import { AksOwnerPicker } from './fields/AksOwnerPicker/AksOwnerPicker';
import { FIELD_NAMES } from './fields/fieldNames';
import { rootRouteRef } from './routes';

export const aksAccessPlugin = createPlugin({
  id: 'aks-access',
  apis: [
    createApiFactory({
      api: aksAccessApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AksAccessClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** The entity page tab; lazy, so the page's code loads only when opened. */
export const EntityAksAccessContent = aksAccessPlugin.provide(
  createRoutableExtension({
    name: 'EntityAksAccessContent',
    component: () =>
      import('./components/AksAccessContent/AksAccessContent').then(
        m => m.AksAccessContent,
      ),
    mountPoint: rootRouteRef,
  }),
);

export const EntityAksAccessCard = aksAccessPlugin.provide(
  createComponentExtension({
    name: 'EntityAksAccessCard',
    component: {
      lazy: () =>
        import('./components/AksAccessCard/AksAccessCard').then(
          m => m.AksAccessCard,
        ),
    },
  }),
);

export const AksClusterPickerFieldExtension = aksAccessPlugin.provide(
  createScaffolderFieldExtension({
    name: FIELD_NAMES.cluster,
    component: AksClusterPicker,
  }),
);

export const AksAccessLevelPickerFieldExtension = aksAccessPlugin.provide(
  createScaffolderFieldExtension({
    name: FIELD_NAMES.accessLevel,
    component: AksAccessLevelPicker,
  }),
);

export const AksNamespacePickerFieldExtension = aksAccessPlugin.provide(
  createScaffolderFieldExtension({
    name: FIELD_NAMES.namespace,
    component: AksNamespacePicker,
  }),
);

export const AksOwnerPickerFieldExtension = aksAccessPlugin.provide(
  createScaffolderFieldExtension({
    name: FIELD_NAMES.owner,
    component: AksOwnerPicker,
  }),
);
