import { kubernetesSubjectSchema } from './kubernetesSubject';

describe('kubernetesSubjectSchema', () => {
  it.each([
    {
      kind: 'Group',
      name: '36de95c4-6add-4d6b-93df-ab3071bc225f',
      apiGroup: 'rbac.authorization.k8s.io',
    },
    {
      kind: 'User',
      name: 'alice@contoso.example',
      apiGroup: 'rbac.authorization.k8s.io',
    },
    { kind: 'ServiceAccount', name: 'payments-api', namespace: 'payments' },
    {
      kind: 'ServiceAccount',
      name: 'payments-api',
      namespace: 'payments',
      apiGroup: '',
    },
  ])('accepts %j', subject => {
    expect(kubernetesSubjectSchema.safeParse(subject).success).toBe(true);
  });

  it.each([
    // the guide's step 3.4
    [
      { kind: 'Group', name: 'g', apiGroup: '' },
      'a Group subject must have apiGroup "rbac.authorization.k8s.io"',
    ],
    [
      { kind: 'Group', name: 'g' },
      'a Group subject must have apiGroup "rbac.authorization.k8s.io"',
    ],
    [
      { kind: 'User', name: 'u', apiGroup: 'rbac.authorization.k8s.io/v1' },
      'a User subject must have apiGroup "rbac.authorization.k8s.io"',
    ],
    [
      {
        kind: 'ServiceAccount',
        name: 'sa',
        namespace: 'ns',
        apiGroup: 'rbac.authorization.k8s.io',
      },
      'a ServiceAccount subject must have apiGroup ""',
    ],
    [{ kind: 'ServiceAccount', name: 'sa' }, 'Required'],
    [
      { kind: 'Group', name: '', apiGroup: 'rbac.authorization.k8s.io' },
      'subject name must not be empty',
    ],
    [
      { kind: 'group', name: 'g', apiGroup: 'rbac.authorization.k8s.io' },
      'subject kind must be Group, User or ServiceAccount',
    ],
    [
      {
        kind: 'Group',
        name: 'g',
        apiGroup: 'rbac.authorization.k8s.io',
        namespace: 'ns',
      },
      "Unrecognized key(s) in object: 'namespace'",
    ],
  ])('refuses %j', (subject, message) => {
    const result = kubernetesSubjectSchema.safeParse(subject);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map(i => i.message).join('; ')).toContain(
      message,
    );
  });
});
