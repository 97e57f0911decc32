#!/usr/bin/env node
/*
 * Two replicas, one truth: a standalone sandbox, one PostgreSQL and two
 * backends on the production configuration path (e2e/replicaSet.js). Every
 * write goes to replica A and the next read to replica B, as a load
 * balancer does, and the other way round for an access request's decision.
 * B learns of Kubernetes changes by its own watches, and of Azure changes
 * through the event A publishes on Backstage's event bus. Results go to
 * .replicas-result.json for scripts/test-all.js.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { WebSocket } = require('ws');
const {
  AZURE_CLUSTER,
  KUBERNETES_CLUSTER,
  api,
  guestToken,
  replicaSet,
  visibleAfter,
  waitFor,
} = require('./replicaSet');

const ENTITY = 'component:default/payments-api';
const ENTITY_PATH = '/entities/component/default/payments-api/access';
const VISIBLE_WITHIN_MS = 2000;
const EXPECTED_STEPS = 16;

/** Where two JSON values differ, as paths, for the failure message. */
function differences(a, b, at = '') {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys]
      .flatMap(k => differences(a[k], b[k], `${at}/${k}`))
      .slice(0, 5);
  }
  return [`${at}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`.slice(0, 300)];
}

function within(ms, what) {
  if (ms > VISIBLE_WITHIN_MS)
    throw new Error(`${what} took ${ms} ms, more than ${VISIBLE_WITHIN_MS} ms`);
  return `${ms} ms`;
}

