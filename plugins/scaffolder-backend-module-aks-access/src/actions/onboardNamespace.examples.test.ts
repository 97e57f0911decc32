import { describeExamples } from '../__testUtils__/describeExamples';
import { createOnboardNamespaceAction } from './onboardNamespace';

jest.setTimeout(60_000);

describeExamples(createOnboardNamespaceAction);
