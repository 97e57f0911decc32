import {
  federateInput,
  grantInput,
  onboardNamespaceInput,
  clusterNameSchema,
  namespaceNameSchema,
  serviceAccountNameSchema,
} from '@aks-access/plugin-aks-access-common';
import { z } from 'zod';
import { federateWorkloadIdentity } from './federateWorkloadIdentity';
import { grantAccess } from './grantAccess';
import { offboardNamespace } from './offboardNamespace';
import { onboardNamespace } from './onboardNamespace';
import type { Caller, OperationDeps } from './OperationDeps';
import { removeWorkloadIdentity } from './removeWorkloadIdentity';
import { revokeGrant } from './revokeGrant';
import { validateInput } from './validateInput';

const flag = z
  .enum(['true', 'false'], {
    errorMap: () => ({ message: 'must be true or false' }),
  })
  .optional()
  .transform(v => v === 'true');

const namespaceTarget = z
  .object({ cluster: clusterNameSchema, namespace: namespaceNameSchema })
  .strict();
const serviceAccountTarget = namespaceTarget
  .extend({ serviceAccount: serviceAccountNameSchema })
  .strict();
const dryRunQuery = z.object({ dryRun: flag }).strict();
const offboardQuery = z
  .object({ dryRun: flag, deleteNamespace: flag })
  .strict();

/**
 * The one write path: the REST routes call it, and the scaffolder actions
 * call the REST routes. Inputs are unknown here and validated first.
 */
export class AksAccessOperations {
  constructor(private readonly deps: OperationDeps) {}

  onboardNamespace(caller: Caller, body: unknown) {
    return onboardNamespace(
      this.deps,
      caller,
      validateInput(onboardNamespaceInput, body),
    );
  }

  grant(caller: Caller, body: unknown) {
    return grantAccess(this.deps, caller, validateInput(grantInput, body));
  }

  federate(caller: Caller, body: unknown) {
    return federateWorkloadIdentity(
      this.deps,
      caller,
      validateInput(federateInput, body),
    );
  }

  revokeGrant(caller: Caller, grantId: string, query: unknown) {
    const { dryRun } = validateInput(dryRunQuery, query);
    return revokeGrant(this.deps, caller, grantId, dryRun);
  }

  removeWorkloadIdentity(caller: Caller, params: unknown, query: unknown) {
    const { dryRun } = validateInput(dryRunQuery, query);
    return removeWorkloadIdentity(
      this.deps,
      caller,
      validateInput(serviceAccountTarget, params),
      dryRun,
    );
  }

  offboardNamespace(caller: Caller, params: unknown, query: unknown) {
    const options = validateInput(offboardQuery, query);
    return offboardNamespace(
      this.deps,
      caller,
      validateInput(namespaceTarget, params),
      options,
    );
  }
}
