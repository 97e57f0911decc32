import {
  aksAccessOperations,
  parseInput,
} from '@aks-access/plugin-aks-access-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  type AksAccessActionOptions,
  createAksAccessCaller,
} from './aksAccessCall';
import { examples } from './requestAccess.examples';
import {
  actionInputFields as i,
  actionOutputFields as o,
} from '@aks-access/plugin-aks-access-node';

const operation = aksAccessOperations.requestAccess;

export const REQUEST_ACCESS_ACTION_ID = operation.actionId!;

/** `POST /access-requests`: time-bound access, approved by the entity's owners where the policy says. */
export function createRequestAccessAction(options: AksAccessActionOptions) {
  const callAksAccess = createAksAccessCaller(options);
  return createTemplateAction({
    id: REQUEST_ACCESS_ACTION_ID,
    description:
      "Requests time-bound read, write or admin access to one namespace for the task initiator or a group they belong to. Where the policy needs approval, the namespace entity's owners (or the platform group, never the requester) approve it on the entity's AKS Access tab; otherwise it is granted at once. Either way the grant ends by itself after the duration.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: i.cluster,
        namespace: i.namespace,
        principal: i.requestPrincipal,
        level: i.level,
        duration: i.duration,
        justification: i.justification,
      },
      output: {
        requestId: z =>
          z.string().describe('Id of the access request: GET /access-requests'),
        state: z =>
          z
            .string()
            .describe(
              'pending (waiting for approval) or approved (granted until expiresAt)',
            ),
        expiresAt: z =>
          z
            .string()
            .optional()
            .describe('When the grant ends (RFC 3339), once approved'),
        changes: o.changes,
      },
    },
    async handler(ctx) {
      const { cluster, namespace, principal, level, duration, justification } =
        ctx.input;
      const result = await callAksAccess(ctx, {
        key: `aks-access.access-request.v1:${cluster}/${namespace}/${principal}/${level}/${duration}`,
        send: (client, { dryRun, token }) =>
          client.requestAccess(
            parseInput(operation.input, {
              cluster,
              namespace,
              principal,
              level,
              duration,
              justification,
              dryRun,
            }),
            { token },
          ),
      });
      ctx.output('requestId', result.request.id);
      ctx.output('state', result.request.state);
      if (result.request.expiresAt) {
        ctx.output('expiresAt', result.request.expiresAt);
      }
      ctx.output('changes', result.changes);
    },
  });
}
