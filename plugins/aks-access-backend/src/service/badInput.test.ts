import aksAccessModuleSandbox from '@aks-access/plugin-aks-access-backend-module-sandbox';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CoreV1Api } from '@kubernetes/client-node';
import {
  demoWorld,
  SandboxOnDisk,
  exampleEntities,
  examplePolicy,
  ownershipPermissions,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';
import {
  aksClusterArmId,
  encodeGrantId,
  GrantSource,
} from '@aks-access/plugin-aks-access-common';
import { aksAccessPlugin } from '../plugin';

jest.setTimeout(180_000);

/*
 * Every write refuses bad input with the right status and a message naming
 * the rule that was broken, and leaves the sandbox exactly as it was: a
 * refusal that had already written something would be worse than none.
 */

const PROD = 'aks-prod-weu';
const DEV = 'aks-dev-neu';
const SUB = demoWorld.DEMO_SUBSCRIPTION_ID;
const KEYVAULT = demoWorld.DEMO_KEYVAULT_SCOPE;
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

/** Onboarded for alice's payments-api in beforeAll; the home of the good inputs. */
const OURS = 'bad-input-payments';
/** Onboarded by bob for checkout-web, another team's entity. */
const THEIRS = 'bad-input-checkout';
/** Seeded with 20 FICs in beforeAll, Entra's limit per identity. */
const FULL_IDENTITY = 'id-bad-input-full';
/** An identity bob created for checkout-web. */
const THEIR_IDENTITY = 'id-bad-input-checkout';

const PAYMENTS_API = 'component:default/payments-api';
const CHECKOUT_WEB = 'component:default/checkout-web';

function entities(): Entity[] {
  return [
    ...exampleEntities(),
    // A group the msgraph provider never synced: no graph.microsoft.com/group-id.
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'contractors', namespace: 'default' },
      spec: { type: 'team', children: [] },
    },
  ];
}

type Operation =
  | 'onboard'
  | 'grant'
  | 'federate'
  | 'review'
  | 'request'
  | 'recertify';
const PATHS: Record<Operation, string> = {
  onboard: '/namespaces',
  grant: '/grants',
  federate: '/workload-identities',
  review: '/access-reviews',
  request: '/access-requests',
  recertify: '/grants/reviews',
};

const onboard = (overrides: object = {}) => ({
  cluster: PROD,
  namespace: 'bad-input-new',
  entityRef: PAYMENTS_API,
  owner: 'group:default/team-payments',
  ...overrides,
});
const grant = (overrides: object = {}) => ({
  cluster: PROD,
  namespace: OURS,
  principal: 'group:default/payments-readers',
  level: 'read',
  ...overrides,
});
const federate = (overrides: object = {}) => ({
  cluster: PROD,
  namespace: OURS,
  serviceAccount: 'worker',
  entityRef: PAYMENTS_API,
  identityName: 'id-bad-input-worker',
  ...overrides,
});
const accessRequest = (overrides: object = {}) => ({
  cluster: PROD,
  namespace: THEIRS,
  principal: 'group:default/team-payments',
  level: 'read',
  duration: 'PT1H',
  justification: 'looking into the checkout incident',
  ...overrides,
});
const UNKNOWN_REQUEST = '00000000-0000-4000-8000-000000000000';
const role = (name: string, scope = KEYVAULT) => ({
  azureRoles: [{ role: name, scope }],
});

interface BadCase {
  name: string;
  op: Operation;
  /** A JSON body, or the raw bytes and content type when the body itself is the problem. */
  body: object | { raw: string; contentType: string };
  /** Another method or path than the operation's POST; the path may need what beforeAll made. */
  route?: { method: 'delete' | 'get' | 'post'; path: () => string };
  /** An Authorization header other than a user's, e.g. a service's. */
  header?: string;
  /** null: no Authorization header at all. */
  user?: string | null;
  status: 400 | 401 | 403 | 404 | 409 | 413;
  message: RegExp;
}

const RESERVED = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'gatekeeper-system',
  'calico-system',
];

/** What beforeAll made and the attacks aim at. */
const world = {
  /** team-payments' Cluster User Role on prod, which Backstage must never revoke. */
  clusterUser: '',
  /** payments-api's identity's Key Vault role, outside any cluster. */
  keyVaultRole: '',
  /** A client id alice can read on any page: bob's identity for checkout-web. */
  theirClientId: '',
  /** bob's Azure grant in his own namespace. */
  theirGrantId: '',
  /** bob's pending request for his team's write access in his own namespace. */
  pendingRequestId: '',
};

/** A POST of a decision on the pending request beforeAll made. */
const decide = (
  decision: 'approve' | 'deny',
  id = () => world.pendingRequestId,
) => ({
  method: 'post' as const,
  path: () => `/access-requests/${id()}/${decision}`,
});

const PROD_ID = aksClusterArmId(
  SUB,
  demoWorld.DEMO_CLUSTERS.prod.resourceGroup,
  PROD,
);
const ASSIGNMENTS = '/providers/Microsoft.Authorization/roleAssignments';
/** A DELETE of a grant id; `id` may name what beforeAll found. */
const revoke = (
  cluster: string,
  source: GrantSource,
  id: (w: typeof world) => string,
  query = '',
) => ({
  method: 'delete' as const,
  path: () =>
    `/grants/${encodeGrantId({ cluster, source, id: id(world) })}${query}`,
});
const at = (method: 'delete' | 'get', path: string) => ({
  method,
  path: () => path,
});

