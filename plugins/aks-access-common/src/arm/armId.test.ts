import { InputError } from '@backstage/errors';
import {
  armIdIsAtOrAbove,
  armIdMatches,
  parseArmId,
  parseArmIdPattern,
} from './armId';
import { parseRoleAssignmentId } from './roleAssignmentId';

const SUB = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-kv-payments`;
const VAULT = `${RG}/providers/Microsoft.KeyVault/vaults/kv-payments`;
const CLUSTER = `/subscriptions/${SUB}/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-weu`;
const POLICY = parseArmIdPattern(
  '/subscriptions/*/resourceGroups/rg-kv-*/providers/Microsoft.KeyVault/vaults/*',
);

/** What parseArmId threw, or undefined. */
function thrown(raw: unknown): unknown {
  try {
    parseArmId(raw);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('parseArmId', () => {
  it('parses subscriptions, resource groups, resources and extension resources', () => {
    expect(parseArmId(`/subscriptions/${SUB}`)).toMatchObject({
      subscriptionId: SUB,
      providers: [],
    });
    expect(parseArmId(VAULT)).toMatchObject({
      subscriptionId: SUB,
      resourceGroup: 'rg-kv-payments',
      providers: [
        {
          namespace: 'Microsoft.KeyVault',
          resources: [{ type: 'vaults', name: 'kv-payments' }],
        },
      ],
      id: VAULT,
    });
    const assignment = `${CLUSTER}/namespaces/payments-api/providers/Microsoft.Authorization/roleAssignments/cdf5f5a8-d88d-566a-a716-736889298214`;
    expect(parseArmId(assignment).providers).toHaveLength(2);
    expect(parseRoleAssignmentId(assignment)).toMatchObject({
      name: 'cdf5f5a8-d88d-566a-a716-736889298214',
      scope: { id: `${CLUSTER}/namespaces/payments-api` },
    });
  });

  it('rebuilds keywords in their canonical case and keeps names', () => {
    expect(
      parseArmId(
        `/SUBSCRIPTIONS/${SUB.toUpperCase()}/resourcegroups/RG-kv-payments/PROVIDERS/Microsoft.KeyVault/vaults/KV`,
      ).id,
    ).toBe(
      `/subscriptions/${SUB}/resourceGroups/RG-kv-payments/providers/Microsoft.KeyVault/vaults/KV`,
    );
  });

  it.each([
    [`${VAULT}\\..\\..`, /backslash/],
    [`${RG}/providers/Microsoft.KeyVault/vaults/kv\t..`, /control character/],
    [`${VAULT} `, /whitespace/],
    [`${RG}/providers/Microsoft.KeyVault/vaults/%2e%2e`, /"%"/],
    [`${VAULT}?x=1`, /"\?"/],
    [`${VAULT}#x`, /"#"/],
    [`${VAULT}/..`, /"\." or "\.\." segment/],
    [`${RG}/providers/Microsoft.KeyVault/vaults/.`, /"\." or "\.\." segment/],
    [`${RG}//providers/Microsoft.KeyVault/vaults/kv`, /empty segment/],
    [`${VAULT}/`, /must not end with "\/"/],
    ['subscriptions/x', /must start with "\/"/],
    [
      '/providers/Microsoft.Management/managementGroups/mg',
      /\/subscriptions\//,
    ],
    ['/subscriptions/not-a-guid', /must be a GUID/],
    [`${RG}/providers/NotANamespace/vaults/kv`, /provider namespace/],
    [`${RG}/providers/Microsoft.KeyVault`, /<type>\/<name> pairs/],
    [`${RG}/providers/Microsoft.KeyVault/vaults`, /has no name/],
    [`${RG}/providers/Microsoft.KeyVault/vaults/kv.`, /resource name "kv\."/],
    [`${RG}/vaults/kv`, /out of place/],
    ['', /empty/],
    [42, /empty/],
  ])('refuses %j naming the rule', (raw, rule) => {
    const error = thrown(raw);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(rule);
  });

  it('matches policy patterns segment by segment, case-insensitively', () => {
    expect(armIdMatches(POLICY, parseArmId(VAULT))).toBe(true);
    expect(
      armIdMatches(
        POLICY,
        parseArmId(VAULT.toUpperCase().replace(SUB.toUpperCase(), SUB)),
      ),
    ).toBe(true);
    expect(armIdMatches(POLICY, parseArmId(RG))).toBe(false);
    expect(armIdMatches(POLICY, parseArmId(`${VAULT}/secrets/s`))).toBe(false);
    expect(armIdIsAtOrAbove(parseArmId(RG), parseArmId(VAULT))).toBe(true);
    expect(armIdIsAtOrAbove(parseArmId(`${RG}x`), parseArmId(VAULT))).toBe(
      false,
    );
  });
});

/*
 * Strings full of separators and escapes. Each one is either refused with an
 * InputError that names a rule, or parses to an id that a URL parser leaves
 * exactly as it is (so ARM gets the resource the parse describes) and that
 * the raw string also addressed; and only such ids can match the policy.
 */
describe('parseArmId on generated input', () => {
  const pieces = [
    '/',
    '/',
    '/',
    '\\',
    '.',
    '..',
    '%2e',
    '%2E%2e',
    '%2f',
    '%5c',
    '\t',
    '\n',
    '\r',
    ' ',
    '\u00a0',
    '\u3000',
    '?',
    '#',
    '*',
    ';',
    'subscriptions',
    SUB,
    'resourceGroups',
    'rg-kv-payments',
    'rg-kv-other',
    'providers',
    'Microsoft.KeyVault',
    'vaults',
    'kv-payments',
    'secrets',
    '%',
    '\u0000',
    '\u007f',
    '..\\',
    '/./',
    '/../',
    'ｖaults',
  ];
  let seed = 20261201;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const generate = () => {
    const prefix =
      random() < 0.7 ? `/subscriptions/${SUB}/resourceGroups/` : '';
    let s = prefix;
    const n = 1 + Math.floor(random() * 12);
    for (let i = 0; i < n; i++)
      s += pieces[Math.floor(random() * pieces.length)];
    return s;
  };

  it('accepts only ids that a URL parser would not reinterpret', () => {
    const problems: string[] = [];
    let accepted = 0;
    let approved = 0;
    for (let i = 0; i < 20000; i++) {
      const raw = i % 5 === 0 ? `${VAULT}${generate().slice(1)}` : generate();
      const error = thrown(raw);
      if (error) {
        if (
          !(error instanceof InputError) ||
          !/is invalid: .+\. It must have the form/.test(error.message)
        ) {
          problems.push(`${JSON.stringify(raw)} threw ${error}`);
        }
        continue;
      }
      accepted++;
      const id = parseArmId(raw);
      const sent = new URL(`https://management.azure.com${id.id}`).pathname;
      const asGiven = new URL(`https://management.azure.com${raw}`).pathname;
      if (sent !== id.id || asGiven.toLowerCase() !== id.id.toLowerCase()) {
        problems.push(`${JSON.stringify(raw)} is sent as ${sent} / ${asGiven}`);
      }
      if (armIdMatches(POLICY, id)) {
        approved++;
        // Split by hand on purpose: an oracle apart from the parser under test.
        const segments = sent.toLowerCase().split('/').slice(1);
        if (
          segments.length !== 8 ||
          !segments[3].startsWith('rg-kv-') ||
          segments[5] !== 'microsoft.keyvault' ||
          segments[6] !== 'vaults'
        ) {
          problems.push(`${JSON.stringify(raw)} matched the policy as ${sent}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(accepted).toBeGreaterThan(100);
    expect(approved).toBeGreaterThan(0);
  });
});
