import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createAksAccessActions } from './actions';

/** Adds the aks:* actions to the scaffolder. */
export const scaffolderModuleAksAccess = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'aks-access',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, discovery, auth }) {
        scaffolder.addActions(...createAksAccessActions({ discovery, auth }));
      },
    });
  },
});