/** The attacks of issue 10, each class with its own cases. */
function attackCases(): BadCase[] {
  const none = {};
  return [
    // --- scopes a URL parser would rewrite --------------------------------
    ...[
      ['backslash dot-dot', `${KEYVAULT}\\..\\..\\..`, /backslash/],
      ['tab between dots', `${KEYVAULT}/.\t./.\t.`, /control character/],
      ['percent-encoded dots', `${KEYVAULT}/%2e%2e/%2e%2e`, /"%"/],
      ['a trailing slash', `${KEYVAULT}/`, /must not end with "\/"/],
      ['a query', `${KEYVAULT}?api-version=1`, /"\?"/],
      ['a fragment', `${KEYVAULT}#x`, /"#"/],
      [
        'an empty segment',
        KEYVAULT.replace('/vaults', '//vaults'),
        /empty segment/,
      ],
      ['a space', `${KEYVAULT} `, /whitespace/],
    ].map(
      ([what, scope, message]): BadCase => ({
        name: `federate with a vault scope with ${what}`,
        op: 'federate',
        body: federate(role('Key Vault Secrets User', scope as string)),
        status: 400,
        message: message as RegExp,
      }),
    ),
    // --- forged grant ids ---------------------------------------------------
    {
      name: 'revoke the Cluster User Role through a namespace path with \\..',
      op: 'grant',
      body: none,
      route: revoke(
        PROD,
        'AzureRoleAssignment',
        w =>
          `${PROD_ID}/namespaces/${OURS}\\..\\..${ASSIGNMENTS}/${w.clusterUser}`,
      ),
      status: 400,
      message:
        /grant role assignment id .* is invalid: it contains a backslash/,
    },
    {
      name: 'revoke the Cluster User Role through a namespace path with tabs',
      op: 'grant',
      body: none,
      route: revoke(
        PROD,
        'AzureRoleAssignment',
        w =>
          `${PROD_ID}/namespaces/${OURS}/.\t./.\t.${ASSIGNMENTS}/${w.clusterUser}`,
      ),
      status: 400,
      message: /is invalid: it contains a control character/,
    },
    {
      name: 'revoke the cluster-scope Cluster User Role by its own id',
      op: 'grant',
      body: none,
      route: revoke(
        PROD,
        'AzureRoleAssignment',
        w => `${PROD_ID}${ASSIGNMENTS}/${w.clusterUser}`,
      ),
      status: 400,
      message:
        /is not a namespace-scoped role assignment on aks-prod-weu.*cluster-wide grants are not managed/,
    },
    {
      name: 'revoke a workload identity Key Vault assignment as a grant',
      op: 'grant',
      body: none,
      route: revoke(
        PROD,
        'AzureRoleAssignment',
        w => `${KEYVAULT}${ASSIGNMENTS}/${w.keyVaultRole}`,
      ),
      status: 400,
      message: /is not a namespace-scoped role assignment on aks-prod-weu/,
    },
    {
      name: "revoke the Cluster User Role's GUID under our namespace",
      op: 'grant',
      body: none,
      route: revoke(
        PROD,
        'AzureRoleAssignment',
        w => `${PROD_ID}/namespaces/${OURS}${ASSIGNMENTS}/${w.clusterUser}`,
      ),
      status: 404,
      message:
        /Role assignment .*\/namespaces\/bad-input-payments.* does not exist/,
    },
    {
      name: "revoke a prod assignment through another cluster's name",
      op: 'grant',
      body: none,
      route: revoke(
        DEV,
        'AzureRoleAssignment',
        w => `${PROD_ID}/namespaces/${OURS}${ASSIGNMENTS}/${w.clusterUser}`,
      ),
      status: 400,
      message: /is not a namespace-scoped role assignment on aks-dev-neu/,
    },
    {
      name: 'revoke an assignment below the namespace scope',
      op: 'grant',
      body: none,
      route: revoke(
        PROD,
        'AzureRoleAssignment',
        w =>
          `${PROD_ID}/namespaces/${OURS}/pods/x${ASSIGNMENTS}/${w.clusterUser}`,
      ),
      status: 400,
      message: /is not a namespace-scoped role assignment/,
    },
    {
      name: 'revoke a RoleBinding grant id without a name',
      op: 'grant',
      body: none,
      route: revoke(DEV, 'RoleBinding', () => 'payments-api'),
      status: 400,
      message: /a RoleBinding grant names <namespace>\/<name>/,
    },
    {
      name: 'revoke a RoleBinding grant id that walks up',
      op: 'grant',
      body: none,
      route: revoke(DEV, 'RoleBinding', () => 'payments-api/../x'),
      status: 400,
      message: /a RoleBinding grant names <namespace>\/<name>/,
    },
    {
      name: 'revoke a ClusterRoleBinding',
      op: 'grant',
      body: none,
      route: revoke(
        DEV,
        'ClusterRoleBinding',
        () => 'checkout-ci-cluster-admin',
      ),
      status: 400,
      message:
        /ClusterRoleBinding grants are cluster-wide and not made by aks-access/,
    },
    {
      name: 'revoke an unmanaged RoleBinding',
      op: 'grant',
      body: none,
      route: revoke(DEV, 'RoleBinding', () => 'payments-api/legacy-readers'),
      status: 409,
      message:
        /RoleBinding payments-api\/legacy-readers on aks-dev-neu was not made by aks-access/,
    },
    {
      name: 'revoke a grant on an unknown cluster',
      op: 'grant',
      body: none,
      route: revoke('aks-nowhere', 'RoleBinding', () => 'payments-api/x'),
      status: 404,
      message: /Cluster 'aks-nowhere' is not configured/,
    },
    {
      name: "revoke another team's grant",
      op: 'grant',
      body: none,
      route: { method: 'delete', path: () => `/grants/${world.theirGrantId}` },
      status: 403,
      message:
        /Not allowed: aks-access.grant.delete on component:default\/checkout-web/,
    },
    {
      name: 'revoke with dryRun=yes',
      op: 'grant',
      body: none,
      route: revoke(
        DEV,
        'RoleBinding',
        () => 'payments-api/aks-access-write-36de95c4',
        '?dryRun=yes',
      ),
      status: 400,
      message: /dryRun: must be true or false/,
    },
    // --- identities: the ServiceAccount annotation proves nothing ----------
    {
      name: "remove another team's identity through our ServiceAccount's annotation",
      op: 'federate',
      body: none,
      route: at('delete', `/workload-identities/${PROD}/${OURS}/stolen`),
      status: 409,
      message:
        /Identity id-bad-input-checkout belongs to component:default\/checkout-web, not to component:default\/payments-api/,
    },
    {
      name: "offboard a namespace whose ServiceAccount names another team's identity",
      op: 'onboard',
      body: none,
      route: at('delete', `/namespaces/${PROD}/${OURS}`),
      status: 409,
      message:
        /Identity id-bad-input-checkout belongs to component:default\/checkout-web/,
    },
    {
      name: "federate onto an identity of the same team's other entity",
      op: 'federate',
      body: federate({ identityName: 'id-payments-worker' }),
      status: 409,
      message:
        /Identity id-payments-worker in rg-aks-identities belongs to component:default\/payments-worker, not component:default\/payments-api/,
    },
    {
      name: "federate into a namespace of the same team's other entity",
      op: 'federate',
      body: federate({ cluster: DEV, namespace: 'payments-worker' }),
      status: 409,
      message:
        /Namespace payments-worker on aks-dev-neu belongs to component:default\/payments-worker, not component:default\/payments-api/,
    },
    {
      name: "remove another team's workload identity",
      op: 'federate',
      body: none,
      route: at('delete', `/workload-identities/${PROD}/${THEIRS}/web`),
      status: 403,
      message:
        /Not allowed: aks-access.workload-identity.delete on component:default\/checkout-web/,
    },
    {
      name: 'remove a ServiceAccount with an invalid name',
      op: 'federate',
      body: none,
      route: at('delete', `/workload-identities/${PROD}/${OURS}/Bad_Name`),
      status: 400,
      message: /serviceAccount must be a DNS-1123 subdomain/,
    },
    {
      name: 'remove a ServiceAccount in kube-system',
      op: 'federate',
      body: none,
      route: at('delete', `/workload-identities/${PROD}/kube-system/default`),
      status: 400,
      message: /namespace "kube-system" is (reserved|refused)/,
    },
    {
      name: 'remove a workload identity with dryRun=yes',
      op: 'federate',
      body: none,
      route: at(
        'delete',
        `/workload-identities/${PROD}/${OURS}/worker?dryRun=yes`,
      ),
      status: 400,
      message: /dryRun: must be true or false/,
    },
    // --- offboarding ---------------------------------------------------------
    {
      name: 'offboard with deleteNamespace=maybe',
      op: 'onboard',
      body: none,
      route: at(
        'delete',
        `/namespaces/${DEV}/payments-worker?deleteNamespace=maybe`,
      ),
      status: 400,
      message: /deleteNamespace: must be true or false/,
    },
    {
      name: 'offboard with an unknown query parameter',
      op: 'onboard',
      body: none,
      route: at('delete', `/namespaces/${DEV}/payments-worker?force=true`),
      status: 400,
      message: /unknown field\(s\) force/,
    },
    {
      name: 'offboard and delete an adopted namespace',
      op: 'onboard',
      body: none,
      route: at(
        'delete',
        `/namespaces/${DEV}/payments-worker?deleteNamespace=true`,
      ),
      status: 409,
      message:
        /Namespace payments-worker on aks-dev-neu existed before aks-access onboarded it/,
    },
    {
      name: "offboard another team's namespace",
      op: 'onboard',
      body: none,
      route: at('delete', `/namespaces/${PROD}/${THEIRS}`),
      status: 403,
      message:
        /Not allowed: aks-access.namespace.onboard on component:default\/checkout-web/,
    },
    // --- validate and read everything, then write ---------------------------
    ...['constructor', 'tostring', 'hasownproperty', 'valueof'].map(
      (tier): BadCase => ({
        name: `onboard with the prototype key ${tier} as tier`,
        op: 'onboard',
        body: onboard({ tier }),
        status: 400,
        message: new RegExp(
          `tier "${tier}" does not exist; allowed tiers: small, medium`,
        ),
      }),
    ),
    {
      name: 'onboard with an owner group that is not in the catalog',
      op: 'onboard',
      body: onboard({ owner: 'group:default/ghosts' }),
      status: 400,
      message: /owner group:default\/ghosts is not a Group in the catalog/,
    },
    {
      name: 'grant to a GUID the directory does not know',
      op: 'grant',
      body: grant({
        cluster: DEV,
        namespace: 'payments-api',
        principal: '0badf00d-0000-4000-8000-000000000000',
      }),
      status: 400,
      message:
        /principal 0badf00d-.* is not in the directory: Microsoft Graph has no user or group/,
    },
    {
      name: 'grant to a service principal',
      op: 'grant',
      body: grant({ principal: demoWorld.DEMO_ADMIN_APP.servicePrincipalId }),
      status: 400,
      message: /is a service principal/,
    },
    {
      name: 'grant with a service token acting for nobody',
      op: 'grant',
      body: grant(),
      header: mockCredentials.service.header(),
      status: 403,
      message:
        /grant.create acts for a signed-in user.*service credentials acting for nobody/,
    },
    // --- the read routes' parameters ------------------------------------------
    ...[
      ['limit=0', /limit: Number must be greater than or equal to 1/],
      ['limit=abc', /limit: Expected number, received nan/],
      ['limit=100000', /limit must be at most/],
      ['since=yesterday', /unknown field\(s\) since/],
    ].map(
      ([query, message]): BadCase => ({
        name: `read the audit log with ${query}`,
        op: 'grant',
        body: none,
        route: at('get', `/audit?${query}`),
        status: 400,
        message: message as RegExp,
      }),
    ),
    {
      name: 'review access with a verb that is not one',
      op: 'review',
      body: {
        cluster: DEV,
        namespace: 'payments-api',
        principal: 'group:default/team-payments',
        verb: 'get pods',
        resource: 'pods',
      },
      status: 400,
      message: /verb: verb must be a Kubernetes verb/,
    },
    {
      name: 'review access with an unknown field',
      op: 'review',
      body: {
        cluster: DEV,
        namespace: 'payments-api',
        principal: 'group:default/team-payments',
        verb: 'get',
        resource: 'pods',
        as: 'root',
      },
      status: 400,
      message: /unknown field\(s\) as|Unrecognized key/,
    },
  ];
}

