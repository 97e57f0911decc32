import request from 'supertest';
import { startTestBackend } from '@backstage/backend-test-utils';
import { aksAccessPlugin } from './plugin';

describe('aks-access plugin', () => {
  it('answers health without credentials', async () => {
    const { server } = await startTestBackend({ features: [aksAccessPlugin] });
    const res = await request(server).get('/api/aks-access/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});