async function main() {
  const results = [];
  const step = async (name, fn) => {
    const started = Date.now();
    try {
      const note = await fn();
      results.push({ name, ok: true, ...(note ? { note } : {}) });
      console.log(`  ✓ ${name} (${note ?? `${Date.now() - started} ms`})`);
    } catch (error) {
      results.push({ name, ok: false, error: String(error.message ?? error) });
      console.log(`  ✗ ${name}: ${error.message ?? error}`);
      throw error;
    }
  };
  const set = replicaSet('replicas');
  const azureNs = `rep-az-${set.run}`.slice(0, 40);
  const kubeNs = `rep-k8s-${set.run}`.slice(0, 40);
  const s = {};
  console.log('two replicas on one PostgreSQL against a standalone sandbox');
  try {
    await set.start(step, [
      Number(process.env.REPLICAS_PORT_A || 7031),
      Number(process.env.REPLICAS_PORT_B || 7032),
    ]);
    const [A, B] = set.replicas;
    const { onA, onB } = set;
    const viewOnB = () => onB('GET', ENTITY_PATH);
    // The view as of now, less the time it was computed at.
    const stateOnB = async () =>
      JSON.stringify({ ...(await viewOnB()), generatedAt: undefined });
    const namespaceIn = (view, name) =>
      (view.namespaces ?? []).find(n => n.namespace === name);
    await step(
      'a managed namespace onboarded on A shows on B, with what ARM holds of it',
      async () => {
        const r = await onA('POST', '/namespaces', {
          cluster: AZURE_CLUSTER,
          namespace: azureNs,
          entityRef: ENTITY,
          owner: 'group:default/team-payments',
        });
        if (
          !r.changes.some(
            c => c.kind === 'managedNamespaces' && c.action === 'create',
          )
        )
          throw new Error(JSON.stringify(r.changes));
        const ms = await visibleAfter(
          'the managed namespace on B',
          viewOnB,
          v => !!namespaceIn(v, azureNs)?.managedNamespace,
        );
        return within(ms, 'the managed namespace');
      },
    );
    await step('an Azure grant made on A shows on B within 2 s', async () => {
      const r = await onA('POST', '/grants', {
        cluster: AZURE_CLUSTER,
        namespace: azureNs,
        principal: 'group:default/payments-readers',
        level: 'read',
      });
      s.azureGrant = r.grantId;
      s.assignment = r.changes.find(
        c => c.kind === 'roleAssignments' && c.action === 'create',
      );
      if (!s.assignment) throw new Error(JSON.stringify(r.changes));
      const ms = await visibleAfter('the Azure grant on B', viewOnB, v =>
        JSON.stringify(v).includes(s.azureGrant),
      );
      return within(ms, 'the Azure grant');
    });
    await step(
      'a Kubernetes grant made on A shows on B within 2 s',
      async () => {
        await onA('POST', '/namespaces', {
          cluster: KUBERNETES_CLUSTER,
          namespace: kubeNs,
          entityRef: ENTITY,
          owner: 'group:default/team-payments',
        });
        const r = await onA('POST', '/grants', {
          cluster: KUBERNETES_CLUSTER,
          namespace: kubeNs,
          principal: 'group:default/payments-readers',
          level: 'read',
        });
        s.kubeGrant = r.grantId;
        const ms = await visibleAfter('the Kubernetes grant on B', viewOnB, v =>
          JSON.stringify(v).includes(s.kubeGrant),
        );
        return within(ms, 'the Kubernetes grant');
      },
    );
    await step(
      'forged events sent to the bus change nothing on B',
      async () => {
        const before = await stateOnB();
        const event = overrides => ({
          version: 1,
          eventId: crypto.randomUUID(),
          origin: 'replicas-e2e-forger',
          cluster: AZURE_CLUSTER,
          namespace: azureNs,
          changes: [
            { kind: 'roleAssignments', id: s.assignment.id, action: 'delete' },
          ],
          identityClientIds: [],
          ...overrides,
        });
        const forged = [
          event(), // the assignment is still there, as ARM says when B asks
          event({ cluster: 'aks-elsewhere' }),
          event({
            changes: [
              {
                kind: 'roleAssignments',
                id: `${s.assignment.id}/../x`,
                action: 'delete',
              },
            ],
          }),
          { not: 'an event' },
        ];
        const dropped = () =>
          (
            fs
              .readFileSync(B.child.log, 'utf8')
              .match(/Dropped (a malformed|change event)/g) ?? []
          ).length;
        const droppedBefore = dropped();
        for (const payload of forged) {
          const res = await fetch(`${B.base}/api/events/bus/v1/events`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${set.serviceToken}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify({
              event: { topic: 'aks-access.changes', payload },
              notifiedSubscribers: [],
            }),
          });
          if (!res.ok)
            throw new Error(
              `the bus answered ${res.status}: ${await res.text()}`,
            );
        }
        await waitFor(
          'B logging the forged events',
          async () => dropped() - droppedBefore >= forged.length,
          15_000,
        );
        const after = await stateOnB();
        if (after !== before)
          throw new Error(
            `B answers differently after the forged events: ${differences(
              JSON.parse(before),
              JSON.parse(after),
            ).join('; ')}`,
          );
        return `${dropped() - droppedBefore} dropped and logged`;
      },
    );
    await step('the Azure revoke on A shows on B within 2 s', async () => {
      await onA('DELETE', `/grants/${encodeURIComponent(s.azureGrant)}`);
      const ms = await visibleAfter(
        'the Azure revoke on B',
        viewOnB,
        v => !JSON.stringify(v).includes(s.azureGrant),
      );
      return within(ms, 'the Azure revoke');
    });
    await step('the Kubernetes revoke on A shows on B within 2 s', async () => {
      await onA('DELETE', `/grants/${encodeURIComponent(s.kubeGrant)}`);
      const ms = await visibleAfter(
        'the Kubernetes revoke on B',
        viewOnB,
        v => !JSON.stringify(v).includes(s.kubeGrant),
      );
      return within(ms, 'the Kubernetes revoke');
    });
    const identityOn = (view, serviceAccount) =>
      view.identities.find(
        i => i.namespace === kubeNs && i.serviceAccount === serviceAccount,
      );
    await step(
      'a workload identity federated on A is healthy on B within 2 s (identity, FIC, role)',
      async () => {
        // The identity, its FIC and its Key Vault role are Azure objects: B
        // reads them because of A's event; the ServiceAccount by watch.
        await onA('POST', '/workload-identities', {
          cluster: KUBERNETES_CLUSTER,
          namespace: kubeNs,
          serviceAccount: 'app',
          entityRef: ENTITY,
          identityName: `id-${kubeNs}-app`,
          azureRoles: [
            {
              role: 'Key Vault Secrets User',
              scope: `/subscriptions/${set.subscriptionId}/resourceGroups/rg-kv-payments/providers/Microsoft.KeyVault/vaults/kv-payments`,
            },
          ],
        });
        const ms = await visibleAfter(
          'the federated identity on B',
          viewOnB,
          v =>
            identityOn(v, 'app')?.health.status === 'healthy' &&
            identityOn(v, 'app').azureRoles.length > 0,
        );
        return within(ms, 'the federated identity');
      },
    );
    await step('its removal on A shows on B within 2 s', async () => {
      await onA(
        'DELETE',
        `/workload-identities/${KUBERNETES_CLUSTER}/${kubeNs}/app`,
      );
      const ms = await visibleAfter(
        'the removed identity on B',
        viewOnB,
        v => !identityOn(v, 'app')?.identity,
      );
      return within(ms, 'the removal');
    });
    await step(
      "alice's access request on A reaches bob's browser on B live (signals cross replicas)",
      async () => {
        // bob (team-checkout) owns checkout-web; his browser's WebSocket is on B.
        s.bobOnB = api(B, await guestToken(B, 'guest-owner'));
        const socket = new WebSocket(
          `${B.base.replace(/^http/, 'ws')}/api/signals`,
          {
            headers: {
              authorization: `Bearer ${await guestToken(B, 'guest-owner')}`,
            },
          },
        );
        await new Promise((resolve, reject) =>
          socket.once('open', resolve).once('error', reject),
        );
        const signal = new Promise(resolve =>
          socket.on('message', data => resolve(JSON.parse(String(data)))),
        );
        socket.send(
          JSON.stringify({ action: 'subscribe', channel: 'notifications' }),
        );
        await new Promise(r => setTimeout(r, 200));
        try {
          // Write on a dev cluster needs the owners' approval.
          const asked = await onA('POST', '/access-requests', {
            cluster: KUBERNETES_CLUSTER,
            namespace: 'checkout-web',
            principal: 'group:default/team-payments',
            level: 'write',
            duration: 'PT1H',
            justification: 'replicas e2e: asked on A, decided on B',
          });
          if (asked.request?.state !== 'pending')
            throw new Error(JSON.stringify(asked));
          s.request = asked.request;
          const started = Date.now();
          const received = await Promise.race([
            signal,
            new Promise(r => setTimeout(r, 10_000)),
          ]);
          if (received?.channel !== 'notifications')
            throw new Error(
              `bob's WebSocket on B got ${
                JSON.stringify(received) ?? 'nothing'
              } in 10 s`,
            );
          return within(Date.now() - started, 'the signal');
        } finally {
          socket.close();
        }
      },
    );
    await step('bob decides it on B, and the grant shows on A', async () => {
      const decided = await s.bobOnB(
        'POST',
        `/access-requests/${s.request.id}/approve`,
        { comment: 'approved on B' },
      );
      const { grantId } = decided.request;
      if (!grantId) throw new Error(JSON.stringify(decided));
      const viewOnA = () =>
        onA('GET', '/entities/component/default/checkout-web/access');
      const ms = await visibleAfter('the approved grant on A', viewOnA, v =>
        JSON.stringify(v).includes(grantId),
      );
      return within(ms, 'the approved grant');
    });
    await step(
      'the expiry sweep ends a grant exactly once (one audit row)',
      async () => {
        // Read on a dev cluster needs no approval: the grant starts now and ends in 5 s.
        const asked = await onB('POST', '/access-requests', {
          cluster: KUBERNETES_CLUSTER,
          namespace: kubeNs,
          principal: 'group:default/team-payments',
          level: 'read',
          duration: 'PT5S',
          justification: 'replicas e2e: expiry',
        });
        if (asked.request?.state !== 'approved')
          throw new Error(JSON.stringify(asked));
        const expired = async () => {
          const { items } = await onB(
            'GET',
            `/audit?entityRef=${encodeURIComponent(ENTITY)}&limit=500`,
          );
          return items.filter(
            e => e.action === 'grant.expire' && e.namespace === kubeNs,
          );
        };
        await waitFor(
          'the expiry sweep',
          async () => (await expired()).length > 0,
          90_000,
          undefined,
          1000,
        );
        // Both replicas schedule the sweep: wait past two more of its rounds.
        await new Promise(r => setTimeout(r, 35_000));
        const rows = await expired();
        if (rows.length !== 1)
          throw new Error(`${rows.length} grant.expire audit rows`);
        const view = JSON.stringify(await viewOnB());
        if (view.includes(asked.request.grantId))
          throw new Error('B still lists the expired grant');
        return 'one grant.expire row';
      },
    );
    await step(
      'neither replica warns that the events backend is missing, and every subscriber is on the bus',
      async () => {
        for (const { name, child } of set.replicas) {
          const log = fs.readFileSync(child.log, 'utf8');
          const line = log
            .split('\n')
            .find(l => /events backend not found/.test(l));
          if (line) throw new Error(`replica ${name}: ${line.slice(0, 300)}`);
          if (!/using database store/.test(log))
            throw new Error(
              `replica ${name}'s events backend is not on PostgreSQL`,
            );
          // Every plugin that subscribes has its subscription on the bus:
          // it made it (201), or, for one the replicas share, such as the
          // catalog's, polls the one another replica made (200 or 202).
          for (const subscriber of [
            'catalog.catalog',
            'signals.',
            'aks-access.changes-',
          ]) {
            const route = `/api/events/bus/v1/subscriptions/${subscriber}`;
            const onBus = log
              .split('\n')
              .some(
                l =>
                  (l.includes(`PUT ${route}`) && l.includes('HTTP/1.1" 201')) ||
                  (l.includes(`GET ${route}`) &&
                    /\/events HTTP\/1\.1" 20[02]/.test(l)),
              );
            if (!onBus)
              throw new Error(
                `replica ${name}: no ${subscriber}… subscription on the bus`,
              );
          }
        }
      },
    );
  } catch {
    // recorded by step()
  } finally {
    await set.close();
  }
  const passed = results.filter(r => r.ok).length;
  const failed =
    results.length - passed + Math.max(0, EXPECTED_STEPS - results.length);
  fs.writeFileSync(
    path.join(__dirname, '.replicas-result.json'),
    JSON.stringify({ passed, failed, results }, null, 2),
  );
  console.log(`replicas: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
