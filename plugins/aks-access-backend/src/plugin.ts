import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { ReplicaChanges } from './events/ReplicaChanges';
import { readPolicy, workloadIdentitySubscriptions } from './policy/readPolicy';
import { aksAccessPermissions } from '@aks-access/plugin-aks-access-common';
import {
  aksAccessClockServiceRef,
  AksAccessEnvironment,
  aksAccessEnvironmentExtensionPoint,
} from '@aks-access/plugin-aks-access-node';
import { registerReadActions } from './actions/readActions';
import { registerWriteActions } from './actions/writeActions';
import { sweepExpiries } from './requests/expireAccess';
import { autoRevokeOverdue } from './reviews/autoRevokeOverdue';
import { createAksAccess } from './service/createAksAccess';
import { readRoutes } from './service/readRoutes';
import { createRouter } from './service/router';
import { writeRoutes } from './service/writeRoutes';

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
        events: eventsServiceRef,
        instance: coreServices.rootInstanceMetadata,
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
        events,
        instance,
      }) {
        permissionsRegistry.addPermissions(aksAccessPermissions);
        const aksAccess = await createAksAccess({
          rootConfig: config,
          logger,
          auth,
          permissions,
          catalog,
          database,
          auditor,
          clock,
          notifications,
          environment,
        });
        const { services, principals, membership, deps } = aksAccess;
        // Each replica writes its own changes through to its own index, and
        // applies the others' from the event bus; the write frame publishes.
        const replicas = new ReplicaChanges({
          events,
          replicaId: instance.getId(),
          registry: services.registry,
          index: services.index,
          logger,
          identitySubscriptions: workloadIdentitySubscriptions(
            readPolicy(config).workloadIdentity,
          ),
        });
        await replicas.subscribe();
        deps.replicas = replicas;
        lifecycle.addShutdownHook(() => services.stop());
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
        // Each replica keeps its own registry: a local task.
        const { discovery } = services;
        if (discovery) {
          const every = services.config.discovery!.refreshIntervalSeconds;
          await scheduler.scheduleTask({
            id: 'aks-access-discovery',
            frequency: { seconds: every },
            initialDelay: { seconds: every },
            timeout: { minutes: 5 },
            scope: 'local',
            fn: async () => {
              await discovery.refresh();
            },
          });
        }
        // One runner across replicas (a global task), every 15 s, so a
        // time-bound grant ends within a minute of its time; at start too,
        // for what ended while the backend was down.
        await scheduler.scheduleTask({
          id: 'aks-access-expiry',
          frequency: { seconds: 15 },
          timeout: { minutes: 5 },
          fn: async () => {
            const swept = await sweepExpiries(deps, logger);
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
            const revoked = await autoRevokeOverdue(deps, logger);
            if (revoked) {
              logger.info(
                `Reviews: ${revoked} grants past reviews.autoRevokeAfterDays revoked`,
              );
            }
          },
        });
        httpRouter.use(
          await createRouter(
            {
              httpAuth,
              queries: aksAccess.queries,
              operations: aksAccess.operations,
            },
            [readRoutes, writeRoutes],
          ),
        );
        registerReadActions(actionsRegistry, aksAccess.queries);
        registerWriteActions(actionsRegistry, aksAccess.operations);
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
