/**
 * Annotation, label and protocol constants shared by the backend, the
 * scaffolder module and the frontend, so that all of them agree on the exact
 * strings written to and read from catalog entities, namespaces and Azure.
 */

/** The plugin id; also the path segment of the REST API (`/api/aks-access`). */
export const AKS_ACCESS_PLUGIN_ID = 'aks-access';

/** Entity annotation and namespace label used by the Backstage Kubernetes plugin. */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
export const KUBERNETES_ID_LABEL = KUBERNETES_ID_ANNOTATION;
/** Entity annotation naming a namespace the entity owns on every cluster. */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';
/** Entity annotation listing `<cluster>/<namespace>` pairs, comma separated. */
export const AKS_ACCESS_NAMESPACES_ANNOTATION =
  'aks-access.backstage.io/namespaces';

/** Namespace annotations written on onboarding. */
export const ENTITY_REF_ANNOTATION = 'aks-access.backstage.io/entity-ref';
export const OWNER_ANNOTATION = 'aks-access.backstage.io/owner';
/**
 * On a namespace that existed before aks-access onboarded it: offboarding
 * never deletes it, whatever labels it has gained since.
 */
export const ADOPTED_ANNOTATION = 'aks-access.backstage.io/adopted';

/** Marks everything aks-access created, so only those objects are revocable. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'aks-access';

/** Labels on managed RoleBindings, so a grant can be read back without parsing names. */
export const PRINCIPAL_ID_LABEL = 'aks-access.backstage.io/principal-id';
export const LEVEL_LABEL = 'aks-access.backstage.io/level';

/**
 * On a time-bound RoleBinding: when it ends (RFC 3339). The expiry task
 * revokes a grant only while its object still says so, so a grant made
 * permanent since (by POST /grants) survives its request's expiry.
 */
export const EXPIRES_AT_ANNOTATION = 'aks-access.backstage.io/expires-at';

/** msgraph-provider annotations carrying Entra object ids of users and groups. */
export const GRAPH_USER_ID_ANNOTATION = 'graph.microsoft.com/user-id';
export const GRAPH_GROUP_ID_ANNOTATION = 'graph.microsoft.com/group-id';

/** Azure Workload Identity webhook contract (FACTS #4). */
export const WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION =
  'azure.workload.identity/client-id';
export const WORKLOAD_IDENTITY_TENANT_ID_ANNOTATION =
  'azure.workload.identity/tenant-id';
/** Required on the pod template; harmless on the ServiceAccount. */
export const WORKLOAD_IDENTITY_USE_LABEL = 'azure.workload.identity/use';

/** The only audience Entra accepts for token exchange (FACTS #2). */
export const FIC_AUDIENCE = 'api://AzureADTokenExchange';
/** Entra refuses a 21st FIC on one identity (FACTS #5). */
export const FIC_LIMIT = 20;
/** From here on the access view warns that the identity is close to the limit. */
export const FIC_WARNING_THRESHOLD = 18;

/** Audience of tokens for the Kubernetes API of Entra-enabled AKS (FACTS #1). */
export const AKS_SERVER_APP_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';

/** Namespaces self-service never touches unless the policy says otherwise. */
export const DEFAULT_RESERVED_NAMESPACES: readonly string[] = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'gatekeeper-system',
  'calico-system',
];
