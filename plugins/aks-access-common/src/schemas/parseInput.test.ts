import { InputError } from '@backstage/errors';
import { grantInput } from './operations';
import { parseInput } from './parseInput';

const valid = {
  cluster: 'aks-dev-neu',
  namespace: 'checkout',
  principal: 'group:default/team-checkout',
  level: 'read',
};

describe('parseInput', () => {
  it('returns the parsed body', () => {
    expect(parseInput(grantInput, valid)).toEqual(valid);
  });

  it.each([
    [
      { ...valid, level: 'cluster-admin', namespace: 'kube-system' },
      'Invalid request: namespace: namespace "kube-system" is refused: names starting with "kube-" are reserved for Kubernetes system namespaces; level: level cluster-admin is refused',
    ],
    [{ ...valid, extra: 1 }, 'Invalid request: unknown field(s) extra'],
    [undefined, 'Invalid request: Required'],
  ])(
    'throws an InputError listing every failed rule for %j',
    (body, message) => {
      expect(() => parseInput(grantInput, body)).toThrow(InputError);
      expect(() => parseInput(grantInput, body)).toThrow(message);
    },
  );
});
