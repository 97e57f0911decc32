import type { ServerResponse } from 'node:http';
import type { SandboxContext } from '../../context';
import { createKeyedTokenBuckets } from '../../faults';
import type { ClusterState } from '../../state/types';
import { Authorizer, createAuthorizer, forbidden } from '../authorizer';
import { ClusterObjects } from '../clusterObjects';
import { Controllers, startControllers } from '../controllers';
import type { RequestAttributes } from '../rbac';

/** What every handler of one cluster's API server shares. */
export interface ClusterScope {
  ctx: SandboxContext;
  name: string;
  objects: ClusterObjects;
  authorize: Authorizer;
  controllers: Controllers;
  throttle: ReturnType<typeof createKeyedTokenBuckets>;
  /** Kept so that closing the sandbox can end them; they never end on their own. */
  openWatches: Set<ServerResponse>;
  /** Read through the store each time: a commit may replace the cluster's nodes. */
  state(): ClusterState;
  azureRbac(): boolean;
  /** Throws the Forbidden a real API server sends for a denied request. */
  check(a: RequestAttributes): void;
}

export function createClusterScope(
  ctx: SandboxContext,
  name: string,
): ClusterScope {
  const objects = new ClusterObjects(ctx.store, name);
  const authorize = createAuthorizer(ctx, name, objects);
  const state = () => ctx.store.state.clusters[name];
  const azureRbac = () => !!state().record.aadProfile?.enableAzureRBAC;
  return {
    ctx,
    name,
    objects,
    authorize,
    controllers: startControllers(objects),
    throttle: createKeyedTokenBuckets(ctx.faults.kubeThrottle),
    openWatches: new Set(),
    state,
    azureRbac,
    check(a) {
      if (!authorize(a).allowed) throw forbidden(a, azureRbac());
    },
  };
}