const cases: BadCase[] = [
  // --- onboard: namespace names ---------------------------------------------
  ...RESERVED.map(
    (namespace): BadCase => ({
      name: `onboard reserved namespace ${namespace}`,
      op: 'onboard',
      body: onboard({ namespace }),
      status: 400,
      message: new RegExp(`namespace "${namespace}" is (reserved|refused)`),
    }),
  ),
  {
    name: 'onboard a kube-* namespace the policy does not list',
    op: 'onboard',
    body: onboard({ namespace: 'kube-extra' }),
    status: 400,
    message: /"kube-" are reserved/,
  },
  {
    name: 'onboard a 64-character namespace',
    op: 'onboard',
    body: onboard({ namespace: `a${'b'.repeat(63)}` }),
    status: 400,
    message: /namespace must be at most 63 characters/,
  },
  {
    name: 'onboard a valid label longer than the policy pattern allows',
    op: 'onboard',
    body: onboard({ namespace: `a${'b'.repeat(50)}` }),
    status: 400,
    message: /Policy namespaces\.pattern: namespace "ab+" does not match/,
  },
  {
    name: 'onboard a one-letter namespace (policy pattern)',
    op: 'onboard',
    body: onboard({ namespace: 'a' }),
    status: 400,
    message: /Policy namespaces\.pattern/,
  },
  {
    name: 'onboard an upper-case namespace',
    op: 'onboard',
    body: onboard({ namespace: 'Payments' }),
    status: 400,
    message: /namespace must be a DNS-1123 label: lowercase/,
  },
  ...['a/b', '..', '%2F', 'a%2Fb', '../kube-system', ''].map(
    (namespace): BadCase => ({
      name: `onboard a namespace with path characters ${JSON.stringify(
        namespace,
      )}`,
      op: 'onboard',
      body: onboard({ namespace }),
      status: 400,
      message: /namespace must be a DNS-1123 label/,
    }),
  ),
  // --- onboard: the other fields ---------------------------------------------
  {
    name: 'onboard on an unknown cluster',
    op: 'onboard',
    body: onboard({ cluster: 'aks-nowhere-weu' }),
    status: 404,
    message:
      /Cluster 'aks-nowhere-weu' is not configured; known: .*aks-prod-weu/,
  },
  {
    name: 'onboard on a cluster name with path characters',
    op: 'onboard',
    body: onboard({ cluster: '../aks-prod-weu' }),
    status: 400,
    message: /cluster must be an AKS cluster name/,
  },
  {
    name: "onboard for another team's entity",
    op: 'onboard',
    body: onboard({ entityRef: CHECKOUT_WEB }),
    status: 403,
    message:
      /Not allowed: aks-access\.namespace\.onboard on component:default\/checkout-web/,
  },
  {
    name: 'onboard an existing namespace that belongs to no managed entity',
    op: 'onboard',
    body: onboard({ namespace: 'checkout-api' }),
    status: 409,
    message:
      /Namespace checkout-api on aks-prod-weu already exists and belongs to no entity .*cannot be onboarded for component:default\/payments-api/,
  },
  {
    name: 'onboard an existing namespace claimed by another entity',
    op: 'onboard',
    body: onboard({
      namespace: 'payments-api',
      entityRef: 'component:default/payments-worker',
    }),
    status: 409,
    message:
      /already exists and belongs to component:default\/payments-api; it cannot be onboarded for component:default\/payments-worker/,
  },
  {
    name: 'onboard with a bad tier',
    op: 'onboard',
    body: onboard({ tier: 'huge' }),
    status: 400,
    message:
      /Policy namespaces\.quotaTiers: tier "huge" does not exist; allowed tiers: small, medium/,
  },
  {
    name: 'onboard with a tier that is not a name',
    op: 'onboard',
    body: onboard({ tier: 'Small ' }),
    status: 400,
    message: /tier must be the name of a quota tier/,
  },
  {
    name: 'onboard with a user as owner',
    op: 'onboard',
    body: onboard({ owner: ALICE }),
    status: 400,
    message: /owner must be a catalog group ref/,
  },
  {
    name: 'onboard with an entity ref without a kind',
    op: 'onboard',
    body: onboard({ entityRef: 'payments-api' }),
    status: 400,
    message:
      /entityRef must be a catalog entity ref of the form kind:namespace\/name/,
  },
  {
    name: 'onboard with an unknown extra field',
    op: 'onboard',
    body: onboard({ labels: { 'app.kubernetes.io/managed-by': 'me' } }),
    status: 400,
    message: /unknown field\(s\) labels/,
  },
  {
    name: 'onboard with a misspelt field',
    op: 'onboard',
    body: { ...onboard({ namespace: undefined }), namepsace: 'bad-input-x' },
    status: 400,
    message:
      /namespace: Required.*unknown field\(s\) namepsace|unknown field\(s\) namepsace.*namespace: Required/,
  },
  {
    name: 'onboard as a dry run is refused the same way',
    op: 'onboard',
    body: onboard({ namespace: 'kube-system', dryRun: true }),
    status: 400,
    message: /namespace "kube-system" is refused/,
  },
  {
    name: 'onboard with dryRun as a string',
    op: 'onboard',
    body: onboard({ dryRun: 'false' }),
    status: 400,
    message: /dryRun: Expected boolean, received string/,
  },
  {
    name: 'onboard without credentials',
    op: 'onboard',
    body: onboard(),
    user: null,
    status: 401,
    message: /credentials|authenticat/i,
  },
  // --- request bodies ----------------------------------------------------------
  {
    name: 'onboard with __proto__ in the body',
    op: 'onboard',
    body: {
      raw: `{"cluster":"${PROD}","namespace":"bad-input-new","entityRef":"${PAYMENTS_API}","owner":"group:default/team-payments","__proto__":{"isAdmin":true}}`,
      contentType: 'application/json',
    },
    status: 400,
    message: /body must not contain the key "__proto__"/,
  },
  {
    name: 'grant with constructor.prototype nested in the body',
    op: 'grant',
    body: {
      raw: `{"cluster":"${PROD}","namespace":"${OURS}","principal":"group:default/payments-readers","level":"read","extra":{"constructor":{"prototype":{"level":"admin"}}}}`,
      contentType: 'application/json',
    },
    status: 400,
    message: /body\.extra must not contain the key "constructor"/,
  },
  {
    name: 'federate with __proto__ inside azureRoles',
    op: 'federate',
    body: {
      raw: `{"cluster":"${PROD}","namespace":"${OURS}","serviceAccount":"worker","entityRef":"${PAYMENTS_API}","azureRoles":[{"role":"Key Vault Secrets User","scope":"${KEYVAULT}","__proto__":{"role":"Owner"}}]}`,
      contentType: 'application/json',
    },
    status: 400,
    message: /body\.azureRoles\.0 must not contain the key "__proto__"/,
  },
  {
    name: 'onboard with malformed JSON',
    op: 'onboard',
    body: {
      raw: `{"cluster":"${PROD}","namespace":`,
      contentType: 'application/json',
    },
    status: 400,
    message:
      /Invalid request: the body is not valid JSON \(Unexpected end of JSON input\)/,
  },
  {
    name: 'grant with a JSON string instead of an object',
    op: 'grant',
    body: { raw: '"read"', contentType: 'application/json' },
    status: 400,
    message: /Invalid request: the body must be a JSON object/,
  },
  {
    name: 'grant with a JSON array',
    op: 'grant',
    body: { raw: JSON.stringify([grant()]), contentType: 'application/json' },
    status: 400,
    message: /Expected object, received array/,
  },
  {
    name: 'onboard with a text/plain body',
    op: 'onboard',
    body: { raw: JSON.stringify(onboard()), contentType: 'text/plain' },
    status: 400,
    message: /the body must be JSON \(Content-Type: application\/json\)/,
  },
  {
    name: 'grant with a form-encoded body',
    op: 'grant',
    body: {
      raw: new URLSearchParams(grant()).toString(),
      contentType: 'application/x-www-form-urlencoded',
    },
    status: 400,
    message: /the body must be JSON/,
  },
  {
    name: 'federate with a body over the size limit',
    op: 'federate',
    body: {
      raw: JSON.stringify(federate({ padding: 'x'.repeat(1024 * 1024) })),
      contentType: 'application/json',
    },
    status: 413,
    message: /Invalid request: the body is larger than the 64kb limit/,
  },
  // --- grant ---------------------------------------------------------------------
  {
    name: 'grant cluster-admin',
    op: 'grant',
    body: grant({ level: 'cluster-admin' }),
    status: 400,
    message:
      /level cluster-admin is refused: self-service never grants cluster-admin.*allowed levels: read, write, admin/,
  },
  {
    name: 'grant an unknown level',
    op: 'grant',
    body: grant({ level: 'owner' }),
    status: 400,
    message: /level must be one of read, write, admin/,
  },
  {
    name: 'grant a level in another case',
    op: 'grant',
    body: grant({ level: 'Admin' }),
    status: 400,
    message: /level must be one of read, write, admin/,
  },
  {
    name: 'grant to a user while the policy allows groups only',
    op: 'grant',
    body: grant({ principal: 'user:default/erin' }),
    status: 400,
    message:
      /Policy grants\.principalKinds: User principals are not allowed; allowed kinds: Group/,
  },
  {
    name: "grant to a user's Entra object id while the policy allows groups only",
    op: 'grant',
    body: grant({ principal: demoWorld.DEMO_USERS.erin.objectId }),
    status: 400,
    message: /Policy grants\.principalKinds: User principals are not allowed/,
  },
  {
    name: 'grant to a group without a graph.microsoft.com/group-id annotation',
    op: 'grant',
    body: grant({ principal: 'group:default/contractors' }),
    status: 400,
    message:
      /principal group:default\/contractors has no graph\.microsoft\.com\/group-id annotation/,
  },
  {
    name: 'grant to a group the catalog does not have',
    op: 'grant',
    body: grant({ principal: 'group:default/ghosts' }),
    status: 400,
    message: /principal group:default\/ghosts is not in the catalog/,
  },
  {
    name: 'grant to a component',
    op: 'grant',
    body: grant({ principal: PAYMENTS_API }),
    status: 400,
    message: /principal must be a catalog group or user ref/,
  },
  {
    name: 'grant in kube-system',
    op: 'grant',
    body: grant({ namespace: 'kube-system' }),
    status: 400,
    message: /namespace "kube-system" is refused/,
  },
  {
    name: 'grant in gatekeeper-system',
    op: 'grant',
    body: grant({ namespace: 'gatekeeper-system' }),
    status: 400,
    message: /namespace "gatekeeper-system" is reserved/,
  },
  {
    name: 'grant in default on the Kubernetes RBAC cluster',
    op: 'grant',
    body: grant({ cluster: DEV, namespace: 'default' }),
    status: 400,
    message: /namespace "default" is reserved/,
  },
  {
    name: 'grant in a namespace named with a path',
    op: 'grant',
    body: grant({ namespace: `${OURS}/../kube-system` }),
    status: 400,
    message: /namespace must be a DNS-1123 label/,
  },
  {
    name: 'grant on an unknown cluster',
    op: 'grant',
    body: grant({ cluster: 'aks-nowhere-weu' }),
    status: 404,
    message: /Cluster 'aks-nowhere-weu' is not configured; known: /,
  },
  {
    name: "grant in another team's namespace",
    op: 'grant',
    body: grant({ namespace: THEIRS }),
    status: 403,
    message:
      /Not allowed: aks-access\.grant\.create on component:default\/checkout-web/,
  },
  {
    name: 'grant in a namespace that does not exist',
    op: 'grant',
    body: grant({ namespace: 'bad-input-nowhere' }),
    status: 404,
    message:
      /Namespace bad-input-nowhere does not exist on aks-prod-weu; onboard it first/,
  },
  {
    name: 'grant in a namespace aks-access did not onboard',
    op: 'grant',
    body: grant({ namespace: 'checkout-api' }),
    status: 409,
    message:
      /Namespace checkout-api on aks-prod-weu was not onboarded through aks-access/,
  },
  {
    name: 'grant with an unknown extra field',
    op: 'grant',
    body: grant({ roleRef: 'cluster-admin' }),
    status: 400,
    message: /unknown field\(s\) roleRef/,
  },
  {
    name: 'grant without credentials',
    op: 'grant',
    body: grant(),
    user: null,
    status: 401,
    message: /credentials|authenticat/i,
  },
  // --- federate --------------------------------------------------------------------
  {
    name: 'federate in kube-system',
    op: 'federate',
    body: federate({ namespace: 'kube-system' }),
    status: 400,
    message: /namespace "kube-system" is refused/,
  },
  {
    name: "federate another namespace's ServiceAccount by its subject",
    op: 'federate',
    body: federate({ serviceAccount: 'system:serviceaccount:other:x' }),
    status: 400,
    message: /serviceAccount must be a DNS-1123 subdomain/,
  },
  {
    name: 'federate a ServiceAccount named with a path',
    op: 'federate',
    body: federate({ serviceAccount: '../other/x' }),
    status: 400,
    message: /serviceAccount must be a DNS-1123 subdomain/,
  },
  {
    name: 'federate with an explicit FIC subject',
    op: 'federate',
    body: federate({ subject: 'system:serviceaccount:kube-system:default' }),
    status: 400,
    message: /unknown field\(s\) subject/,
  },
  {
    name: "federate in another team's namespace for our entity",
    op: 'federate',
    body: federate({ namespace: THEIRS }),
    status: 409,
    message:
      /Namespace bad-input-checkout on aks-prod-weu belongs to component:default\/checkout-web, not component:default\/payments-api/,
  },
  {
    name: "federate for another team's entity",
    op: 'federate',
    body: federate({ namespace: THEIRS, entityRef: CHECKOUT_WEB }),
    status: 403,
    message:
      /Not allowed: aks-access\.workload-identity\.create on component:default\/checkout-web/,
  },
  {
    name: "federate onto another entity's identity",
    op: 'federate',
    body: federate({ identityName: THEIR_IDENTITY }),
    status: 409,
    message: new RegExp(
      `Identity ${THEIR_IDENTITY} .*belongs to component:default/checkout-web, not component:default/payments-api; choose another identityName`,
    ),
  },
  {
    name: 'federate with an identity name that is a path',
    op: 'federate',
    body: federate({ identityName: 'id/../../other' }),
    status: 400,
    message: /identityName must be 3-128 characters/,
  },
  {
    name: 'federate a 21st ServiceAccount onto one identity',
    op: 'federate',
    body: federate({ serviceAccount: 'sa-21', identityName: FULL_IDENTITY }),
    status: 400,
    message:
      /already has 20 federated identity credentials, the Entra limit is 20 per identity/,
  },
  {
    name: 'federate on an unknown cluster',
    op: 'federate',
    body: federate({ cluster: 'aks-nowhere-weu' }),
    status: 404,
    message: /Cluster 'aks-nowhere-weu' is not configured; known: /,
  },
  {
    name: 'federate with the Azure role Owner',
    op: 'federate',
    body: federate(role('Owner')),
    status: 400,
    message:
      /Policy workloadIdentity\.allowedRoles: role "Owner" manages access or whole clusters, and is never assigned by self-service; allowed roles: Key Vault Secrets User/,
  },
  ...['Contributor', 'User Access Administrator'].map(
    (name): BadCase => ({
      name: `federate with the Azure role ${name}`,
      op: 'federate',
      body: federate(role(name)),
      status: 400,
      message: new RegExp(
        `role "${name}" is not one of the built-in roles aks-access knows, and a workload identity only gets roles the platform policy allows \\(workloadIdentity\\.allowedRoles\\)`,
      ),
    }),
  ),
  {
    name: 'federate with Owner given by its role definition GUID',
    op: 'federate',
    body: federate(role('8e3af657-a8ff-4c63-a6f4-8a9f1d2c8f4e')),
    status: 400,
    message:
      /Policy workloadIdentity\.allowedRoles: role "8e3af657-a8ff-4c63-a6f4-8a9f1d2c8f4e" is not a known built-in role; allowed roles: Key Vault Secrets User/,
  },
  {
    name: 'federate with Managed Identity Contributor, which the policy does not list',
    op: 'federate',
    body: federate(
      role(
        'Managed Identity Contributor',
        `/subscriptions/${SUB}/resourceGroups/rg-aks-identities`,
      ),
    ),
    status: 400,
    message:
      /Policy workloadIdentity\.allowedRoles: role "Managed Identity Contributor" is not allowed for workload identities; allowed roles: Key Vault Secrets User/,
  },
  {
    name: 'federate with the AKS RBAC Cluster Admin role',
    op: 'federate',
    body: federate(
      role(
        'Azure Kubernetes Service RBAC Cluster Admin',
        `/subscriptions/${SUB}/resourceGroups/rg-aks-prod`,
      ),
    ),
    status: 400,
    message:
      /role "Azure Kubernetes Service RBAC Cluster Admin" manages access or whole clusters/,
  },
  {
    name: 'federate with a harmless role the policy does not list',
    op: 'federate',
    body: federate(role('Storage Blob Data Reader')),
    status: 400,
    message:
      /Policy workloadIdentity\.allowedRoles: role "Storage Blob Data Reader" is not allowed for workload identities; allowed roles: Key Vault Secrets User/,
  },
  {
    name: 'federate with a misspelt role',
    op: 'federate',
    body: federate(role('Key Vault Secrets User Role')),
    status: 400,
    message:
      /azureRoles\.0\.role: role "Key Vault Secrets User Role" is not an Azure built-in role; the correct name is "Key Vault Secrets User"/,
  },
  {
    name: 'federate with an allowed role at subscription scope',
    op: 'federate',
    body: federate(role('Key Vault Secrets User', `/subscriptions/${SUB}`)),
    status: 400,
    message:
      /"Key Vault Secrets User" may not be assigned at \/subscriptions\/[-0-9a-f]+; allowed scopes: \/subscriptions\/\*\/resourceGroups\/rg-kv-\*/,
  },
  {
    name: 'federate with an allowed role in a resource group outside the policy',
    op: 'federate',
    body: federate(
      role(
        'Key Vault Secrets User',
        `/subscriptions/${SUB}/resourceGroups/rg-payments/providers/Microsoft.KeyVault/vaults/kv-payments`,
      ),
    ),
    status: 400,
    message: /may not be assigned at .*rg-payments.*allowed scopes/,
  },
  {
    name: 'federate with an allowed role on a child of an allowed vault',
    op: 'federate',
    body: federate(role('Key Vault Secrets User', `${KEYVAULT}/secrets/db`)),
    status: 400,
    message:
      /may not be assigned at .*kv-payments\/secrets\/db; allowed scopes/,
  },
  {
    name: 'federate with a dot-dot segment that matches the vault glob',
    op: 'federate',
    body: federate(
      role(
        'Key Vault Secrets User',
        `/subscriptions/${SUB}/resourceGroups/rg-kv-payments/providers/Microsoft.KeyVault/vaults/..`,
      ),
    ),
    status: 400,
    message:
      /Azure scope ".*vaults\/\.\." is invalid: it has a "\." or "\.\." segment/,
  },
  {
    name: 'federate with a wildcard scope',
    op: 'federate',
    body: federate(role('Key Vault Secrets User', '/subscriptions/*')),
    status: 400,
    message:
      /Azure scope "\/subscriptions\/\*" is invalid: the subscription id must be a GUID/,
  },
  {
    name: 'federate with an extra field in an Azure role',
    op: 'federate',
    body: federate({
      azureRoles: [
        {
          role: 'Key Vault Secrets User',
          scope: KEYVAULT,
          principalType: 'User',
        },
      ],
    }),
    status: 400,
    message: /unknown field\(s\) principalType/,
  },
  {
    name: 'federate with azureRoles that are not a list',
    op: 'federate',
    body: federate({ azureRoles: 'Key Vault Secrets User' }),
    status: 400,
    message: /azureRoles: Expected array, received string/,
  },
  {
    name: 'federate without credentials',
    op: 'federate',
    body: federate(),
    user: null,
    status: 401,
    message: /credentials|authenticat/i,
  },
  ...attackCases(),
  {
    name: 'request access for a year (no fixed length)',
    op: 'request',
    body: accessRequest({ duration: 'P1Y' }),
    status: 400,
    message: /duration: must be a positive ISO 8601 duration/,
  },
  {
    name: 'request access with a justification over 500 characters',
    op: 'request',
    body: accessRequest({ justification: 'x'.repeat(501) }),
    status: 400,
    message: /justification must be at most 500 characters/,
  },
  {
    name: 'request access with a blank justification',
    op: 'request',
    body: accessRequest({ justification: '   ' }),
    status: 400,
    message: /justification is required/,
  },
  {
    name: 'request access with an unknown field',
    op: 'request',
    body: accessRequest({ approver: 'user:default/alice' }),
    status: 400,
    message: /approver/,
  },
  {
    name: 'request access to kube-system',
    op: 'request',
    body: accessRequest({ namespace: 'kube-system' }),
    status: 400,
    message: /reserved/,
  },
  {
    name: 'request access for a raw object id',
    op: 'request',
    body: accessRequest({
      principal: demoWorld.DEMO_GROUPS.teamPayments.objectId,
    }),
    status: 400,
    message: /principal must be yourself/,
  },
  {
    name: 'request access for a group the requester is not in',
    op: 'request',
    body: accessRequest({ principal: 'group:default/team-checkout' }),
    status: 403,
    message:
      /only if you are a member of it in the catalog; user:default\/alice is not/,
  },
  {
    name: 'request access for another user',
    op: 'request',
    body: accessRequest({ principal: BOB }),
    status: 403,
    message: /only for yourself \(user:default\/alice\)/,
  },
  {
    name: 'request access for oneself where the policy grants groups only',
    op: 'request',
    body: accessRequest({ principal: ALICE }),
    status: 400,
    message: /Policy grants\.principalKinds: User principals are not allowed/,
  },
  {
    name: 'request admin on prod over the policy limit',
    op: 'request',
    body: accessRequest({ level: 'admin', duration: 'PT5H' }),
    status: 400,
    message:
      /Policy accessRequests\.rules: duration PT5H is over the limit for admin access on prod clusters: at most PT4H/,
  },
  {
    name: 'request cluster-admin',
    op: 'request',
    body: accessRequest({ level: 'cluster-admin' }),
    status: 400,
    message: /level/,
  },
  {
    name: 'request access to a namespace nobody onboarded',
    op: 'request',
    body: accessRequest({ namespace: 'checkout-api' }),
    status: 409,
    message: /was not onboarded through aks-access/,
  },
  {
    name: 'request access on an unknown cluster',
    op: 'request',
    body: accessRequest({ cluster: 'aks-nowhere' }),
    status: 404,
    message: /aks-nowhere/,
  },
  {
    name: 'request access with a service token acting for nobody',
    op: 'request',
    body: accessRequest(),
    header: mockCredentials.service.header(),
    status: 403,
    message: /made by a signed-in user/,
  },
  {
    name: 'approve a request id that is not a UUID',
    op: 'request',
    body: {},
    route: decide('approve', () => 'not-a-request'),
    status: 400,
    message: /access request id must be the id the backend returned/,
  },
  {
    name: 'approve a request id with path characters',
    op: 'request',
    body: {},
    route: decide('approve', () => '..%2F..%2Fgrants'),
    status: 400,
    message: /access request id must be/,
  },
  {
    name: 'approve a request that does not exist',
    op: 'request',
    body: {},
    route: decide('approve', () => UNKNOWN_REQUEST),
    status: 404,
    message: /Access request 0{8}-0{4}-4000-8000-0{12} does not exist/,
  },
  {
    name: 'approve with a comment over 500 characters',
    op: 'request',
    body: { comment: 'x'.repeat(501) },
    route: decide('approve'),
    status: 400,
    message: /comment must be at most 500 characters/,
  },
  {
    name: "approve one's own request (four eyes)",
    op: 'request',
    body: {},
    user: BOB,
    route: decide('approve'),
    status: 403,
    message: /Four eyes: user:default\/bob made access request/,
  },
  {
    name: "approve a request for another team's namespace",
    op: 'request',
    body: {},
    user: 'user:default/carol',
    route: decide('approve'),
    status: 403,
    message:
      /Not allowed: aks-access\.access-request\.approve on component:default\/checkout-web/,
  },
  {
    name: "deny a request for another team's namespace",
    op: 'request',
    body: { comment: 'no' },
    user: 'user:default/carol',
    route: decide('deny'),
    status: 403,
    message: /Not allowed: aks-access\.access-request\.approve/,
  },
  {
    name: "cancel someone else's request",
    op: 'request',
    body: {},
    route: {
      method: 'delete',
      path: () => `/access-requests/${world.pendingRequestId}`,
    },
    status: 403,
    message:
      /Only the requester \(user:default\/bob\) can cancel or end access request/,
  },
  {
    name: 'list requests in an unknown state',
    op: 'request',
    body: {},
    route: at('get', '/access-requests?state=granted'),
    status: 400,
    message:
      /state must be one of pending, approved, denied, expired, cancelled, revoked/,
  },
  {
    name: 'review no grants',
    op: 'recertify',
    body: { decisions: [] },
    status: 400,
    message: /decisions must name at least one grant/,
  },
  {
    name: 'review with a decision that is neither keep nor revoke',
    op: 'recertify',
    body: { decisions: [{ grantId: 'x', decision: 'maybe' }] },
    status: 400,
    message: /decision must be 'keep' or 'revoke'/,
  },
  {
    name: 'review a grant id that is not one',
    op: 'recertify',
    body: { decisions: [{ grantId: 'not!a!grant', decision: 'keep' }] },
    status: 400,
    message: /is not an aks-access grant id/,
  },
  {
    name: 'review the same grant twice in one batch',
    op: 'recertify',
    body: {
      decisions: [
        { grantId: 'eyJ4IjoxfQ', decision: 'keep' },
        { grantId: 'eyJ4IjoxfQ', decision: 'revoke' },
      ],
    },
    status: 400,
    message: /more than once/,
  },
  {
    name: "review another team's grant",
    op: 'recertify',
    body: {
      // Read when the request is sent, after beforeAll found it.
      get decisions() {
        return [{ grantId: world.theirGrantId, decision: 'keep' }];
      },
    },
    status: 403,
    message:
      /Not allowed: aks-access\.grant\.review on component:default\/checkout-web/,
  },
  {
    name: 'review a cluster-wide binding',
    op: 'recertify',
    body: {
      decisions: [
        {
          grantId: encodeGrantId({
            cluster: DEV,
            source: 'ClusterRoleBinding',
            id: 'authenticated-viewers',
          }),
          decision: 'keep',
        },
      ],
    },
    status: 400,
    message:
      /is a cluster-wide ClusterRoleBinding, which belongs to no one entity's namespace/,
  },
];

