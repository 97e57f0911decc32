import type { AksAccessActionOptions } from './aksAccessCall';
import { createFederateWorkloadIdentityAction } from './federateWorkloadIdentity';
import { createGrantAccessAction } from './grantAccess';
import { createOnboardNamespaceAction } from './onboardNamespace';
import { createRequestAccessAction } from './requestAccess';

export type { AksAccessActionOptions } from './aksAccessCall';
export * from './federateWorkloadIdentity';
export * from './grantAccess';
export * from './onboardNamespace';
export * from './requestAccess';

export function createAksAccessActions(options: AksAccessActionOptions) {
  return [
    createOnboardNamespaceAction(options),
    createGrantAccessAction(options),
    createFederateWorkloadIdentityAction(options),
    createRequestAccessAction(options),
  ];
}
