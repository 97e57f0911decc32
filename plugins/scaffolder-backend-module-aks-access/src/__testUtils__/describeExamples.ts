import type { Change } from '@aks-access/plugin-aks-access-common';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  describeChange,
  type AksAccessActionOptions,
} from '../actions/aksAccessCall';
import { runExample } from './runExample';
import { startAksAccessBackend } from './startAksAccessBackend';

const DENIED_USER = 'user:default/mallory';

/**
 * A plan as a set: independent steps run in parallel, so their order varies,
 * and ARM ids are case-insensitive (ARM itself answers `resourcegroups` in some ids).
 */
function asPlan(changes: unknown) {
  return (changes as Change[])
    .map(c => (c.id ? { ...c, id: c.id.toLowerCase() } : c))
    .map(c => JSON.stringify(c, Object.keys(c).sort()))
    .sort();
}

/**
 * Runs every example of an action against the sandbox, through the real REST
 * API: its dry run plans what the real run then does, every declared output
 * is set, each change reaches the task log, a second run changes nothing, and
 * an initiator the permission policy refuses gets a 403 — the action has no
 * authority of its own.
 */
// A shared suite: each action's *.examples.test.ts runs it for that action.
// eslint-disable-next-line jest/no-export
export function describeExamples(
  createAction: (
    options: AksAccessActionOptions,
  ) => TemplateAction<any, any, any>,
) {
  let backend: Awaited<ReturnType<typeof startAksAccessBackend>>;
  let action: TemplateAction<any, any, any>;

  beforeAll(async () => {
    backend = await startAksAccessBackend({ deniedUsers: [DENIED_USER] });
    action = createAction(backend);
  });
  afterAll(() => backend.backend.stop());

  const examples = createAction({} as AksAccessActionOptions).examples ?? [];

  it('has examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  describe.each(examples.map(e => [e.description, e.example]))(
    '%s',
    (_description, example) => {
      it('refuses an initiator who may not do it', async () => {
        await expect(
          runExample(action, example, { userRef: DENIED_USER }),
        ).rejects.toMatchObject({ cause: { statusCode: 403 } });
      });

      it('plans on a dry run, does it, then finds nothing left to do', async () => {
        const plan = await runExample(action, example, { dryRun: true });
        const run = await runExample(action, example);
        const again = await runExample(action, example);

        const declared = Object.keys(
          (action.schema?.output as { properties: object }).properties,
        );
        expect(Object.keys(run.outputs).sort()).toEqual(declared.sort());

        const changes = run.outputs.changes as Change[];
        expect(changes.some(c => c.action !== 'unchanged')).toBe(true);
        expect(asPlan(plan.outputs.changes)).toEqual(asPlan(changes));
        expect(plan.log).toEqual(
          (plan.outputs.changes as Change[]).map(
            c => `dry run: ${describeChange(c)}`,
          ),
        );
        expect(run.log).toEqual(changes.map(describeChange));

        expect((again.outputs.changes as Change[]).map(c => c.action)).toEqual(
          changes.map(() => 'unchanged'),
        );
        expect({ ...again.outputs, changes: [] }).toEqual({
          ...run.outputs,
          changes: [],
        });
      });
    },
  );
}
