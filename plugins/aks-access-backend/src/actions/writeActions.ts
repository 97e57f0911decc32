import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { AksAccessOperationName } from '@aks-access/plugin-aks-access-common';
import {
  actionInputFields as i,
  actionOutputFields as o,
  ActionZod,
} from '@aks-access/plugin-aks-access-node';
import type { AksAccessOperations } from '../operations/AksAccessOperations';

const DRY_RUN_FIRST =
  'Runs as a dry run, changing nothing and answering with the plan, unless it is called with dryRun: false. Runs as the caller, with the same guardrails, permissions and ownership checks as the REST API and the templates.';

interface WriteAction {
  name: string;
  title: string;
  description: string;
  operation: AksAccessOperationName;
  /** Re-running with the same input may overwrite what someone changed since. */
  destructive: boolean;
  input: (z: ActionZod) => Record<string, any>;
  output: (z: ActionZod) => Record<string, any>;
}

const WRITE_ACTIONS: WriteAction[] = [
  {
    name: 'onboard-namespace',
    title: 'Onboard a namespace',
    description: `Creates (or brings back to the platform's defaults) a namespace for a catalog entity on an AKS cluster: its labels, ResourceQuota, LimitRange and default NetworkPolicy, or an AKS managed namespace where the cluster provisions them so. ${DRY_RUN_FIRST}`,
    operation: 'onboardNamespace',
    destructive: true,
    input: z => ({
      cluster: i.cluster(z),
      namespace: i.namespace(z),
      entityRef: i.entityRef(z),
      owner: i.owner(z),
      tier: i.tier(z),
    }),
    output: z => ({ cluster: o.cluster(z), namespace: o.namespace(z) }),
  },
  {
    name: 'grant-access',
    title: 'Grant access to a namespace',
    description: `Grants a group (or, where the policy allows, a user) read, write or admin on one namespace: a RoleBinding on kubernetes-rbac clusters, an Azure role assignment at namespace scope on azure-rbac clusters, plus the Azure Kubernetes Service Cluster User Role. Only the entity's owners may. ${DRY_RUN_FIRST}`,
    operation: 'createGrant',
    destructive: false,
    input: z => ({
      cluster: i.cluster(z),
      namespace: i.namespace(z),
      principal: i.principal(z),
      level: i.level(z),
    }),
    output: z => ({ grantId: z.string().optional() }),
  },
  {
    name: 'request-access',
    title: 'Request time-bound access to a namespace',
    description: `Asks the namespace's owners for read, write or admin for a while (an ISO 8601 duration), for yourself or a group you belong to; the access ends by itself. Asking again answers the open request. ${DRY_RUN_FIRST}`,
    operation: 'requestAccess',
    destructive: false,
    input: z => ({
      cluster: i.cluster(z),
      namespace: i.namespace(z),
      principal: i.requestPrincipal(z),
      level: i.level(z),
      duration: i.duration(z),
      justification: i.justification(z),
    }),
    output: z => ({ request: z.object({}).passthrough().optional() }),
  },
  {
    name: 'federate-workload-identity',
    title: 'Federate a workload identity',
    description: `Gives a ServiceAccount an Azure identity: a user-assigned managed identity, a federated identity credential for the cluster's issuer and the ServiceAccount, the annotated ServiceAccount, and the Azure roles the policy allows. ${DRY_RUN_FIRST}`,
    operation: 'federateWorkloadIdentity',
    destructive: true,
    input: z => ({
      cluster: i.cluster(z),
      namespace: i.namespace(z),
      serviceAccount: i.serviceAccount(z),
      entityRef: i.entityRef(z),
      identityName: i.identityName(z),
      azureRoles: i.azureRoles(z),
    }),
    output: z => ({
      clientId: z.string().optional(),
      serviceAccount: o.serviceAccount(z).optional(),
    }),
  },
];

/**
 * The write actions: each calls the same operation as its REST route, with
 * the caller's credentials, so guardrails, permissions, locks and the audit
 * log are the ones every other door goes through.
 */
export function registerWriteActions(
  registry: ActionsRegistryService,
  operations: AksAccessOperations,
) {
  for (const action of WRITE_ACTIONS) {
    registry.register({
      name: action.name,
      title: action.title,
      description: action.description,
      attributes: {
        readOnly: false,
        destructive: action.destructive,
        idempotent: true,
      },
      schema: {
        input: z =>
          z.object({
            ...action.input(z),
            dryRun: z
              .boolean()
              .default(true)
              .describe(
                'false to carry the plan out; true (the default) to only answer with it',
              ),
          }),
        output: z =>
          z
            .object({
              dryRun: z.boolean(),
              changes: o.changes(z),
              ...action.output(z),
            })
            .passthrough(),
      },
      action: async ({ input, credentials }) => {
        const result = (await operations.run(
          action.operation,
          { credentials },
          input,
        )) as object;
        return { output: { dryRun: input.dryRun, ...result } as any };
      },
    });
  }
}
