import {
  aksAccessOperations,
  parseInput,
} from '@aks-access/plugin-aks-access-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  type AksAccessActionOptions,
  createAksAccessCaller,
} from './aksAccessCall';
import { examples } from './federateWorkloadIdentity.examples';
import {
  actionInputFields as i,
  actionOutputFields as o,
} from '@aks-access/plugin-aks-access-node';

const operation = aksAccessOperations.federateWorkloadIdentity;

export const FEDERATE_WORKLOAD_IDENTITY_ACTION_ID = operation.actionId!;

/** `POST /workload-identities`: identity, federated credential, annotated ServiceAccount and role assignments. */
export function createFederateWorkloadIdentityAction(
  options: AksAccessActionOptions,
) {
  const callAksAccess = createAksAccessCaller(options);
  return createTemplateAction({
    id: FEDERATE_WORKLOAD_IDENTITY_ACTION_ID,
    description:
      "Lets a Kubernetes ServiceAccount sign in to Azure as a user-assigned managed identity: creates the identity (tagged with the entity), a federated identity credential for the cluster's OIDC issuer and the ServiceAccount, annotates the ServiceAccount with the client id, and assigns the requested Azure roles the policy allows. Runs as the task initiator.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: i.cluster,
        namespace: i.namespace,
        serviceAccount: i.serviceAccount,
        entityRef: i.entityRef,
        identityName: i.identityName,
        azureRoles: i.azureRoles,
      },
      output: {
        clientId: z =>
          z
            .string()
            .describe(
              'Client id of the identity, as in the azure.workload.identity/client-id annotation',
            ),
        principalId: z =>
          z.string().describe('Object id of the identity in Entra ID'),
        identityId: z =>
          z.string().describe('ARM id of the user-assigned identity'),
        serviceAccount: o.serviceAccount,
        changes: o.changes,
      },
    },
    async handler(ctx) {
      const {
        cluster,
        namespace,
        serviceAccount,
        entityRef,
        identityName,
        azureRoles,
      } = ctx.input;
      const roles = (azureRoles ?? [])
        .map(r => `${r.role}@${r.scope}`)
        .join(',');
      const result = await callAksAccess(ctx, {
        key: `aks-access.workload-identity.federate.v1:${cluster}/${namespace}/${serviceAccount}/${entityRef}/${
          identityName ?? ''
        }/${roles}`,
        send: (client, { dryRun, token }) =>
          client.federateWorkloadIdentity(
            parseInput(operation.input, {
              cluster,
              namespace,
              serviceAccount,
              entityRef,
              identityName,
              azureRoles,
              dryRun,
            }),
            { token },
          ),
      });
      ctx.output('clientId', result.clientId);
      ctx.output('principalId', result.principalId);
      ctx.output('identityId', result.identityId);
      ctx.output('serviceAccount', result.serviceAccount);
      ctx.output('changes', result.changes);
    },
  });
}
