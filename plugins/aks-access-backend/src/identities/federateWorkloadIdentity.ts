import type { V1ServiceAccount } from '@kubernetes/client-node';
import { InputError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  ArmId,
  BuiltinRole,
  defaultIdentityName,
  FederateWorkloadIdentityRequest,
  FederateWorkloadIdentityResponse,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION,
  WORKLOAD_IDENTITY_TENANT_ID_ANNOTATION,
  WORKLOAD_IDENTITY_USE_LABEL,
} from '@aks-access/plugin-aks-access-common';
import { ManagedIdentities } from '../azure/managedIdentities';
import { namespaceEntity } from '../namespaces/namespaceOwnership';
import type { Caller, OperationDeps } from '../operations/OperationDeps';
import { managedDescription } from '../azure/managedMarkers';
import { runOperation } from '../operations/runOperation';

/** Shown in a dry-run plan where the identity does not exist yet. */
const PENDING = 'pending';

/** The identities of the cluster's home (policy workloadIdentity: per cluster, per environment, or the default). */
export function managedIdentities(
  deps: OperationDeps,
  cluster: string,
): ManagedIdentities {
  const home = deps.guardrails.identityHome(deps.registry.get(cluster));
  return new ManagedIdentities(
    deps.registry.arm.msiFor(home.subscriptionId),
    home,
    deps.guardrails,
    deps.lock,
  );
}

/**
 * Each role a federation assigns costs one of its scope's subscription's
 * role assignments, unless the identity holds it already (as the index
 * knows it): refused before the identity is even created.
 */
function checkBudget(
  deps: OperationDeps,
  identityId: string,
  roles: Array<{ role: BuiltinRole; scope: ArmId }>,
) {
  const known = deps.index.azure.identityById(identityId);
  const held = known ? deps.index.azure.assignmentsOf(known.principalId) : [];
  const adding = new Map<string, number>();
  for (const { role, scope } of roles) {
    const holds = held.some(
      a =>
        a.scope.toLowerCase() === scope.id.toLowerCase() &&
        a.roleDefinitionGuid === role.guid,
    );
    if (!holds) {
      adding.set(
        scope.subscriptionId,
        (adding.get(scope.subscriptionId) ?? 0) + 1,
      );
    }
  }
  for (const [subscriptionId, count] of adding) {
    deps.guardrails.checkRoleAssignmentBudget(
      subscriptionId,
      deps.index.azure.assignmentCount(subscriptionId) ?? 0,
      count,
    );
  }
}

/** The issuer a FIC must name; refused while the cluster cannot federate. */
export async function clusterIssuer(
  deps: OperationDeps,
  cluster: string,
): Promise<string> {
  const record = await deps.registry.refreshRecord(cluster);
  const issuer = record?.properties.oidcIssuerProfile;
  const workloadIdentity =
    record?.properties.securityProfile?.workloadIdentity?.enabled;
  if (!issuer?.enabled || !issuer.issuerURL || !workloadIdentity) {
    const handle = deps.registry.get(cluster);
    throw new InputError(
      `Cluster ${cluster} cannot federate workload identities: ${
        !issuer?.enabled || !issuer.issuerURL
          ? 'its OIDC issuer is disabled'
          : 'workload identity is disabled'
      }. Fix: az aks update -g ${handle.config.resourceGroup} -n ${
        handle.config.clusterName
      } --enable-oidc-issuer --enable-workload-identity`,
    );
  }
  return issuer.issuerURL;
}

/**
 * Identity → FIC → annotated ServiceAccount → Azure roles (DESIGN §5). The
 * identity comes first because the rest needs its ids; the rest runs together.
 */
