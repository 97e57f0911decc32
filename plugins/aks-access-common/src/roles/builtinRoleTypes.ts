/** One Azure built-in role definition, as far as aks-access needs it. */
export interface BuiltinRole {
  /** The display name that `az role assignment create --role` accepts. */
  roleName: string;
  /** The role definition GUID, identical in every tenant. */
  guid: string;
  actions: readonly string[];
  notActions: readonly string[];
  /** Kubernetes data actions; what decides the access level on azure-rbac clusters. */
  dataActions: readonly string[];
  notDataActions: readonly string[];
}
