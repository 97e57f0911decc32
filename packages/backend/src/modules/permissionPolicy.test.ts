import fs from 'node:fs';
import path from 'node:path';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  createPermission,
  PermissionCondition,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import {
  aksAccessAccessRequestApprovePermission,
  aksAccessAccessRequestCreatePermission,
  aksAccessEntityReadPermission,
  aksAccessGrantCreatePermission,
  aksAccessGrantReviewPermission,
} from '@aks-access/plugin-aks-access-common';
import { parseAllDocuments } from 'yaml';
import { AksAccessPermissionPolicy } from './permissionPolicy';

const examples = path.resolve(__dirname, '../../../../examples');

/**
 * The example entities as the catalog serves them: with the ownedBy relation
 * its processors derive from spec.owner, which is what isEntityOwner reads.
 */
const entities = new Map<string, Entity>(
  ['entities.yaml', 'org.yaml'].flatMap(file =>
    parseAllDocuments(fs.readFileSync(path.join(examples, file), 'utf8')).map(
      doc => {
        const entity = doc.toJS() as Entity;
        const owner = (entity.spec as { owner?: string } | undefined)?.owner;
        if (owner) {
          entity.relations = [
            { type: 'ownedBy', targetRef: `group:default/${owner}` },
          ];
        }
        return [stringifyEntityRef(entity), entity] as const;
      },
    ),
  ),
);

/** What the guest/Microsoft sign-in resolvers put into ownershipEntityRefs. */
function ownershipOf(userName: string): string[] {
  const user = entities.get(`user:default/${userName}`)!;
  const groups = (user.spec as { memberOf: string[] }).memberOf;
  return [
    `user:default/${userName}`,
    ...groups.map(g => `group:default/${g}`),
  ];
}

/** Resolves a decision against one entity the way the catalog applies conditions. */
function resolve(decision: PolicyDecision, entityRef: string) {
  if (decision.result !== AuthorizeResult.CONDITIONAL) return decision.result;
  const condition = decision.conditions as PermissionCondition;
  const rule = Object.values(permissionRules).find(
    r => r.name === condition.rule,
  )!;
  return rule.apply(entities.get(entityRef)!, condition.params as never)
    ? AuthorizeResult.ALLOW
    : AuthorizeResult.DENY;
}

const grantCreate = aksAccessGrantCreatePermission;
const entityRead = aksAccessEntityReadPermission;

describe('AksAccessPermissionPolicy', () => {
  const policy = AksAccessPermissionPolicy.fromConfig(new ConfigReader({}));

  async function decide(
    userName: string,
    permission: Parameters<typeof policy.handle>[0]['permission'],
    entityRef?: string,
  ) {
    const ref = `user:default/${userName}`;
    const decision = await policy.handle(
      { permission },
      {
        info: { userEntityRef: ref, ownershipEntityRefs: ownershipOf(userName) },
        credentials: {} as never,
      },
    );
    return entityRef ? resolve(decision, entityRef) : decision.result;
  }

  it.each([
    ['bob', 'component:default/payments-api', AuthorizeResult.DENY],
    ['alice', 'component:default/checkout-web', AuthorizeResult.DENY],
    ['alice', 'component:default/payments-api', AuthorizeResult.ALLOW],
    ['bob', 'component:default/checkout-web', AuthorizeResult.ALLOW],
    ['dave', 'component:default/payments-api', AuthorizeResult.ALLOW],
    ['dave', 'component:default/checkout-web', AuthorizeResult.ALLOW],
  ])('%s creating a grant for %s: %s', async (user, entity, expected) => {
    expect(await decide(user, grantCreate, entity)).toBe(expected);
  });

  it.each([
    ['bob', AuthorizeResult.DENY],
    ['alice', AuthorizeResult.ALLOW],
    ['dave', AuthorizeResult.ALLOW],
  ])(
    '%s approving requests and reviewing grants of payments-api: %s',
    async (user, expected) => {
      for (const permission of [
        aksAccessAccessRequestApprovePermission,
        aksAccessGrantReviewPermission,
      ]) {
        expect(
          await decide(user, permission, 'component:default/payments-api'),
        ).toBe(expected);
      }
    },
  );

  it('lets every signed-in user ask for access, owner or not', async () => {
    expect(await decide('bob', aksAccessAccessRequestCreatePermission)).toBe(
      AuthorizeResult.ALLOW,
    );
  });

  it('lets every signed-in user read any entity', async () => {
    expect(
      await decide('bob', entityRead, 'component:default/payments-api'),
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('keeps catalog imports with the platform group', async () => {
    const create = createPermission({
      name: 'catalog.location.create',
      attributes: { action: 'create' },
    });
    expect(await decide('alice', create)).toBe(AuthorizeResult.DENY);
    expect(await decide('dave', create)).toBe(AuthorizeResult.ALLOW);
  });

  it('denies callers that are not signed in', async () => {
    expect((await policy.handle({ permission: entityRead })).result).toBe(
      AuthorizeResult.DENY,
    );
  });
});
