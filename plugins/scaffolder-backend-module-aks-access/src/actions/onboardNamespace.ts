import {
  aksAccessOperations,
  parseInput,
} from '@aks-access/plugin-aks-access-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  type AksAccessActionOptions,
  createAksAccessCaller,
} from './aksAccessCall';
import { examples } from './onboardNamespace.examples';
import {
  actionInputFields as i,
  actionOutputFields as o,
} from '@aks-access/plugin-aks-access-node';

const operation = aksAccessOperations.onboardNamespace;

export const ONBOARD_NAMESPACE_ACTION_ID = operation.actionId!;

/** `POST /namespaces`: the namespace with its labels, quota, limits and default NetworkPolicy. */
export function createOnboardNamespaceAction(options: AksAccessActionOptions) {
  const callAksAccess = createAksAccessCaller(options);
  return createTemplateAction({
    id: ONBOARD_NAMESPACE_ACTION_ID,
    description:
      'Creates or updates a namespace for a catalog entity on an AKS cluster: ownership labels and annotations, the ResourceQuota and LimitRange of the policy tier, and the default NetworkPolicy. Runs as the task initiator, who must be allowed to onboard for the entity.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: i.cluster,
        namespace: i.namespace,
        entityRef: i.entityRef,
        owner: i.owner,
        tier: i.tier,
      },
      output: {
        namespace: o.namespace,
        cluster: o.cluster,
        apiServerUrl: z => z.string().describe('API server URL of the cluster'),
        changes: o.changes,
      },
    },
    async handler(ctx) {
      const { cluster, namespace, entityRef, owner, tier } = ctx.input;
      const result = await callAksAccess(ctx, {
        key: `aks-access.namespace.onboard.v1:${cluster}/${namespace}/${entityRef}/${owner}/${
          tier ?? ''
        }`,
        send: (client, { dryRun, token }) =>
          client.onboardNamespace(
            parseInput(operation.input, {
              cluster,
              namespace,
              entityRef,
              owner,
              tier,
              dryRun,
            }),
            { token },
          ),
      });
      ctx.output('namespace', result.namespace);
      ctx.output('cluster', result.cluster);
      ctx.output('apiServerUrl', result.apiServerUrl);
      ctx.output('changes', result.changes);
    },
  });
}
