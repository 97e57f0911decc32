/*
 * A client no one here wrote: Debian's Azure SDK for Python (python3-azure:
 * azure-identity, azure-mgmt-msi, azure-mgmt-authorization) against the
 * sandbox as `sandbox start --data-dir` serves it, with nothing but the files
 * that writes (credentials.json, ca.pem). The scenarios are python/scenarios.py;
 * each prints JSON that the cases here assert on.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { start } from './cli';
import { DEMO_IDENTITY_RESOURCE_GROUP as RG } from './seed/demoWorld';
import type { RunningSandbox } from './startSandbox';
import { CA_CERT_FILE } from './tls';

jest.setTimeout(120_000);

const run = promisify(execFile);
const SCENARIOS = path.resolve(__dirname, '../python/scenarios.py');
/*
 * Debian installs python3-azure for its own interpreter; a python3 earlier on
 * PATH (pyenv, a venv) does not see it.
 */
const PYTHON =
  process.env.AKS_SANDBOX_PYTHON ??
  (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function requirePythonAzure() {
  try {
    await run(PYTHON, [
      '-c',
      'import azure.identity, azure.mgmt.msi, azure.mgmt.authorization',
    ]);
  } catch (e) {
    throw new Error(
      `${PYTHON} cannot import the Azure SDK for Python. Install Debian's python3-azure ` +
        `(apt-get install -y python3-azure; .ci/run installs it) or point AKS_SANDBOX_PYTHON ` +
        `at an interpreter that has it.\n${
          (e as { stderr?: string }).stderr ?? e
        }`,
    );
  }
}

describe("Debian's Azure SDK for Python against `sandbox start`", () => {
  let dataDir: string;
  let sandbox: RunningSandbox;

  /** Runs one scenario in its own interpreter, without blocking the sandbox in this process. */
  async function scenario(name: string): Promise<any> {
    try {
      const { stdout } = await run(
        PYTHON,
        [
          SCENARIOS,
          name,
          '--data-dir',
          dataDir,
          '--resource-group',
          RG,
          '--name-prefix',
          `py-${name}`,
        ],
        {
          env: {
            ...process.env,
            REQUESTS_CA_BUNDLE: path.join(dataDir, CA_CERT_FILE),
            PYTHONDONTWRITEBYTECODE: '1',
          },
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      return JSON.parse(stdout);
    } catch (e) {
      const { stdout, stderr } = e as { stdout?: string; stderr?: string };
      throw new Error(
        `python scenario ${name} failed: ${e}\n${stderr ?? ''}${stdout ?? ''}`,
      );
    }
  }

  beforeAll(async () => {
    await requirePythonAzure();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-python-sdk-'));
    const write = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation(() => true);
    try {
      sandbox = await start({ 'data-dir': dataDir }, process.cwd());
    } finally {
      write.mockRestore();
    }
  });

  afterAll(async () => {
    await sandbox?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("creates, gets and lists identities at azure-mgmt-msi's default api-version, 2018-11-30", async () => {
    const out = await scenario('identities');
    expect(out.defaultApiVersion).toBe('2018-11-30');
    expect(out.created.url).toContain('api-version=2018-11-30');
    expect(out.created.status).toBe(201);
    // 2018-11-30's UserAssignedIdentityProperties: no isolationScope, no assignmentRestrictions.
    expect(Object.keys(out.created.body.properties).sort()).toEqual([
      'clientId',
      'principalId',
      'tenantId',
    ]);
    expect(out.created.model).toMatchObject({
      name: 'py-identities-identity',
      type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
      location: 'westeurope',
      tags: { 'made-by': 'python' },
      tenant_id: sandbox.tenantId,
      client_id: expect.stringMatching(GUID),
      principal_id: expect.stringMatching(GUID),
    });
    expect(out.got.status).toBe(200);
    expect(out.got.model).toEqual(out.created.model);
    expect(out.listedInResourceGroup).toContain('py-identities-identity');
    expect(out.listedInSubscription).toContain('py-identities-identity');
  });

  it('creates and lists federated identity credentials at 2022-01-31-preview', async () => {
    const out = await scenario('fics');
    expect(out.created.url).toContain('api-version=2022-01-31-preview');
    expect(out.created.status).toBe(201);
    const issuer = sandbox.clusters[0].oidcIssuerUrl;
    expect(out.created.model).toMatchObject({
      name: 'fic-one',
      type: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials',
      issuer,
      subject: 'system:serviceaccount:py:one',
      audiences: ['api://AzureADTokenExchange'],
    });
    expect(out.listed).toEqual([
      {
        name: 'fic-one',
        issuer,
        subject: 'system:serviceaccount:py:one',
        audiences: ['api://AzureADTokenExchange'],
      },
      {
        name: 'fic-two',
        issuer,
        subject: 'system:serviceaccount:py:two',
        audiences: ['api://AzureADTokenExchange'],
      },
    ]);
  });

  it('accepts 20 FICs on one identity and refuses the 21st', async () => {
    const out = await scenario('fic-limit');
    expect(out.refused).toMatchObject({
      type: 'HttpResponseError',
      status: 400,
      code: 'BadRequest',
      message: expect.stringContaining(
        'A maximum of 20 federated identity credentials',
      ),
    });
    expect(out.countAfter).toBe(20);
  });

  it("creates, gets and deletes a role assignment at azure-mgmt-authorization's default, 2022-04-01", async () => {
    const out = await scenario('role-assignments');
    expect(out.defaultApiVersion).toBe('2022-04-01');
    expect(out.roleDefinitionId).toBe(
      `/subscriptions/${sandbox.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
    );
    expect(out.created.status).toBe(201);
    expect(out.created.model).toMatchObject({
      role_definition_id: out.roleDefinitionId,
      principal_id: out.principalId,
      principal_type: 'ServicePrincipal',
      scope: `/subscriptions/${sandbox.subscriptionId}/resourceGroups/${RG}`,
    });
    expect(out.got.status).toBe(200);
    expect(out.got.model).toEqual(out.created.model);
    expect(out.deleted.status).toBe(200);
    expect(out.deleted.model.name).toBe(out.created.model.name);
    expect(out.getAfterDelete).toMatchObject({
      status: 404,
      code: 'RoleAssignmentNotFound',
    });
    expect(out.deletedAgain.status).toBe(204);
  });

  it('answers RoleAssignmentExists to the same role, principal and scope under another name', async () => {
    const out = await scenario('role-assignment-exists');
    expect(out.second).toEqual({
      type: 'ResourceExistsError',
      status: 409,
      code: 'RoleAssignmentExists',
      message: 'The role assignment already exists.',
    });
  });

  it("serves the SDK's 2018-01-01-preview role assignments in that version's shape and status codes", async () => {
    const out = await scenario('old-role-assignments');
    expect(out.created.url).toContain('api-version=2018-01-01-preview');
    expect(out.created.status).toBe(201);
    // That version's spec lists only 201 for the PUT: a 200 would fail the SDK's call.
    expect(out.repeated.status).toBe(201);
    expect(Object.keys(out.got.body.properties).sort()).toEqual([
      'canDelegate',
      'principalId',
      'roleDefinitionId',
      'scope',
    ]);
    expect(out.got.model).toMatchObject({
      principal_id: expect.stringMatching(GUID),
      scope: `/subscriptions/${sandbox.subscriptionId}/resourceGroups/${RG}`,
    });
  });
});
