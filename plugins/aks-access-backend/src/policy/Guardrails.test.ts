import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { mockServices } from '@backstage/backend-test-utils';
import { Guardrails } from './Guardrails';
import { readPolicy, warnOfUnusedEnvironments } from './readPolicy';

const SUB = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const KV = `/subscriptions/${SUB}/resourceGroups/rg-kv-payments/providers/Microsoft.KeyVault/vaults/kv-payments`;

function guardrails(policy: object = {}) {
  return new Guardrails(
    readPolicy(new ConfigReader({ aksAccess: { policy } })),
  );
}

const full = guardrails({
  namespaces: {
    reserved: ['shared-ingress'],
    quotaTiers: { small: { resourceQuota: { pods: 20 } } },
    defaultTier: 'small',
  },
  grants: { levels: ['read', 'write'], principalKinds: ['Group'] },
  workloadIdentity: {
    subscriptionId: SUB,
    resourceGroup: 'rg-aks-identities',
    location: 'westeurope',
    allowedRoles: [
      {
        role: 'Key Vault Secrets User',
        scopes: [
          '/subscriptions/*/resourceGroups/rg-kv-*/providers/Microsoft.KeyVault/vaults/*',
        ],
      },
      {
        role: 'Azure Kubernetes Service RBAC Cluster Admin',
        scopes: ['/subscriptions/*'],
      },
    ],
  },
});

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('Guardrails', () => {
  it.each([
    ['default', /namespaces.reserved.*"default" is reserved/],
    ['kube-anything', /namespaces.reserved/],
    ['shared-ingress', /namespaces.reserved/],
    ['a', /namespaces.pattern.*does not match/],
    [`n${'x'.repeat(45)}`, /namespaces.pattern/],
    ['1abc', /namespaces.pattern/],
  ])('refuses namespace %s', (ns, message) => {
    expect(refusal(() => full.checkNamespace(ns))).toMatch(message);
  });

  it('accepts a namespace within the policy', () => {
    expect(() => full.checkNamespace('payments-api')).not.toThrow();
  });

  it('chooses the default tier and names the tiers when one is unknown', () => {
    expect(full.tier()?.name).toBe('small');
    expect(full.tier()?.tier.resourceQuota).toEqual({ pods: '20' });
    expect(refusal(() => full.tier('huge'))).toMatch(
      /quotaTiers: tier "huge" does not exist; allowed tiers: small/,
    );
  });

  it('never grants cluster-admin, and only the policy levels and kinds', () => {
    expect(
      refusal(() => full.checkGrant('cluster-admin', 'Group', 'prod')),
    ).toMatch(/never grants cluster-admin/);
    expect(refusal(() => full.checkGrant('admin', 'Group', 'prod'))).toMatch(
      /allowed levels: read, write/,
    );
    expect(refusal(() => full.checkGrant('read', 'User', 'prod'))).toMatch(
      /principalKinds: User principals are not allowed; allowed kinds: Group/,
    );
    expect(full.checkGrant('write', 'Group', 'prod')).toBe('write');
  });

  it("grants the kinds of principal an environment names, and the policy's elsewhere", () => {
    const perEnvironment = guardrails({
      grants: {
        principalKinds: ['Group'],
        environments: { dev: { principalKinds: ['Group', 'User'] } },
      },
    });
    expect(perEnvironment.checkGrant('read', 'User', 'dev')).toBe('read');
    expect(perEnvironment.principalKinds('dev')).toEqual(['Group', 'User']);
    expect(perEnvironment.principalKinds('prod')).toEqual(['Group']);
    expect(perEnvironment.principalKinds('constructor')).toEqual(['Group']);
    expect(
      refusal(() => perEnvironment.checkGrant('read', 'User', 'prod')),
    ).toBe(
      'Policy grants.principalKinds: User principals are not allowed; allowed kinds: Group (on prod clusters)',
    );
    const usersOnly = guardrails({
      grants: { environments: { sandbox: { principalKinds: ['User'] } } },
    });
    expect(
      refusal(() => usersOnly.checkGrant('read', 'Group', 'sandbox')),
    ).toBe(
      'Policy grants.environments.sandbox.principalKinds: Group principals are not allowed; allowed kinds: User (on sandbox clusters)',
    );
    expect(() =>
      guardrails({
        grants: { environments: { dev: { principalKinds: ['Robot'] } } },
      }),
    ).toThrow(
      'aksAccess.policy.grants.environments.dev.principalKinds: "Robot" is not one of Group, User',
    );
    expect(() => guardrails({ grants: { environments: { dev: {} } } })).toThrow(
      /grants\.environments\.dev\.principalKinds: is required/,
    );
  });

  it('warns at startup of a grants environment no cluster has (a typo would fall back to the default)', () => {
    const logger = mockServices.logger.mock();
    const clusters = [{ config: { environment: 'dev' } }];
    warnOfUnusedEnvironments('grants.environments', ['dev'], clusters, logger);
    expect(logger.warn).not.toHaveBeenCalled();
    warnOfUnusedEnvironments(
      'grants.environments',
      ['dve', 'dev'],
      clusters,
      logger,
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'aksAccess.policy.grants.environments names dve, which no cluster has',
    );
  });

  it('allows Azure roles only at the policy scopes, and never escalating roles', () => {
    expect(
      full.checkAzureRole('Key Vault Secrets User', KV).role.roleName,
    ).toBe('Key Vault Secrets User');
    expect(
      refusal(() =>
        full.checkAzureRole(
          'Key Vault Secrets User',
          `/subscriptions/${SUB}/resourceGroups/rg-prod/providers/Microsoft.KeyVault/vaults/kv`,
        ),
      ),
    ).toMatch(/may not be assigned at .*allowed scopes: /);
    expect(
      refusal(() =>
        full.checkAzureRole('Key Vault Secrets User', `${KV}/secrets/x`),
      ),
    ).toMatch(/allowed scopes/);
    expect(
      refusal(() =>
        full.checkAzureRole(
          'Azure Kubernetes Service RBAC Cluster Admin',
          `/subscriptions/${SUB}`,
        ),
      ),
    ).toMatch(/never assigned by self-service/);
    expect(refusal(() => full.checkAzureRole('Reader', KV))).toMatch(
      /not allowed for workload identities; allowed roles: Key Vault Secrets User, Azure Kubernetes Service RBAC Cluster Admin/,
    );
  });

  it('refuses workload identities when the policy has no place for them', () => {
    expect(refusal(() => guardrails().workloadIdentity())).toMatch(
      /workload identities are not enabled/,
    );
  });

  it('names the FIC limit before a 21st is written', () => {
    expect(refusal(() => full.checkFicCapacity('id-x', 20))).toMatch(
      /Entra limit is 20 per identity/,
    );
    expect(() => full.checkFicCapacity('id-x', 19)).not.toThrow();
  });

  it('stops startup on a policy it could not enforce', () => {
    expect(() => guardrails({ grants: { levels: ['cluster-admin'] } })).toThrow(
      /cluster-admin can never be granted/,
    );
    expect(() =>
      guardrails({ namespaces: { defaultTier: 'x', quotaTiers: {} } }),
    ).toThrow(/defaultTier/);
  });
});
