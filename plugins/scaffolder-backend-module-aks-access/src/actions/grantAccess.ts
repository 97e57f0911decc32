import {
  aksAccessOperations,
  parseInput,
} from '@aks-access/plugin-aks-access-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  type AksAccessActionOptions,
  createAksAccessCaller,
} from './aksAccessCall';
import { examples } from './grantAccess.examples';
import {
  actionInputFields as i,
  actionOutputFields as o,
} from '@aks-access/plugin-aks-access-node';

const operation = aksAccessOperations.createGrant;

export const GRANT_ACCESS_ACTION_ID = operation.actionId!;

/** `POST /grants`: a namespace-scoped RoleBinding or Azure role assignment, plus cluster user access. */
export function createGrantAccessAction(options: AksAccessActionOptions) {
  const callAksAccess = createAksAccessCaller(options);
  return createTemplateAction({
    id: GRANT_ACCESS_ACTION_ID,
    description:
      'Grants a group (or, where the policy allows, a user) read, write or admin access to one namespace on an AKS cluster: a RoleBinding on kubernetes-rbac clusters, an Azure role assignment at namespace scope on azure-rbac clusters, plus the Azure Kubernetes Service Cluster User Role. Runs as the task initiator.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: i.cluster,
        namespace: i.namespace,
        principal: i.principal,
        level: i.level,
      },
      output: {
        grantId: z =>
          z
            .string()
            .describe(
              'Opaque id of the grant; DELETE /grants/:grantId revokes it',
            ),
        changes: o.changes,
      },
    },
    async handler(ctx) {
      const { cluster, namespace, principal, level } = ctx.input;
      const result = await callAksAccess(ctx, {
        key: `aks-access.grant.v1:${cluster}/${namespace}/${principal}/${level}`,
        send: (client, { dryRun, token }) =>
          client.createGrant(
            parseInput(operation.input, {
              cluster,
              namespace,
              principal,
              level,
              dryRun,
            }),
            { token },
          ),
      });
      ctx.output('grantId', result.grantId);
      ctx.output('changes', result.changes);
    },
  });
}
