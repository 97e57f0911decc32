import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  aksAccessPermissions,
  EntityAccessResponse,
} from '@aks-access/plugin-aks-access-common';
import { registerReadActions } from './actions/readActions';
import { registerWriteActions } from './actions/writeActions';
import { AksAccessQueries } from './queries/AksAccessQueries';
import { PrincipalDirectory } from './people/PrincipalDirectory';
import { GroupMembership } from './people/GroupMembership';
import { createAksAccessServices } from './service/createAksAccessServices';
import { readRoutes } from './service/readRoutes';
import { createRouter } from './service/router';
import { createWritePath } from './service/createWritePath';
import {
  aksAccessClockServiceRef,
  AksAccessEnvironment,
  aksAccessEnvironmentExtensionPoint,
} from '@aks-access/plugin-aks-access-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { sweepExpiries } from './requests/expireAccess';
import { autoRevokeOverdue } from './reviews/autoRevokeOverdue';
import { withReviews } from './reviews/grantReviews';

/**
 * The aks-access backend plugin: namespace onboarding, access grants and
 * workload identity federation on AKS, and the per-entity access view.
 */
export const aksAccessPlugin = createBackendPlugin({
  pluginId: 'aks-access',
  register(env) {
    let environment: AksAccessEnvironment | undefined;
    env.registerExtensionPoint(aksAccessEnvironmentExtensionPoint, {
      setEnvironment(supplied) {
        if (environment) {
          throw new Error(
            'Two modules set the aks-access environment; install only one',
          );
        }
        environment = supplied;
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        database: coreServices.database,
        auditor: coreServices.auditor,
        clock: aksAccessClockServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        config,
        httpRouter,
        logger,
        auth,
        httpAuth,
        permissions,
        permissionsRegistry,
        scheduler,
        lifecycle,
        catalog,
        database,
        auditor,
        clock,
        notifications,
        actionsRegistry,
      }) {
        permissionsRegistry.addPermissions(aksAccessPermissions);
        const services = await createAksAccessServices({
          config,
          logger,
          environment,
        });
        lifecycle.addShutdownHook(() => services.stop());
        const principals = new PrincipalDirectory(catalog, auth, logger);
        const membership = new GroupMembership(
          services.directory,
          principals,
          logger,
        );
        // Each replica keeps its own copy in memory: a local task, from
        // start, then a delta round per interval.
        await scheduler.scheduleTask({
          id: 'aks-access-group-membership',
          frequency: {
            seconds: services.config.azure.membershipRefreshSeconds,
          },
          timeout: { minutes: 10 },
          scope: 'local',
          fn: async () => {
            await membership.refresh();
            const done = membership.lastRefresh;
            if (done?.full) {
              logger.info(
                `Group membership read from Graph: ${
                  membership.status().users
                } users, ${membership.status().groups} groups, ${
                  done.calls
                } calls, ${done.durationMs} ms`,
              );
            }
          },
        });
        const seconds = services.config.azure.refreshIntervalSeconds;
        await scheduler.scheduleTask({
          id: 'aks-access-azure-refresh',
          frequency: { seconds },
          initialDelay: { seconds },
          timeout: { minutes: 5 },
          scope: 'local',
          fn: async () => {
            await services.index.refreshAzure();
            await principals.load();
          },
        });
        const routerOptions = {
          ...services,
          logger,
          auth,
          httpAuth,
          permissions,
          catalog,
          principals,
          membership,
        };
        const writePath = await createWritePath({
          ...routerOptions,
          rootConfig: config,
          database,
          auditor,
          clock,
          notifications,
        });
        // One runner across replicas (a global task), every 15 s, so a
        // time-bound grant ends within a minute of its time; at start too,
        // for what ended while the backend was down.
        await scheduler.scheduleTask({
          id: 'aks-access-expiry',
          frequency: { seconds: 15 },
          timeout: { minutes: 5 },
          fn: async () => {
            const swept = await sweepExpiries(
              writePath.operations.deps,
              logger,
            );
            if (swept.expiredGrants || swept.expiredRequests) {
              logger.info(
                `Expiry: ${swept.expiredGrants} time-bound grants ended, ${swept.expiredRequests} undecided requests expired`,
              );
            }
          },
        });
        await scheduler.scheduleTask({
          id: 'aks-access-review-auto-revoke',
          frequency: { hours: 1 },
          initialDelay: { minutes: 1 },
          timeout: { minutes: 30 },
          fn: async () => {
            const revoked = await autoRevokeOverdue(
              writePath.operations.deps,
              logger,
            );
            if (revoked) {
              logger.info(
                `Reviews: ${revoked} grants past reviews.autoRevokeAfterDays revoked`,
              );
            }
          },
        });
        const readOptions = {
          ...routerOptions,
          decorateAccess: (view: EntityAccessResponse) =>
            withReviews(view, writePath.operations.deps),
        };
        httpRouter.use(
          await createRouter(readOptions, [readRoutes, writePath.routes]),
        );
        registerReadActions(actionsRegistry, new AksAccessQueries(readOptions));
        registerWriteActions(actionsRegistry, writePath.operations);
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