export async function federateWorkloadIdentity(
  deps: OperationDeps,
  caller: Caller,
  input: FederateWorkloadIdentityRequest,
): Promise<FederateWorkloadIdentityResponse> {
  const dryRun = input.dryRun ?? false;
  const { cluster, namespace, serviceAccount, entityRef } = input;
  let federated: string | undefined;
  return runOperation(
    deps,
    caller,
    {
      operation: 'federateWorkloadIdentity',
      entityRef,
      cluster,
      namespace,
      dryRun,
      subject: { serviceAccount: `${namespace}/${serviceAccount}` },
    },
    async log => {
      deps.guardrails.checkNamespace(namespace);
      const identities = managedIdentities(deps, cluster);
      const roles = (input.azureRoles ?? []).map(r =>
        deps.guardrails.checkAzureRole(r.role, r.scope),
      );
      const subject = deps.guardrails.ficSubject(namespace, serviceAccount);
      const objects = deps.registry.get(cluster).objects();
      const [issuer] = await Promise.all([
        clusterIssuer(deps, cluster),
        namespaceEntity(objects, namespace, entityRef),
      ]);

      const identityName =
        input.identityName ??
        defaultIdentityName(parseEntityRef(entityRef).name);
      checkBudget(deps, identities.identityId(identityName), roles);
      let identity: Awaited<
        ReturnType<ManagedIdentities['ensure']>
      >['identity'];
      let existingSa: V1ServiceAccount | undefined;
      let identityCreated = false;
      // Whose ServiceAccount it is does not depend on the identity.
      await log.parallel(
        async () => {
          const ensured = await identities.ensure(
            identityName,
            entityRef,
            dryRun,
          );
          identity = ensured.identity;
          identityCreated = ensured.change.action === 'create';
          return ensured.change;
        },
        async () => {
          existingSa = await objects.read<V1ServiceAccount>({
            apiVersion: 'v1',
            kind: 'ServiceAccount',
            name: serviceAccount,
            namespace,
          });
          return undefined;
        },
      );
      federated = identity?.clientId;
      const clientId = identity?.clientId ?? PENDING;
      if (identity?.id) log.about({ identity: identity.id });
      const principalId = identity?.principalId ?? PENDING;
      // Only a ServiceAccount aks-access created carries managed-by, so that
      // removal deletes it, and strips only the annotations from anyone else's.
      const createdByUs =
        !existingSa ||
        existingSa.metadata?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE;
      const { assignments } = deps;

      // The FIC goes first: its 20-per-identity check is the last refusal,
      // and a refused request must not leave an annotated ServiceAccount behind.
      await log.step(() =>
        identities.ensureFic(
          identityName,
          { cluster, namespace, serviceAccount, issuer, subject },
          identity !== undefined,
          dryRun,
        ),
      );
      await log.parallel(
        () =>
          objects.apply(
            {
              apiVersion: 'v1',
              kind: 'ServiceAccount',
              metadata: {
                name: serviceAccount,
                namespace,
                labels: {
                  [WORKLOAD_IDENTITY_USE_LABEL]: 'true',
                  ...(createdByUs
                    ? { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE }
                    : {}),
                },
                annotations: {
                  [WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: clientId,
                  [WORKLOAD_IDENTITY_TENANT_ID_ANNOTATION]: deps.tenantId,
                },
              },
            },
            dryRun,
            { before: existingSa ?? null },
          ),
        ...roles.map(
          ({ role, scope }) =>
            () =>
              identity
                ? // An identity made just now holds no assignment to look for.
                  assignments[identityCreated ? 'create' : 'ensure'](
                    {
                      scope,
                      role,
                      principalId: identity.principalId!,
                      principalType: 'ServicePrincipal',
                      description: managedDescription(entityRef),
                    },
                    dryRun,
                  )
                : Promise.resolve({
                    target: 'azure' as const,
                    kind: 'roleAssignments',
                    name: `${role.roleName} at ${scope.id}`,
                    action: 'create' as const,
                  }),
        ),
      );
      return {
        clientId,
        principalId,
        identityId: identity?.id ?? '',
        serviceAccount,
      };
    },
    // Its ServiceAccount's watch event may come after the index refresh.
    { identityClientIds: () => (federated ? [federated] : []) },
  );
}