describe('bad input to the write routes', () => {
  const sandbox = new SandboxOnDisk();
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  function call(
    op: Operation,
    body: BadCase['body'],
    user: string | null = ALICE,
    route?: BadCase['route'],
    header?: string,
  ) {
    let req = route
      ? request(backend.server)[route.method](`/api/aks-access${route.path()}`)
      : request(backend.server).post(`/api/aks-access${PATHS[op]}`);
    if (header) req = req.set('authorization', header);
    else if (user)
      req = req.set('authorization', mockCredentials.user.header(user));
    if (route && route.method !== 'post') return req;
    if ('raw' in body && 'contentType' in body) {
      return req.set('content-type', body.contentType).send(body.raw);
    }
    return req.send(body);
  }

  async function ok(op: Operation, body: object, user = ALICE) {
    const res = await call(op, body, user);
    if (res.status !== 200) {
      throw new Error(
        `setup ${op} answered ${res.status}: ${JSON.stringify(res.body)}`,
      );
    }
    return res;
  }

  beforeAll(async () => {
    const catalog = entities();
    backend = await startTestBackend({
      features: [
        aksAccessPlugin,
        aksAccessModuleSandbox,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            aksAccess: {
              sandbox: { enabled: true, dataDir: sandbox.dataDir },
              policy: examplePolicy(),
            },
          },
        }),
        catalogServiceMock.factory({ entities: catalog }),
        ownershipPermissions(catalog),
        // As in production: a request without a token has no credentials.
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });

    await ok('onboard', onboard({ namespace: OURS }));
    await ok(
      'onboard',
      onboard({
        namespace: THEIRS,
        entityRef: CHECKOUT_WEB,
        owner: 'group:default/team-checkout',
      }),
      BOB,
    );
    await ok(
      'federate',
      federate({
        namespace: THEIRS,
        entityRef: CHECKOUT_WEB,
        serviceAccount: 'web',
        identityName: THEIR_IDENTITY,
      }),
      BOB,
    );
    const theirs = await ok(
      'grant',
      grant({ namespace: THEIRS, principal: 'group:default/team-checkout' }),
      BOB,
    );
    world.theirGrantId = theirs.body.grantId;
    const pending = await ok(
      'request',
      accessRequest({
        principal: 'group:default/team-checkout',
        level: 'write',
      }),
      BOB,
    );
    world.pendingRequestId = pending.body.request.id;
    const assignments = Object.values(sandbox.state().roleAssignments);
    world.clusterUser = assignments.find(
      a =>
        a.scope === PROD_ID &&
        a.principalId === demoWorld.DEMO_GROUPS.teamPayments.objectId,
    )!.name;
    world.keyVaultRole = assignments.find(a => a.scope === KEYVAULT)!.name;
    world.theirClientId = Object.values(sandbox.state().identities).find(
      i => i.name === THEIR_IDENTITY,
    )!.clientId;
    // Alice's team writes in its namespace with kubectl, as the guide sets up...
    await ok(
      'grant',
      grant({ principal: 'group:default/team-payments', level: 'write' }),
    );
    // ...and names bob's identity, whose client id every page shows.
    await sandbox
      .kubeConfigFor(PROD, 'alice')
      .makeApiClient(CoreV1Api)
      .createNamespacedServiceAccount({
        namespace: OURS,
        body: {
          metadata: {
            name: 'stolen',
            annotations: {
              'azure.workload.identity/client-id': world.theirClientId,
            },
          },
        },
      });
    // An existing namespace, onboarded for its entity: adopted.
    await ok(
      'onboard',
      onboard({
        cluster: DEV,
        namespace: 'payments-worker',
        entityRef: 'component:default/payments-worker',
      }),
    );
    for (let i = 1; i <= 20; i++) {
      await ok(
        'federate',
        federate({
          serviceAccount: `sa-${String(i).padStart(2, '0')}`,
          identityName: FULL_IDENTITY,
        }),
      );
    }
  });

  afterAll(async () => {
    await backend?.stop();
    sandbox.remove();
  });

  /** The journal lines written between two snapshots, to show what leaked. */
  function written(before: string, after: string): string[] {
    if (after === before) return [];
    return after.startsWith(before)
      ? after
          .slice(before.length)
          .split('\n')
          .filter(Boolean)
          .map(l => l.slice(0, 300))
      : ['(state rewritten)'];
  }

  it('has enough cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map(c => c.name)).size).toBe(cases.length);
  });

  it.each(cases.map(c => [c.name, c] as const))('%s', async (_name, c) => {
    const before = sandbox.stateBytes();
    const res = await call(
      c.op,
      c.body,
      c.user === undefined ? ALICE : c.user,
      c.route,
      c.header,
    );
    expect({ status: res.status, message: res.body?.error?.message }).toEqual({
      status: c.status,
      message: expect.stringMatching(c.message),
    });
    expect(written(before, sandbox.stateBytes())).toEqual([]);
  });

  it('a valid write does change the snapshot, so the checks above mean something', async () => {
    const before = sandbox.stateBytes();
    await ok('grant', grant());
    expect(written(before, sandbox.stateBytes()).length).toBeGreaterThan(0);

    const again = sandbox.stateBytes();
    const dryRun = await ok('onboard', onboard({ dryRun: true }));
    expect(dryRun.body.changes.length).toBeGreaterThan(0);
    expect(written(again, sandbox.stateBytes())).toEqual([]);
  });
});
