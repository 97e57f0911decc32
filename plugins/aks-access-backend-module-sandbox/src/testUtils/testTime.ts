import {
  createServiceFactory,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { aksAccessClockServiceRef } from '@aks-access/plugin-aks-access-node';

/*
 * Time in tests: a clock the test moves and a scheduler the test triggers,
 * so that expiries run without sleeping.
 */

/**
 * A clock the test moves: expiries and due dates without sleeping. Its
 * `factory` replaces the plugin's clock in a test backend.
 */
export function testClock(start = new Date('2026-12-01T09:00:00Z')) {
  let now = start.getTime();
  const clock = {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
    set(at: Date) {
      now = at.getTime();
    },
  };
  return {
    ...clock,
    factory: createServiceFactory({
      service: aksAccessClockServiceRef,
      deps: {},
      factory: () => ({ now: clock.now }),
    }),
  };
}

/**
 * Backstage's mock scheduler, whose tasks run when the test triggers them
 * (and once at startup, as a real scheduler runs a task without initial
 * delay). `mockServices.scheduler()` is typed as the plain service; its
 * instance also has the factory that installs it.
 */
export function testScheduler() {
  const scheduler = mockServices.scheduler();
  return {
    triggerTask: (id: string) => scheduler.triggerTask(id),
    factory: (
      scheduler as unknown as { factory(): ServiceFactory<SchedulerService> }
    ).factory(),
  };
}
