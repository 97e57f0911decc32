import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';

/** What time it is, for expiries, pending timeouts and review due dates. */
export interface AksAccessClock {
  now(): Date;
}

/**
 * The clock aks-access reads. Deployments keep the default, the system
 * clock; tests replace it with a service factory to move time without
 * sleeping.
 */
export const aksAccessClockServiceRef = createServiceRef<AksAccessClock>({
  id: 'aks-access.clock',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: () => ({ now: () => new Date() }),
    }),
});
