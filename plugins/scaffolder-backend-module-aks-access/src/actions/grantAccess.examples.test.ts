import { describeExamples } from '../__testUtils__/describeExamples';
import { createGrantAccessAction } from './grantAccess';

jest.setTimeout(60_000);

describeExamples(createGrantAccessAction);
