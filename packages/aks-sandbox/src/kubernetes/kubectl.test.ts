import { spawn } from 'node:child_process';
import path from 'node:path';
import { DEMO_GROUPS } from '../seed/demoWorld';
import { RunningSandbox, startSandbox } from '../startSandbox';
import { Kubectl, kubectlFor } from './__testUtils__/kubectl';

jest.setTimeout(60_000);

let sandbox: RunningSandbox;
let kubectl: Kubectl;
const dev = '--context=aks-dev-neu-admin';
const prod = '--context=aks-prod-weu-admin';

beforeAll(async () => {
  sandbox = await startSandbox();
  kubectl = kubectlFor(sandbox);
});
afterAll(() => sandbox.stop());

// The guide's (shared/seed) Role and RoleBinding, with the apiGroup Kubernetes requires.
const guide = (ns: string, subject: string) => `
apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  namespace: ${ns}
  name: pod-reader
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get", "watch", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read-pods
  namespace: ${ns}
subjects:
${subject}
roleRef:
  kind: Role
  name: pod-reader
  apiGroup: rbac.authorization.k8s.io
`;

const canI = async (...args: string[]) =>
  (await kubectl([dev, 'auth', 'can-i', ...args])).stdout.trim();

describe('kubectl against the sandbox', () => {
  it('gets the seeded namespaces and bindings', async () => {
    const ns = await kubectl([dev, 'get', 'ns', '-o', 'name']);
    expect(ns.stdout).toContain('namespace/payments-api');
    const rb = await kubectl([
      dev,
      'get',
      'rolebinding',
      '-n',
      'checkout-web',
      'aks-access-write-b5ce08fe',
      '-o',
      'json',
    ]);
    expect(JSON.parse(rb.stdout).subjects).toContainEqual({
      kind: 'User',
      name: 'bob@contoso.example',
      apiGroup: 'rbac.authorization.k8s.io',
    });
  });

  it('applies the guide client-side, then answers can-i as RBAC prescribes', async () => {
    const manifest = guide(
      'guide-mynamespace',
      `  - kind: Group\n    name: team-x\n    apiGroup: rbac.authorization.k8s.io`,
    );
    expect(
      (await kubectl([dev, 'apply', '-f', '-'], manifest)).stdout,
    ).toContain('rolebinding.rbac.authorization.k8s.io/read-pods created');
    expect(
      (await kubectl([dev, 'apply', '-f', '-'], manifest)).stdout,
    ).toContain('rolebinding.rbac.authorization.k8s.io/read-pods unchanged');
    expect(
      await canI(
        'list',
        'pods',
        '-n',
        'guide-mynamespace',
        '--as=someone',
        '--as-group=team-x',
      ),
    ).toBe('yes');
    expect(
      await canI(
        'create',
        'pods',
        '-n',
        'guide-mynamespace',
        '--as=someone',
        '--as-group=team-x',
      ),
    ).toBe('no');
    // everyone authenticated may view (the seeded authenticated-viewers binding), but not read secrets
    expect(await canI('list', 'pods', '-n', 'default', '--as=someone')).toBe(
      'yes',
    );
    expect(
      await canI(
        'get',
        'secrets',
        '-n',
        'default',
        '--as=someone',
        '--as-group=team-x',
      ),
    ).toBe('no');
  });

  it('refuses the guide variant whose Group subject has apiGroup ""', async () => {
    const result = await kubectl(
      [dev, 'apply', '-f', '-'],
      guide('guide-bad', `  - kind: Group\n    name: team-x\n    apiGroup: ""`),
    );
    expect(result.stderr).toContain(
      'subjects[0].apiGroup: Unsupported value: "": supported values: "rbac.authorization.k8s.io"',
    );
  });

  it('applies server-side, idempotently', async () => {
    const manifest = guide(
      'guide-ssa',
      `  - kind: User\n    name: erin@contoso.example\n    apiGroup: rbac.authorization.k8s.io`,
    );
    expect(
      (await kubectl([dev, 'apply', '--server-side', '-f', '-'], manifest))
        .code,
    ).toBe(0);
    const before = JSON.parse(
      (
        await kubectl([
          dev,
          'get',
          'rolebinding',
          'read-pods',
          '-n',
          'guide-ssa',
          '-o',
          'json',
        ])
      ).stdout,
    );
    expect(
      (await kubectl([dev, 'apply', '--server-side', '-f', '-'], manifest))
        .code,
    ).toBe(0);
    const after = JSON.parse(
      (
        await kubectl([
          dev,
          'get',
          'rolebinding',
          'read-pods',
          '-n',
          'guide-ssa',
          '-o',
          'json',
        ])
      ).stdout,
    );
    expect(after.metadata.resourceVersion).toBe(
      before.metadata.resourceVersion,
    );
    expect(
      await canI(
        'watch',
        'pods',
        '-n',
        'guide-ssa',
        '--as=erin@contoso.example',
      ),
    ).toBe('yes');
  });

  it('answers can-i for the seeded ClusterRoleBinding and annotated ServiceAccount', async () => {
    const checkout = DEMO_GROUPS.teamCheckout.objectId;
    expect(
      await canI(
        'delete',
        'namespaces',
        '--as=bob@contoso.example',
        `--as-group=${checkout}`,
      ),
    ).toBe('yes');
    expect(
      await canI(
        'delete',
        'namespaces',
        '--as=carol@contoso.example',
        `--as-group=${DEMO_GROUPS.teamData.objectId}`,
      ),
    ).toBe('no');
    expect(
      await canI(
        'list',
        'serviceaccounts',
        '-n',
        'payments-worker',
        '--as=system:serviceaccount:payments-worker:worker',
      ),
    ).toBe('yes');
    expect(
      await canI(
        'create',
        'serviceaccounts',
        '-n',
        'payments-worker',
        '--as=system:serviceaccount:payments-worker:worker',
      ),
    ).toBe('no');
    const sa = JSON.parse(
      (
        await kubectl([
          dev,
          'get',
          'sa',
          'worker',
          '-n',
          'payments-worker',
          '-o',
          'json',
        ])
      ).stdout,
    );
    expect(
      sa.metadata.annotations['azure.workload.identity/client-id'],
    ).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('applies Azure RBAC on the azure-rbac cluster', async () => {
    const asUser = (user: string, ...args: string[]) =>
      kubectl([
        `--context=aks-prod-weu-${user}`,
        'auth',
        'can-i',
        ...args,
      ]).then(r => r.stdout.trim());
    // team-checkout has RBAC Reader at …/namespaces/checkout-api only
    expect(await asUser('bob', 'list', 'pods', '-n', 'checkout-api')).toBe(
      'yes',
    );
    expect(await asUser('bob', 'create', 'pods', '-n', 'checkout-api')).toBe(
      'no',
    );
    expect(await asUser('bob', 'list', 'pods', '-n', 'payments-api')).toBe(
      'no',
    );
    // team-data inherits RBAC Reader from the resource group
    expect(await asUser('carol', 'list', 'pods', '-n', 'payments-api')).toBe(
      'yes',
    );
    const denied = await kubectl([
      '--context=aks-prod-weu-bob',
      'get',
      'pods',
      '-n',
      'payments-api',
    ]);
    expect(denied.stderr).toContain(
      'pods is forbidden: User "bob@contoso.example" cannot list resource "pods" in API group "" in the namespace "payments-api"',
    );
  });

  it('refuses to let an edit user grant admin (RBAC escalation check)', async () => {
    const alice = await kubectl([
      '--context=aks-dev-neu-alice',
      'create',
      'rolebinding',
      'grab',
      '--clusterrole=admin',
      '--user=alice@contoso.example',
      '-n',
      'payments-api',
    ]);
    expect(alice.stderr).toContain('is forbidden');
    // Even with create on rolebindings, the binding may not grant what the author lacks.
    await kubectl([
      dev,
      'create',
      'role',
      'binder',
      '--verb=create',
      '--resource=rolebindings.rbac.authorization.k8s.io',
      '-n',
      'payments-api',
    ]);
    await kubectl([
      dev,
      'create',
      'rolebinding',
      'binder',
      '--role=binder',
      '--user=alice@contoso.example',
      '-n',
      'payments-api',
    ]);
    const escalation = await kubectl([
      '--context=aks-dev-neu-alice',
      'create',
      'rolebinding',
      'grab',
      '--clusterrole=admin',
      '--user=alice@contoso.example',
      '-n',
      'payments-api',
    ]);
    expect(escalation.stderr).toContain(
      'is attempting to grant RBAC permissions not currently held',
    );
    const allowed = await kubectl([
      '--context=aks-dev-neu-alice',
      'create',
      'rolebinding',
      'share-view',
      '--clusterrole=view',
      '--user=erin@contoso.example',
      '-n',
      'payments-api',
    ]);
    expect(allowed.code).toBe(0);
  });

  it('deletes a namespace with its contents', async () => {
    await kubectl(
      [dev, 'apply', '-f', '-'],
      guide(
        'guide-delete',
        `  - kind: User\n    name: x\n    apiGroup: rbac.authorization.k8s.io`,
      ),
    );
    expect((await kubectl([dev, 'delete', 'ns', 'guide-delete'])).code).toBe(0);
    expect(
      (
        await kubectl([
          dev,
          'get',
          'rolebinding',
          'read-pods',
          '-n',
          'guide-delete',
        ])
      ).stderr,
    ).toContain('NotFound');
  });

  it('streams changes to kubectl get -w', async () => {
    const child = spawn(
      'kubectl',
      [prod, 'get', 'ns', '-w', '--output-watch-events'],
      {
        env: {
          ...process.env,
          KUBECONFIG: path.join(kubectl.dir, 'kubeconfig'),
          HOME: kubectl.dir,
        },
      },
    );
    let out = '';
    child.stdout.on('data', d => (out += d));
    await new Promise(r => setTimeout(r, 1500));
    await kubectl([prod, 'create', 'ns', 'watched-ns']);
    await new Promise(r => setTimeout(r, 1000));
    child.kill();
    expect(out).toMatch(/ADDED\s+checkout-api\s+Active/);
    expect(out).toMatch(/ADDED\s+watched-ns\s+Active/);
  });

  it('validates names with the real message', async () => {
    const result = await kubectl([prod, 'create', 'ns', 'Bad_Name']);
    expect(result.stderr).toContain(
      `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'`,
    );
  });
});

/*
 * One manifest of every kind the sandbox serves, for `kubectl create -f`
 * with validation on (kubectl's default, `--validate=strict`). kubectl
 * validates kinds that have a PATCH endpoint on the server
 * (`fieldValidation=Strict`, found in /openapi/v3), and the access reviews,
 * which have none, itself against the /openapi/v2 definitions.
 */
const NS = 'kinds-validated';
const rbac = 'rbac.authorization.k8s.io/v1';
const KINDS: Array<[kind: string, manifest: Record<string, unknown>]> = [
  [
    'Namespace',
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
  ],
  [
    'ServiceAccount',
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'api', namespace: NS },
    },
  ],
  [
    'ResourceQuota',
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'quota', namespace: NS },
      spec: { hard: { pods: '10', 'requests.cpu': '2' } },
    },
  ],
  [
    'LimitRange',
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'limits', namespace: NS },
      spec: {
        limits: [
          {
            type: 'Container',
            default: { cpu: '500m' },
            defaultRequest: { cpu: 100 },
          },
        ],
      },
    },
  ],
  [
    'Pod',
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: NS },
      spec: {
        containers: [
          { name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] },
        ],
      },
    },
  ],
  [
    'Secret',
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds', namespace: NS },
      type: 'Opaque',
      stringData: { password: 'hunter2' },
    },
  ],
  [
    'ConfigMap',
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: NS },
      data: { level: 'debug' },
    },
  ],
  [
    'Role',
    {
      apiVersion: rbac,
      kind: 'Role',
      metadata: { name: 'reader', namespace: NS },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
    },
  ],
  [
    'RoleBinding',
    {
      apiVersion: rbac,
      kind: 'RoleBinding',
      metadata: { name: 'readers', namespace: NS },
      subjects: [
        {
          kind: 'Group',
          name: 'team-x',
          apiGroup: 'rbac.authorization.k8s.io',
        },
      ],
      roleRef: {
        kind: 'Role',
        name: 'reader',
        apiGroup: 'rbac.authorization.k8s.io',
      },
    },
  ],
  [
    'ClusterRole',
    {
      apiVersion: rbac,
      kind: 'ClusterRole',
      metadata: { name: `${NS}-viewer` },
      rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get'] }],
    },
  ],
  [
    'ClusterRoleBinding',
    {
      apiVersion: rbac,
      kind: 'ClusterRoleBinding',
      metadata: { name: `${NS}-viewers` },
      subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: NS }],
      roleRef: {
        kind: 'ClusterRole',
        name: `${NS}-viewer`,
        apiGroup: 'rbac.authorization.k8s.io',
      },
    },
  ],
  [
    'NetworkPolicy',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny-ingress', namespace: NS },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ ports: [{ port: 8080, protocol: 'TCP' }] }],
      },
    },
  ],
  [
    'SubjectAccessReview',
    {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user: 'bob@contoso.example',
        groups: ['team-x'],
        resourceAttributes: { namespace: NS, verb: 'list', resource: 'pods' },
      },
    },
  ],
  [
    'SelfSubjectAccessReview',
    {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: {
        resourceAttributes: { namespace: NS, verb: 'get', resource: 'secrets' },
      },
    },
  ],
  [
    'SelfSubjectRulesReview',
    {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectRulesReview',
      spec: { namespace: NS },
    },
  ],
  [
    'LocalSubjectAccessReview',
    {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'LocalSubjectAccessReview',
      metadata: { namespace: NS },
      spec: {
        user: 'bob@contoso.example',
        resourceAttributes: {
          namespace: NS,
          verb: 'get',
          resource: 'configmaps',
        },
      },
    },
  ],
];
const REVIEWS = new Set([
  'SubjectAccessReview',
  'SelfSubjectAccessReview',
  'SelfSubjectRulesReview',
  'LocalSubjectAccessReview',
]);

