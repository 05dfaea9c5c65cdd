/**
 * A session that ends under a person (401 while they were signed in) brings the sign-in page
 * back without losing what waits in the action queue: kept in storage, not refused with a
 * notice, and sent exactly once by the page that starts after the person signs in again.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IocEvent, SessionInfo } from '@ioc/contract/contract';
import type { Api } from '../../mock-server/api';
import { DEMO_PASSWORD } from '../../mock-server/people';
import { createApiClient } from '../../src/api/client';
import { noteUnauthorized, useSessionStore } from '../../src/session/store';
import { createEventPipeline, type EventPipeline } from '../../src/pipeline/pipeline';
import { call, PINGHU, testApi } from '../mock-server/helpers';
import { fakeNetwork, memoryStorage, until } from './events-fakeNetwork';

const BASE = 'http://mock.test/api/v1';
const DESK = `demo-street-${PINGHU}`;
let api: Api;
let cookie = '';

async function signIn(): Promise<SessionInfo> {
  const res = await call<SessionInfo>(api, '/api/v1/session', {
    body: { login: DESK, password: DEMO_PASSWORD },
  });
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  return res.body;
}

/** The page as a browser runs it: the cookie goes with every request, the client hears 401s. */
async function startPage(): Promise<EventPipeline> {
  const page = createEventPipeline({ client: createApiClient(BASE, null, undefined, noteUnauthorized) });
  await page.startActions();
  return page;
}

beforeEach(() => {
  api = testApi({ lifecycle: false });
  const net = fakeNetwork(api);
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init: RequestInit = {}) =>
    net.fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } }),
  );
  vi.stubGlobal('localStorage', memoryStorage());
});
afterEach(() => {
  api.close();
  vi.unstubAllGlobals();
});

describe('a session that ends', () => {
  it('keeps the waiting action and sends it once after the person signs in again', async () => {
    const ev = (
      await call<IocEvent>(api, '/__mock/events', { body: { regionId: PINGHU, title: '井盖缺失' } })
    ).body;
    await call(api, `/api/v1/events/${ev.id}/actions`, {
      token: 'district-demo',
      body: { action: 'dispatch', toRegionId: PINGHU, clientActionId: `setup-${ev.id}` },
    });
    const person = await signIn();
    useSessionStore.setState({
      person,
      options: { demo: true, demoAccounts: [] },
      signIn: null,
      sessionless: false,
    });
    let page = await startPage();

    // The session ends elsewhere (signed out, idle, disabled); the person acts meanwhile.
    await call(api, '/api/v1/session', { method: 'DELETE', headers: { cookie } });
    page.actions.submit({ eventId: ev.id, action: 'claim', seen: 2 });
    await until(() => page.actions.store.getState().queue[0]?.waiting === true);
    expect(useSessionStore.getState()).toMatchObject({ person: null, signIn: 'expired' });
    expect(page.actions.store.getState().notices).toEqual([]);
    expect(localStorage.length).toBe(1);

    // Signed in again, the page starts afresh: the action goes, once, in the person's name.
    page.stop();
    await signIn();
    useSessionStore.setState({ person, signIn: null });
    page = await startPage();
    await until(() => page.actions.store.getState().queue.length === 0);
    const claims = api.store.get(ev.id)?.history.filter((h) => h.action === 'claim') ?? [];
    expect(claims.map((h) => h.by)).toEqual(['平湖街道坐席']);
    expect(localStorage.length).toBe(0);
    page.stop();
  });
});
