import { z } from 'zod';
import {
  federateActionInput,
  grantActionInput,
  onboardNamespaceActionInput,
} from './actionInputs';
import { federateInput, grantInput, onboardNamespaceInput } from './operations';

describe('scaffolder action inputs', () => {
  it.each([
    ['onboard', onboardNamespaceActionInput, onboardNamespaceInput],
    ['grant', grantActionInput, grantInput],
    ['federate', federateActionInput, federateInput],
  ] as const)(
    '%s reuses the operation field schemas without dryRun',
    (_name, fields, operation) => {
      const { dryRun: _dryRun, ...shape } = operation.shape;
      expect(Object.keys(fields).sort()).toEqual(Object.keys(shape).sort());
      for (const [key, field] of Object.entries(fields)) {
        expect(field()).toBe((shape as Record<string, z.ZodTypeAny>)[key]);
      }
    },
  );

  it('fields build a working action schema', () => {
    const schema = z.object(
      Object.fromEntries(
        Object.entries(grantActionInput).map(([key, field]) => [key, field()]),
      ),
    );
    expect(
      schema.safeParse({
        cluster: 'aks-dev-neu',
        namespace: 'checkout',
        principal: 'group:default/team-checkout',
        level: 'cluster-admin',
      }).success,
    ).toBe(false);
  });
});
