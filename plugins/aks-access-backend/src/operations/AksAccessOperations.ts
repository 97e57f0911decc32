import {
  AksAccessOperationName,
  aksAccessOperations,
  parseInput,
} from '@aks-access/plugin-aks-access-common';
import type { z } from 'zod/v3';
import { federateWorkloadIdentity } from '../identities/federateWorkloadIdentity';
import { grantAccess } from '../grants/grantAccess';
import { offboardNamespace } from '../namespaces/offboardNamespace';
import { onboardNamespace } from '../namespaces/onboardNamespace';
import type { Caller, OperationDeps } from './OperationDeps';
import { removeWorkloadIdentity } from '../identities/removeWorkloadIdentity';
import { revokeGrant } from '../grants/revokeGrant';
import { requestAccess } from '../requests/requestAccess';
import { decideAccessRequest } from '../requests/decideAccessRequest';
import { cancelAccessRequest } from '../requests/cancelAccessRequest';
import { reviewGrants } from '../reviews/reviewGrants';

type Table = typeof aksAccessOperations;
type InputOf<N extends AksAccessOperationName> = z.output<Table[N]['input']>;
type ResponseOf<N extends AksAccessOperationName> = NonNullable<
  Table[N]['response']
>;

/** Each row of the operation table, run by its own file. */
const handlers: {
  [N in AksAccessOperationName]: (
    deps: OperationDeps,
    caller: Caller,
    input: InputOf<N>,
  ) => Promise<ResponseOf<N>>;
} = {
  onboardNamespace,
  offboardNamespace: (deps, caller, { cluster, namespace, ...options }) =>
    offboardNamespace(deps, caller, { cluster, namespace }, options),
  createGrant: grantAccess,
  revokeGrant: (deps, caller, { grantId, dryRun }) =>
    revokeGrant(deps, caller, grantId, dryRun),
  federateWorkloadIdentity,
  removeWorkloadIdentity: (deps, caller, { dryRun, ...target }) =>
    removeWorkloadIdentity(deps, caller, target, dryRun),
  requestAccess,
  approveAccessRequest: (deps, caller, input) =>
    decideAccessRequest(deps, caller, input, 'approve'),
  denyAccessRequest: (deps, caller, input) =>
    decideAccessRequest(deps, caller, input, 'deny'),
  cancelAccessRequest: (deps, caller, { id }) =>
    cancelAccessRequest(deps, caller, id),
  reviewGrants,
};

/**
 * The one write path: the REST routes call it, and the scaffolder actions
 * call the REST routes. Inputs are unknown here and validated first, by the
 * operation table's schema.
 */
export class AksAccessOperations {
  constructor(readonly deps: OperationDeps) {}

  run<N extends AksAccessOperationName>(
    name: N,
    caller: Caller,
    input: unknown,
  ): Promise<ResponseOf<N>> {
    const parsed = parseInput(aksAccessOperations[name].input, input);
    return handlers[name](this.deps, caller, parsed);
  }
}
