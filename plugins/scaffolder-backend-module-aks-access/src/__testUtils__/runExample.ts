import { parse } from 'yaml';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';

export interface ExampleRun {
  outputs: Record<string, unknown>;
  /** The task log lines the action wrote. */
  log: string[];
}

/**
 * Runs the single step of an action example, as `userRef` started the task.
 * Everything but the action's own code is a mock; the REST calls are real.
 */
export async function runExample(
  action: TemplateAction<any, any, any>,
  example: string,
  options: { userRef?: string; dryRun?: boolean } = {},
): Promise<ExampleRun> {
  const { steps } = parse(example);
  if (steps.length !== 1 || steps[0].action !== action.id) {
    throw new Error(`expected one ${action.id} step in the example`);
  }
  const logger = mockServices.logger.mock();
  const outputs: Record<string, unknown> = {};
  await action.handler({
    ...createMockActionContext({ input: steps[0].input }),
    logger,
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
    getInitiatorCredentials: async () =>
      mockCredentials.user(options.userRef ?? 'user:default/alice'),
    isDryRun: options.dryRun,
  });
  const log = logger.info.mock.calls.map(([message]) => message);
  return { outputs, log };
}
