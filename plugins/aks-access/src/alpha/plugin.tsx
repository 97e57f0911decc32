import {
  AksAccessClient,
  isAksAccessAvailable,
} from '@aks-access/plugin-aks-access-common';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { aksAccessApiRef } from '../api';
import { rootRouteRef } from '../routes';

const aksAccessApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: aksAccessApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AksAccessClient({ discoveryApi, fetchApi }),
    }),
});

const aksAccessEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'aks-access',
    title: 'AKS Access',
    routeRef: rootRouteRef,
    filter: isAksAccessAvailable,
    loader: () =>
      import('../components/AksAccessContent/AksAccessContent').then(m => (
        <m.AksAccessContent />
      )),
  },
});

const aksAccessEntityCard = EntityCardBlueprint.make({
  params: {
    filter: isAksAccessAvailable,
    loader: () =>
      import('../components/AksAccessCard/AksAccessCard').then(m => (
        <m.AksAccessCard />
      )),
  },
});

const formFields = () => import('../fields/formFields');

const clusterPickerField = FormFieldBlueprint.make({
  name: 'aks-cluster-picker',
  params: { field: () => formFields().then(m => m.clusterPickerFormField) },
});

const accessLevelPickerField = FormFieldBlueprint.make({
  name: 'aks-access-level-picker',
  params: { field: () => formFields().then(m => m.accessLevelPickerFormField) },
});

const namespacePickerField = FormFieldBlueprint.make({
  name: 'aks-namespace-picker',
  params: { field: () => formFields().then(m => m.namespacePickerFormField) },
});

const ownerPickerField = FormFieldBlueprint.make({
  name: 'aks-owner-picker',
  params: { field: () => formFields().then(m => m.ownerPickerFormField) },
});

/** AKS Access for the new frontend system; discovered by `app.packages: all`. */
export default createFrontendPlugin({
  pluginId: 'aks-access',
  title: 'AKS Access',
  routes: { root: rootRouteRef },
  extensions: [
    aksAccessApi,
    aksAccessEntityContent,
    aksAccessEntityCard,
    clusterPickerField,
    accessLevelPickerField,
    namespacePickerField,
    ownerPickerField,
  ],
});
