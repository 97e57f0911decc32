import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { mockCredentials } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
// The sandbox as a group member and a pod would reach it.
import { SandboxOnDisk } from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';
import scaffolderModuleAksAccess from './index';
import { startAksAccessBackend } from './__testUtils__/startAksAccessBackend';

jest.setTimeout(180_000);

const ALICE = mockCredentials.user.header('user:default/alice');
const CLUSTER = 'aks-prod-weu';
const NAMESPACE = 'pod-readers-exercise';
/** The form as a developer fills it in on the Create page. */
const ONBOARDING = {
  entityRef: 'component:default/payments-api',
  owner: 'group:default/team-payments',
  cluster: CLUSTER,
  namespace: NAMESPACE,
  tier: 'small',
  ownerLevel: 'write',
  readers: 'group:default/payments-readers',
  readersLevel: 'read',
};

/*
 * The guide's practical exercise (a namespace, pod-reader access for an Entra
 * group, the group can list pods and no more) as one run of the shipped
 * onboarding template, started through the scaffolder's task API as a
 * developer would from the Create page, then a workload identity from the
 * federation template, checked from the pod's side.
 */
describe("the guide's practical exercise through the scaffolder task API", () => {
  const sandbox = new SandboxOnDisk();
  let server: Awaited<ReturnType<typeof startAksAccessBackend>>['backend'];

  beforeAll(async () => {
    ({ backend: server } = await startAksAccessBackend({
      sandboxDataDir: sandbox.dataDir,
      features: [scaffolderPlugin, scaffolderModuleAksAccess],
    }));
  });
  afterAll(async () => {
    await server?.stop();
    sandbox.remove();
  });

  async function runTemplate(name: string, values: Record<string, unknown>) {
    const created = await request(server.server)
      .post('/api/scaffolder/v2/tasks')
      .set('authorization', ALICE)
      .send({ templateRef: `template:default/${name}`, values });
    expect(created.status).toBe(201);
    for (;;) {
      const task = await request(server.server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
        .set('authorization', ALICE);
      if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
        const events = await request(server.server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
          .set('authorization', ALICE);
        const log = events.body
          .map((e: any) => e.body?.message)
          .filter(Boolean)
          .join('\n');
        const output = events.body.find((e: any) => e.type === 'completion')
          ?.body.output;
        return { status: task.body.status as string, log, output };
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  }

  it('dry-runs the onboarding template: every step planned, the grants on a namespace only planned too, nothing written', async () => {
    const before = sandbox.stateBytes();
    const template = parse(
      fs.readFileSync(
        path.resolve(
          __dirname,
          '../../../examples/templates/onboard-namespace.yaml',
        ),
        'utf8',
      ),
    );
    const res = await request(server.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('authorization', ALICE)
      .send({
        template,
        values: { ...ONBOARDING, namespace: 'dry-run-exercise' },
        directoryContents: [],
      });
    expect(res.status).toBe(200);
    const log = res.body.log.map((l: any) => l.body.message).join('\n');
    expect(log).toMatch(/dry run: create managedNamespaces dry-run-exercise/);
    expect(log).toMatch(
      /dry run: Namespace dry-run-exercise does not exist on aks-prod-weu yet; if an earlier step creates it, this step is checked when the template runs/,
    );
    expect(res.body.steps.every((s: any) => s.status !== 'failed')).toBe(true);
    expect(sandbox.stateBytes()).toBe(before);
  });

  it('onboards with a readers group that can list pods and not delete them', async () => {
    expect(await sandbox.canI(CLUSTER, 'erin', 'list', 'pods', NAMESPACE)).toBe(
      false,
    );
    const onboarded = await runTemplate('aks-onboard-namespace', ONBOARDING);
    // aks-prod-weu provisions AKS managed namespaces: ARM creates it.
    expect(onboarded.log).toMatch(
      /create managedNamespaces pod-readers-exercise/,
    );
    expect(onboarded.status).toBe('completed');

    // erin is in payments-readers, the guide's "<aad-group-name>".
    expect(await sandbox.canI(CLUSTER, 'erin', 'list', 'pods', NAMESPACE)).toBe(
      true,
    );
    expect(
      await sandbox.canI(CLUSTER, 'erin', 'delete', 'pods', NAMESPACE),
    ).toBe(false);
    expect(await sandbox.canI(CLUSTER, 'bob', 'list', 'pods', NAMESPACE)).toBe(
      false,
    );

    const again = await runTemplate('aks-onboard-namespace', ONBOARDING);
    expect(again.status).toBe('completed');
    expect(again.log).toMatch(
      /unchanged managedNamespaces pod-readers-exercise/,
    );
    expect(again.log).not.toMatch(/\b(create|update|delete) [A-Za-z]+ /);
  });

  it('federates a service account whose token, and no other, exchanges for an Entra token', async () => {
    const federated = await runTemplate('aks-federate-workload-identity', {
      entityRef: 'component:default/payments-api',
      cluster: CLUSTER,
      namespace: NAMESPACE,
      serviceAccount: 'payments-api',
    });
    expect(federated.status).toBe('completed');
    const clientId = /client id `([0-9a-f-]{36})`/.exec(
      federated.output.text[0].content,
    )?.[1];
    expect(clientId).toBeDefined();

    const exchanged = await sandbox.exchangeAsPod(
      CLUSTER,
      NAMESPACE,
      'payments-api',
      clientId!,
    );
    expect(exchanged.status).toBe(200);

    const refused = await sandbox.exchangeAsPod(
      CLUSTER,
      NAMESPACE,
      'default',
      clientId!,
    );
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/AADSTS70021/);
  });
});
