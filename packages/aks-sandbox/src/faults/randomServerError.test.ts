import { parseFaults } from '../cli';
import {
  pickRandomKubeServerError,
  pickRandomServerError,
} from './randomServerError';

describe('random server errors', () => {
  const draws =
    (...values: number[]) =>
    () =>
      values.shift() ?? 0;

  it('fails ARM calls at armErrorRate and Kubernetes requests at kubeErrorRate, independently', () => {
    const faults = { armErrorRate: 0.5, kubeErrorRate: 0.1 };
    expect(pickRandomServerError(faults, draws(0.4, 0.2))).toBe(500);
    expect(pickRandomServerError(faults, draws(0.4, 0.6))).toBe(503);
    expect(pickRandomServerError(faults, draws(0.5))).toBeUndefined();
    expect(pickRandomKubeServerError(faults, draws(0.4))).toBeUndefined();
    expect(pickRandomKubeServerError(faults, draws(0.05, 0.6))).toBe(503);
    expect(pickRandomKubeServerError({ armErrorRate: 1 }, draws(0))).toBe(
      undefined,
    );
    expect(pickRandomServerError({ kubeErrorRate: 1 }, draws(0))).toBe(
      undefined,
    );
  });

  it('takes kubeErrorRate from the CLI, next to armErrorRate', () => {
    expect(parseFaults('armErrorRate=0.2,kubeErrorRate=0.3')).toEqual({
      armErrorRate: 0.2,
      kubeErrorRate: 0.3,
    });
    expect(() => parseFaults('kubeErrorRate=often')).toThrow(
      '--faults kubeErrorRate needs a number, got "often"',
    );
  });
});
