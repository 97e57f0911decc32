import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { aksAccessEnvironmentExtensionPoint } from '@aks-access/plugin-aks-access-node';
import { acquireSandbox } from './embeddedSandbox';
import { readSandboxConfig } from './readSandboxConfig';
import { sandboxEnvironment } from './sandboxEnvironment';

/**
 * Runs the AKS sandbox in the backend's process and makes it aks-access's
 * Azure, through the plugin's environment extension point. Add it only to
 * development and test backends; `aksAccess.sandbox.enabled: false` turns it
 * off without removing it.
 */
export const aksAccessModuleSandbox = createBackendModule({
  pluginId: 'aks-access',
  moduleId: 'sandbox',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        environment: aksAccessEnvironmentExtensionPoint,
      },
      async init({ config, logger, lifecycle, environment }) {
        const settings = readSandboxConfig(config);
        if (!settings.enabled) return;
        const { sandbox, release } = await acquireSandbox(settings);
        lifecycle.addShutdownHook(release);
        environment.setEnvironment(sandboxEnvironment(sandbox));
        logger.info(
          `AKS sandbox started in-process (${
            settings.dataDir ? `state in ${settings.dataDir}` : 'in memory'
          }): ARM ${sandbox.armUrl}, clusters ${sandbox.clusters
            .map(c => `${c.name}=${c.apiServerUrl}`)
            .join(', ')}`,
        );
      },
    });
  },
});
