/**
 * Sign-in in the in-browser demo: the mock answers in the server's shapes (it keeps no
 * sessions, so nobody is ever signed in), for the demo accounts and their public password.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ApiError, SessionInfo, SessionOptions } from '@ioc/contract/contract';
import { DEMO_PASSWORD } from '../../mock-server/people';
import { call, PINGHU, testApi } from './helpers';

const api = testApi();
afterAll(() => api.close());

describe('the mock and people', () => {
  it('GET /session: nobody is signed in (401)', async () => {
    const res = await call(api, '/api/v1/session');
    expect(res.status).toBe(401);
    expect(ApiError.parse(res.body).error.code).toBe('unauthorized');
  });

  it('POST /session answers the demo accounts as the server does; anything else is 401', async () => {
    const desk = await call(api, '/api/v1/session', {
      body: { login: `DEMO-STREET-${PINGHU}`, password: DEMO_PASSWORD },
    });
    expect(desk.status).toBe(200);
    expect(SessionInfo.parse(desk.body)).toMatchObject({
      login: `demo-street-${PINGHU}`,
      name: '平湖街道坐席',
      role: 'street',
      regionId: PINGHU,
      regionName: '平湖街道',
      canAct: true,
    });
    const wall = await call<SessionInfo>(api, '/api/v1/session', {
      body: { login: 'demo-wall', password: DEMO_PASSWORD },
    });
    expect(wall.body).toMatchObject({ role: 'wall', canAct: false });
    const wrong = await call(api, '/api/v1/session', { body: { login: 'demo-wall', password: 'nope' } });
    const unknown = await call(api, '/api/v1/session', {
      body: { login: 'nobody', password: DEMO_PASSWORD },
    });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(unknown.body).toEqual(wrong.body);
    expect((await call(api, '/api/v1/session', { body: { login: 'x' } })).status).toBe(400);
    expect((await call(api, '/api/v1/session', { method: 'DELETE' })).status).toBe(204);
  });

  it('GET /session/options lists the demo accounts', async () => {
    const options = SessionOptions.parse((await call(api, '/api/v1/session/options')).body);
    expect(options).toMatchObject({ demo: true, demoPassword: DEMO_PASSWORD });
    expect(options.demoAccounts.map((a) => a.login)).toEqual([
      'demo-district',
      ...Array.from({ length: 11 }, (_, i) => `demo-street-4403070${String(i + 1).padStart(2, '0')}`),
      'demo-planner',
      'demo-wall',
    ]);
  });
});
