import { z } from 'zod/v3';
import type {
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  aksAccessAccessRequestApprovePermission,
  aksAccessAccessRequestCreatePermission,
  aksAccessGrantCreatePermission,
  aksAccessGrantReviewPermission,
  aksAccessGrantDeletePermission,
  aksAccessNamespaceOnboardPermission,
  aksAccessWorkloadIdentityCreatePermission,
  aksAccessWorkloadIdentityDeletePermission,
} from '../permissions';
import {
  clusterNameSchema,
  namespaceNameSchema,
  serviceAccountNameSchema,
} from '../schemas/names';
import {
  federateInput,
  grantInput,
  onboardNamespaceInput,
} from '../schemas/operations';
import {
  accessRequestDecisionInput,
  accessRequestIdSchema,
  accessRequestInput,
  grantReviewInput,
} from '../schemas/accessRequests';
import type {
  AccessRequestResponse,
  AuditAction,
  GrantReviewResponse,
  FederateWorkloadIdentityResponse,
  GrantResponse,
  OffboardNamespaceResponse,
  OnboardNamespaceResponse,
  RemoveWorkloadIdentityResponse,
  RevokeGrantResponse,
} from './types';

/**
 * One write operation of the REST API, described once: the backend's routes,
 * the typed client and the scaffolder actions are built from this.
 */
export interface OperationDescriptor<
  Input extends z.ZodTypeAny = z.ZodTypeAny,
  Response = unknown,
> {
  method: 'POST' | 'DELETE';
  /** Express-style, `:name` for each path parameter. */
  path: string;
  /**
   * Where the input comes from: the JSON body, the path parameters and the
   * query string together (DELETE routes carry no body), or the path
   * parameters and the body.
   */
  from: 'body' | 'pathAndQuery' | 'pathAndBody';
  input: Input;
  /**
   * Checked before anything is written: a resource permission against the
   * namespace's entity, a basic one for what is not about owning it.
   */
  permission: ResourcePermission<'catalog-entity'> | BasicPermission;
  /** The audit row's action. */
  auditAction: AuditAction;
  /** The scaffolder action that calls it, if there is one. */
  actionId?: string;
  /** Type only: what a successful call answers. */
  response?: Response;
}

const flag = z
  .enum(['true', 'false'], {
    errorMap: () => ({ message: 'must be true or false' }),
  })
  .optional()
  .transform(v => v === 'true');

const namespaceTarget = {
  cluster: clusterNameSchema,
  namespace: namespaceNameSchema,
};

// Curried so that the response type is named and the input type inferred.
const operation =
  <Response>() =>
  <Input extends z.ZodTypeAny>(
    descriptor: Omit<OperationDescriptor<Input, Response>, 'response'>,
  ): OperationDescriptor<Input, Response> =>
    descriptor;

/** Every write operation (DESIGN §5). Add one here, then its own file in the backend's operations/. */
export const aksAccessOperations = {
  onboardNamespace: operation<OnboardNamespaceResponse>()({
    method: 'POST',
    path: '/namespaces',
    from: 'body',
    input: onboardNamespaceInput,
    permission: aksAccessNamespaceOnboardPermission,
    auditAction: 'namespace.onboard',
    actionId: 'aks:namespace:onboard',
  }),
  offboardNamespace: operation<OffboardNamespaceResponse>()({
    method: 'DELETE',
    path: '/namespaces/:cluster/:namespace',
    from: 'pathAndQuery',
    input: z
      .object({ ...namespaceTarget, dryRun: flag, deleteNamespace: flag })
      .strict(),
    permission: aksAccessNamespaceOnboardPermission,
    auditAction: 'namespace.offboard',
  }),
  createGrant: operation<GrantResponse>()({
    method: 'POST',
    path: '/grants',
    from: 'body',
    input: grantInput,
    permission: aksAccessGrantCreatePermission,
    auditAction: 'grant.create',
    actionId: 'aks:access:grant',
  }),
  revokeGrant: operation<RevokeGrantResponse>()({
    method: 'DELETE',
    path: '/grants/:grantId',
    from: 'pathAndQuery',
    // The id is a claim, checked against the object it names by the
    // operation; here it only has to be a string.
    input: z.object({ grantId: z.string(), dryRun: flag }).strict(),
    permission: aksAccessGrantDeletePermission,
    auditAction: 'grant.delete',
  }),
  federateWorkloadIdentity: operation<FederateWorkloadIdentityResponse>()({
    method: 'POST',
    path: '/workload-identities',
    from: 'body',
    input: federateInput,
    permission: aksAccessWorkloadIdentityCreatePermission,
    auditAction: 'workload-identity.create',
    actionId: 'aks:workload-identity:federate',
  }),
  removeWorkloadIdentity: operation<RemoveWorkloadIdentityResponse>()({
    method: 'DELETE',
    path: '/workload-identities/:cluster/:namespace/:serviceAccount',
    from: 'pathAndQuery',
    input: z
      .object({
        ...namespaceTarget,
        serviceAccount: serviceAccountNameSchema,
        dryRun: flag,
      })
      .strict(),
    permission: aksAccessWorkloadIdentityDeletePermission,
    auditAction: 'workload-identity.delete',
  }),
  requestAccess: operation<AccessRequestResponse>()({
    method: 'POST',
    path: '/access-requests',
    from: 'body',
    input: accessRequestInput,
    permission: aksAccessAccessRequestCreatePermission,
    auditAction: 'access-request.create',
    actionId: 'aks:access:request',
  }),
  approveAccessRequest: operation<AccessRequestResponse>()({
    method: 'POST',
    path: '/access-requests/:id/approve',
    from: 'pathAndBody',
    input: accessRequestDecisionInput,
    permission: aksAccessAccessRequestApprovePermission,
    auditAction: 'access-request.approve',
  }),
  denyAccessRequest: operation<AccessRequestResponse>()({
    method: 'POST',
    path: '/access-requests/:id/deny',
    from: 'pathAndBody',
    input: accessRequestDecisionInput,
    permission: aksAccessAccessRequestApprovePermission,
    auditAction: 'access-request.deny',
  }),
  cancelAccessRequest: operation<AccessRequestResponse>()({
    method: 'DELETE',
    path: '/access-requests/:id',
    from: 'pathAndQuery',
    input: z.object({ id: accessRequestIdSchema }).strict(),
    // Only the requester may, which the operation checks against the row.
    permission: aksAccessAccessRequestCreatePermission,
    auditAction: 'access-request.cancel',
  }),
  reviewGrants: operation<GrantReviewResponse>()({
    method: 'POST',
    path: '/grants/reviews',
    from: 'body',
    input: grantReviewInput,
    // Checked per grant, on the entity of the grant's namespace.
    permission: aksAccessGrantReviewPermission,
    auditAction: 'grant.review',
  }),
};

export type AksAccessOperationName = keyof typeof aksAccessOperations;
