import request from 'supertest';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { aksAccessPermissions } from '@aks-access/plugin-aks-access-common';
import {
  startAksAccessTestBackend,
  examplePolicy,
} from '@aks-access/plugin-aks-access-backend-module-sandbox/testUtils';

jest.setTimeout(120_000);

const MALLORY = 'user:default/mallory';
const onboard = {
  cluster: 'aks-dev-neu',
  namespace: 'permissions-probe',
  entityRef: 'component:default/payments-api',
  owner: 'group:default/team-payments',
  dryRun: true,
};

type TestBackend = Awaited<ReturnType<typeof startAksAccessTestBackend>>;

/** A dry-run onboarding as alice, the write every case below tries. */
const writeAsAlice = (backend: TestBackend) =>
  request(backend.server)
    .post('/api/aks-access/namespaces')
    .set('authorization', mockCredentials.user.header())
    .send(onboard);

describe('permissions, end to end', () => {
  describe('with the permission framework on', () => {
    let backend: TestBackend;
    beforeAll(async () => {
      backend = await startAksAccessTestBackend({
        aksAccess: { policy: examplePolicy() },
        deniedUsers: [MALLORY],
        // As in production: a request without a token has no credentials.
        features: [
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
        ],
      });
    });
    afterAll(() => backend.stop());
    const as = (user: string) => mockCredentials.user.header(user);

    it('registers every aks-access permission with the permissions registry', async () => {
      const res = await request(backend.server)
        .get('/api/aks-access/.well-known/backstage/permissions/metadata')
        .set('authorization', mockCredentials.service.header());
      expect(res.status).toBe(200);
      expect(res.body.permissions.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining(aksAccessPermissions.map(p => p.name)),
      );
    });

    it('keeps GET /clusters and POST /access-reviews open to signed-in callers, as the routes say, and closed to anonymous ones', async () => {
      const review = {
        cluster: 'aks-dev-neu',
        namespace: 'payments-api',
        principal: 'group:default/team-payments',
        verb: 'get',
        resource: 'pods',
      };
      const clusters = await request(backend.server)
        .get('/api/aks-access/clusters')
        .set('authorization', as(MALLORY));
      expect(clusters.status).toBe(200);
      const reviewed = await request(backend.server)
        .post('/api/aks-access/access-reviews')
        .set('authorization', as(MALLORY))
        .send(review);
      expect(reviewed.body).toMatchObject({ allowed: true });
      // The per-entity view is not open: mallory is denied aks-access.entity.read.
      const view = await request(backend.server)
        .get('/api/aks-access/entities/component/default/payments-api/access')
        .set('authorization', as(MALLORY));
      expect(view.status).toBe(403);
      for (const res of [
        await request(backend.server).get('/api/aks-access/clusters'),
        await request(backend.server)
          .post('/api/aks-access/access-reviews')
          .send(review),
      ]) {
        expect(res.status).toBe(401);
      }
    });

    it('refuses a write with a service token that acts for nobody', async () => {
      const res = await request(backend.server)
        .post('/api/aks-access/namespaces')
        .set('authorization', mockCredentials.service.header())
        .send(onboard);
      expect({ status: res.status, message: res.body.error.message }).toEqual({
        status: 403,
        message: expect.stringMatching(
          /namespace.onboard acts for a signed-in user.*service credentials acting for nobody/,
        ),
      });
    });
  });

  describe('with permission.enabled false', () => {
    it('refuses writes naming the setting, and keeps reads working', async () => {
      const backend = await startAksAccessTestBackend({
        aksAccess: { policy: examplePolicy() },
        permissionEnabled: false,
      });
      try {
        const write = await writeAsAlice(backend);
        expect({
          status: write.status,
          message: write.body.error.message,
        }).toEqual({
          status: 403,
          message: expect.stringMatching(
            /writes are refused because permission.enabled is not true.*aksAccess.allowWritesWithoutPermissions: true/,
          ),
        });
        const read = await request(backend.server)
          .get('/api/aks-access/entities/component/default/payments-api/access')
          .set('authorization', mockCredentials.user.header());
        expect(read.status).toBe(200);
      } finally {
        await backend.stop();
      }
    });

    it('accepts writes when the platform team says so in config', async () => {
      const backend = await startAksAccessTestBackend({
        aksAccess: {
          policy: examplePolicy(),
          allowWritesWithoutPermissions: true,
        },
        permissionEnabled: false,
      });
      try {
        const write = await writeAsAlice(backend);
        expect(write.status).toBe(200);
        expect(write.body.changes.length).toBeGreaterThan(0);
      } finally {
        await backend.stop();
      }
    });
  });
});
