/**
 * Sign-in in the in-browser demo: the mock answers in the server's shapes for the demo
 * accounts and their public password, and keeps sessions under a cookie as the server does.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { IocEvent } from '@ioc/contract/contract';
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

  it('keeps a session under its cookie: who it is, their street, their name in the history', async () => {
    const signIn = await call(api, '/api/v1/session', {
      body: { login: `demo-street-${PINGHU}`, password: DEMO_PASSWORD },
    });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(cookie).toMatch(/^ioc_session=[0-9a-f]{36}$/u);
    expect(signIn.headers.get('set-cookie')).toContain('HttpOnly');
    const headers = { cookie };
    const who = await call<SessionInfo>(api, '/api/v1/session', { headers });
    expect(who.body).toMatchObject({ name: '平湖街道坐席', regionId: PINGHU });

    const list = await call<{ items: IocEvent[] }>(api, '/api/v1/events?limit=200', { headers });
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((e) => e.regionId === PINGHU)).toBe(true);
    const mine = list.body.items.find((e) => e.status === 'dispatched' && e.assignee?.level === 'street');
    expect(mine, 'an event waiting at the street desk').toBeDefined();
    if (mine) {
      const done = await call<IocEvent>(api, `/api/v1/events/${mine.id}/actions`, {
        headers,
        body: { action: 'claim', clientActionId: 'mock-session-claim-1' },
      });
      expect(done.status).toBe(200);
      expect(done.body.history.at(-1)?.by).toBe('平湖街道坐席');
    }

    // A wall's account reads only; signing out ends the session.
    const wall = await call(api, '/api/v1/session', {
      body: { login: 'demo-wall', password: DEMO_PASSWORD },
    });
    const wallCookie = { cookie: (wall.headers.get('set-cookie') ?? '').split(';')[0] as string };
    const any = list.body.items[0] as IocEvent;
    const refused = await call(api, `/api/v1/events/${any.id}/actions`, {
      headers: wallCookie,
      body: { action: 'claim', clientActionId: 'mock-session-wall-1' },
    });
    expect(refused.status).toBe(403);
    // As on the server: a malformed attempt is the same refusal, before its body is read.
    const malformed = await call(api, `/api/v1/events/${any.id}/actions`, {
      headers: wallCookie,
      body: { action: 'dispatch', toRegionId: 42 },
    });
    expect(malformed.status).toBe(403);
    expect((await call(api, '/api/v1/session', { method: 'DELETE', headers })).status).toBe(204);
    expect((await call(api, '/api/v1/session', { headers })).status).toBe(401);
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
