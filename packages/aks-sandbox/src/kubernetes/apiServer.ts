import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from '../context';
import type { ClusterObjects } from './clusterObjects';
import { internal, KubeError } from './errors';
import { handleRequest } from './api/dispatch';
import { createClusterScope } from './api/scope';

/*
 * One cluster's API server. The request handlers live in ./api, one file per
 * verb or concern; they share the cluster's ClusterScope.
 */

export interface KubernetesApiServer {
  handle(req: IncomingMessage, res: ServerResponse): void;
  objects: ClusterObjects;
  /** Ends open watches (so the HTTP server can close). */
  close(): void;
}

export function createKubernetesApiServer(
  ctx: SandboxContext,
  clusterName: string,
): KubernetesApiServer {
  const cluster = createClusterScope(ctx, clusterName);
  return {
    objects: cluster.objects,
    handle(req, res) {
      handleRequest(cluster, req, res).catch(error => {
        const status =
          error instanceof KubeError
            ? error
            : internal(String(error?.stack ?? error));
        // A watch fails after its 200 went out; all that is left is to end it.
        if (res.headersSent) {
          res.end();
          return;
        }
        res.writeHead(status.code, {
          'Content-Type': 'application/json',
          ...status.headers,
        });
        res.end(JSON.stringify(status.toStatus()));
      });
    },
    close() {
      cluster.controllers.stop();
      for (const res of cluster.openWatches) res.end();
      cluster.objects.closeAll();
    },
  };
}
