import {
  api,
  useBackendOnSandboxOnDisk,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

jest.setTimeout(120_000);

/*
 * The guide's practical exercise (a namespace, pod-reader access for an Entra
 * group, and the group can list pods) done through the REST API the template
 * actions call, then checked the way the guide checks it: as a group member.
 */
describe("the guide's practical exercise", () => {
  const onDisk = useBackendOnSandboxOnDisk();
  const { sandbox } = onDisk;
  const namespace = 'mynamespace';

  async function exercise(cluster: string) {
    const alice = api(onDisk.backend);
    const onboarded = await alice.post('/namespaces', {
      cluster,
      namespace,
      entityRef: 'component:default/payments-api',
      owner: 'group:default/team-payments',
    });
    expect(onboarded.status).toBe(200);
    for (const [principal, level] of [
      ['group:default/team-payments', 'admin'],
      ['group:default/payments-readers', 'read'],
    ]) {
      const granted = await alice.post('/grants', {
        cluster,
        namespace,
        principal,
        level,
      });
      expect(granted.status).toBe(200);
    }
  }

  it('on the Azure RBAC cluster, the readers group can list pods and not delete them', async () => {
    const cluster = 'aks-prod-weu';
    expect(await sandbox.canI(cluster, 'erin', 'list', 'pods', namespace)).toBe(
      false,
    );
    await exercise(cluster);
    // erin is in payments-readers, the guide's "<aad-group-name>".
    expect(await sandbox.canI(cluster, 'erin', 'list', 'pods', namespace)).toBe(
      true,
    );
    expect(
      await sandbox.canI(cluster, 'erin', 'delete', 'pods', namespace),
    ).toBe(false);
    expect(
      await sandbox.canI(cluster, 'erin', 'list', 'pods', 'checkout-api'),
    ).toBe(false);
    expect(
      await sandbox.canI(cluster, 'alice', 'delete', 'pods', namespace),
    ).toBe(true);
  });

  it('on the Kubernetes RBAC cluster, the same, and the federated SA gets a token', async () => {
    const cluster = 'aks-dev-neu';
    const alice = api(onDisk.backend);
    await exercise(cluster);
    // The seed's authenticated-viewers binding already lets everyone read, so
    // the grant's own effect shows in what erin still cannot do.
    expect(await sandbox.canI(cluster, 'erin', 'list', 'pods', namespace)).toBe(
      true,
    );
    expect(
      await sandbox.canI(cluster, 'erin', 'delete', 'pods', namespace),
    ).toBe(false);
    expect(
      await sandbox.canI(cluster, 'alice', 'delete', 'pods', namespace),
    ).toBe(true);

    const federated = await alice.post('/workload-identities', {
      cluster,
      namespace,
      serviceAccount: 'app',
      entityRef: 'component:default/payments-api',
      identityName: 'id-mynamespace-app',
    });
    expect(federated.status).toBe(200);
    const other = await alice.post('/workload-identities', {
      cluster,
      namespace,
      serviceAccount: 'other',
      entityRef: 'component:default/payments-api',
      identityName: 'id-mynamespace-other',
    });
    expect(other.status).toBe(200);

    const exchanged = await sandbox.exchangeAsPod(
      cluster,
      namespace,
      'app',
      federated.body.clientId,
    );
    expect(exchanged.status).toBe(200);
    expect(exchanged.body.access_token).toBeTruthy();

    const refused = await sandbox.exchangeAsPod(
      cluster,
      namespace,
      'other',
      federated.body.clientId,
    );
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/AADSTS70021/);
  });
});
