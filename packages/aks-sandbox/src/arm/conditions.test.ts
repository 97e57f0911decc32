import { randomUUID } from 'crypto';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { RestError } from '@azure/core-rest-pipeline';
import { BACKEND_DELEGATION_CONDITION } from '../seed/backendAccess';
import {
  BUILTIN_ROLE_IDS,
  DEMO_SUBSCRIPTION_ID,
  DEMO_USERS,
} from '../seed/demoWorld';
import {
  operatorCredential,
  startTestSandbox,
  type TestSandbox,
} from './__testUtils__/testSandbox';
import { parseCondition } from './conditions';

const WRITE = 'Microsoft.Authorization/roleAssignments/write';
const DELETE = 'Microsoft.Authorization/roleAssignments/delete';
const BACKUP_CONTRIBUTOR = '5e467623-bb1f-42f4-a55d-6e525e11384b';
const BACKUP_READER = 'a795c7a0-d4a2-40c1-ae25-d81f01202912';

// "Example: Constrain roles", as delegate-role-assignments-examples.md prints it.
const DOCUMENTED = `(
 (
  !(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})
 )
 OR 
 (
  @Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${BACKUP_CONTRIBUTOR}, ${BACKUP_READER}}
 )
)
AND
(
 (
  !(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})
 )
 OR 
 (
  @Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${BACKUP_CONTRIBUTOR}, ${BACKUP_READER}}
 )
)`;

describe('role assignment conditions', () => {
  it('reads the documented constrained-delegation form and judges writes by @Request, deletes by @Resource', () => {
    const condition = parseCondition(DOCUMENTED, '2.0');
    expect(
      condition({
        action: WRITE,
        requestRoleDefinitionId: BACKUP_READER.toUpperCase(),
      }),
    ).toBe(true);
    expect(
      condition({
        action: WRITE,
        requestRoleDefinitionId: BUILTIN_ROLE_IDS.owner,
        resourceRoleDefinitionId: BACKUP_READER,
      }),
    ).toBe(false);
    expect(
      condition({
        action: DELETE,
        resourceRoleDefinitionId: BACKUP_CONTRIBUTOR,
      }),
    ).toBe(true);
    expect(
      condition({
        action: DELETE,
        requestRoleDefinitionId: BACKUP_CONTRIBUTOR,
      }),
    ).toBe(false);
    expect(
      condition({ action: 'Microsoft.Authorization/roleAssignments/read' }),
    ).toBe(true);
  });

  it('reads the one-line form PowerShell passes, which the backend is seeded with', () => {
    const condition = parseCondition(BACKEND_DELEGATION_CONDITION, '2.0');
    expect(
      condition({
        action: WRITE,
        requestRoleDefinitionId: BUILTIN_ROLE_IDS.rbacWriter,
      }),
    ).toBe(true);
    expect(
      condition({
        action: WRITE,
        requestRoleDefinitionId: BUILTIN_ROLE_IDS.rbacAdministrator,
      }),
    ).toBe(false);
  });

  const refused: Record<string, [string, string]> = {
    'another condition version': [DOCUMENTED, '1.0'],
    'another operator': [
      DOCUMENTED.replace(/GuidEquals/g, 'GuidNotEquals'),
      '2.0',
    ],
    'another attribute': [
      DOCUMENTED.replace(/:RoleDefinitionId/g, ':PrincipalType'),
      '2.0',
    ],
    'a write judged by @Resource': [
      DOCUMENTED.replace('@Request', '@Resource'),
      '2.0',
    ],
    'a trailing clause it cannot read': [`${DOCUMENTED} OR (true)`, '2.0'],
    'an empty condition list': [
      DOCUMENTED.replace(/\{[^{}]*-[^{}]*\}/g, '{}'),
      '2.0',
    ],
  };
  it.each(Object.keys(refused))('refuses %s', which => {
    const [text, version] = refused[which];
    expect(() => parseCondition(text, version)).toThrow(
      'The given role assignment condition is invalid.',
    );
  });

  describe('on an assignment', () => {
    let sb: TestSandbox;
    let auth: AuthorizationManagementClient;
    const scope = `/subscriptions/${DEMO_SUBSCRIPTION_ID}/resourceGroups/rg-delegated`;
    beforeAll(async () => {
      sb = await startTestSandbox();
      auth = new AuthorizationManagementClient(
        operatorCredential(sb),
        DEMO_SUBSCRIPTION_ID,
        { endpoint: sb.armUrl, agent: sb.agent },
      );
    });
    afterAll(() => sb.stop());
    const create = (condition: string, conditionVersion: string) =>
      auth.roleAssignments.create(scope, randomUUID(), {
        roleDefinitionId: `/subscriptions/${DEMO_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${BUILTIN_ROLE_IDS.rbacAdministrator}`,
        principalId: DEMO_USERS.dave.objectId,
        condition,
        conditionVersion,
      });

    it('stores and returns the condition', async () => {
      const created = await create(DOCUMENTED, '2.0');
      expect(created).toMatchObject({
        condition: DOCUMENTED,
        conditionVersion: '2.0',
      });
      expect(await auth.roleAssignments.getById(created.id!)).toMatchObject({
        condition: DOCUMENTED,
        conditionVersion: '2.0',
      });
    });

    it('answers 400 to a condition it cannot read', async () => {
      const err = (await create(DOCUMENTED, '1.0').catch(e => e)) as RestError;
      expect({
        status: err.statusCode,
        code: err.code,
        message: err.message,
      }).toEqual({
        status: 400,
        code: 'InvalidRoleAssignmentCondition',
        message: 'The given role assignment condition is invalid.',
      });
    });
  });
});