describe('kubectl create -f, validating', () => {
  it("refuses an unknown field of every kind with kubectl's message, then creates each kind", async () => {
    const results = [];
    for (const [kind, manifest] of KINDS) {
      const refused = await kubectl(
        [dev, 'create', '-f', '-'],
        JSON.stringify({ ...manifest, bogus: true }),
      );
      const created = await kubectl(
        [dev, 'create', '-f', '-'],
        JSON.stringify(manifest),
      );
      results.push({
        kind,
        refused: {
          code: refused.code,
          // The sandbox leaves out the decoder's `<Kind> in version "v1" cannot be handled as a <Kind>: `.
          stderr: refused.stderr
            .trim()
            .replace(
              /(error when creating "STDIN": ).*?(strict decoding error)/,
              '$1$2',
            ),
        },
        created: { code: created.code, stderr: created.stderr.trim() },
      });
    }
    expect(results).toEqual(
      KINDS.map(([kind]) => {
        const qualified = REVIEWS.has(kind)
          ? `io.k8s.api.authorization.v1.${kind}`
          : undefined;
        return {
          kind,
          refused: {
            code: 1,
            stderr: qualified
              ? // client-side, against /openapi/v2
                `error: error validating "STDIN": error validating data: ValidationError(${kind}): unknown field "bogus" in ${qualified}; if you choose to ignore these errors, turn validation off with --validate=false`
              : // server-side, fieldValidation=Strict
                'Error from server (BadRequest): error when creating "STDIN": strict decoding error: unknown field "bogus"',
          },
          created: { code: 0, stderr: '' },
        };
      }),
    );
  });

  it('names a nested unknown field by its path and schema', async () => {
    const review = KINDS.find(([k]) => k === 'SubjectAccessReview')![1] as any;
    const typo = {
      ...review,
      spec: {
        ...review.spec,
        resourceAttributes: {
          ...review.spec.resourceAttributes,
          verbs: ['get'],
        },
      },
    };
    const result = await kubectl(
      [dev, 'create', '-f', '-'],
      JSON.stringify(typo),
    );
    expect(result.stderr.trim()).toBe(
      'error: error validating "STDIN": error validating data: ValidationError(SubjectAccessReview.spec.resourceAttributes): unknown field "verbs" in io.k8s.api.authorization.v1.ResourceAttributes; if you choose to ignore these errors, turn validation off with --validate=false',
    );
    const rb = KINDS.find(([k]) => k === 'RoleBinding')![1] as any;
    const bad = await kubectl(
      [dev, 'create', '-f', '-'],
      JSON.stringify({
        ...rb,
        metadata: { name: 'readers-2', namespace: NS },
        subjects: [{ ...rb.subjects[0], namespaces: 'x' }],
      }),
    );
    expect(bad.stderr).toContain(
      'strict decoding error: unknown field "subjects[0].namespaces"',
    );
  });

  it('needs list on CRDs to validate a review client-side, as on a real cluster', async () => {
    // kubectl asks whether a kind missing from /openapi/v2's PATCH paths is
    // custom (kubernetes/kubernetes#116245); alice may not list CRDs.
    const review = JSON.stringify(
      KINDS.find(([k]) => k === 'SelfSubjectAccessReview')![1],
    );
    const alice = '--context=aks-dev-neu-alice';
    expect(
      (await kubectl([alice, 'create', '-f', '-'], review)).stderr,
    ).toContain(
      'error validating data: failed to check CRD: failed to list CRDs: customresourcedefinitions.apiextensions.k8s.io is forbidden: User "alice@contoso.example" cannot list resource "customresourcedefinitions" in API group "apiextensions.k8s.io" at the cluster scope',
    );
    expect(
      (await kubectl([alice, 'create', '--validate=false', '-f', '-'], review))
        .code,
    ).toBe(0);
  });

  it('answers a review created from a manifest', async () => {
    const review = KINDS.find(([k]) => k === 'SubjectAccessReview')![1];
    const result = await kubectl(
      [dev, 'create', '-f', '-', '-o', 'json'],
      JSON.stringify(review),
    );
    expect(JSON.parse(result.stdout).status).toMatchObject({ allowed: true });
  });
});
