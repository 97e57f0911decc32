import { describeExamples } from '../__testUtils__/describeExamples';
import { createRequestAccessAction } from './requestAccess';

jest.setTimeout(60_000);

describeExamples(createRequestAccessAction);
