import { describeExamples } from '../__testUtils__/describeExamples';
import { createFederateWorkloadIdentityAction } from './federateWorkloadIdentity';

jest.setTimeout(60_000);

describeExamples(createFederateWorkloadIdentityAction);
