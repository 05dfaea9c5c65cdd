/**
 * Operator actions: shown at once, sent once (idempotent on clientActionId even when an
 * answer is lost), kept across a reload while the API is down, rolled back with a reason
 * when the API refuses.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Api } from '../../mock-server/api';
import { createApiClient } from '../../src/api/client';
import type { IocEvent } from '@ioc/contract/contract';
import { projectEvent } from '../../src/pipeline/actions';
import { createEventPipeline, type EventPipeline } from '../../src/pipeline/pipeline';
import { BANTIAN, call, PINGHU, testApi } from '../mock-server/helpers';
import { type FakeNetwork, fakeNetwork, memoryStorage, until } from './events-fakeNetwork';

const BASE = 'http://mock.test/api/v1';
let api: Api & { clock: { now(): number } };
let net: FakeNetwork;
let page: EventPipeline;

/** A page of a street console: its own pipeline, its memory empty; storage is the browser's. */
function newPage(): EventPipeline {
  return createEventPipeline({ client: createApiClient(BASE, `street-${PINGHU}`) });
}

/** An event in Pinghu, dispatched to Pinghu and claimed: a street operator may resolve it. */
async function handlingInPinghu(title = '井盖缺失'): Promise<IocEvent> {
  const ev = (await call<IocEvent>(api, '/__mock/events', { body: { regionId: PINGHU, title } })).body;
  for (const [action, extra] of [
    ['dispatch', { toRegionId: PINGHU }],
    ['claim', {}],
  ] as const) {
    const res = await call(api, `/api/v1/events/${ev.id}/actions`, {
      token: 'district-demo',
      body: { action, clientActionId: `setup-${action}-${ev.id}`, ...extra },
    });
    expect(res.status).toBe(200);
  }
  const now = api.store.get(ev.id)!;
  page.events.ingest([now]);
  page.events.flush();
  return now;
}

const shown = (id: string) =>
  projectEvent(page.events.store.getState().byId.get(id)!, page.actions.store.getState().queue);
const resolves = (id: string) => api.store.get(id)!.history.filter((h) => h.action === 'resolve');
const queueEmpty = () => page.actions.store.getState().queue.length === 0;

beforeEach(async () => {
  api = testApi({ lifecycle: false });
  net = fakeNetwork(api);
  vi.stubGlobal('fetch', net.fetch);
  vi.stubGlobal('localStorage', memoryStorage());
  page = newPage();
  await page.startActions();
});
afterEach(() => {
  page.stop();
  api.close();
  vi.unstubAllGlobals();
});

describe('action queue', () => {
  it('shows the action at once and then the API’s copy of the event', async () => {
    const ev = await handlingInPinghu();
    const id = page.actions.submit({ eventId: ev.id, action: 'resolve', seen: ev.history.length });
    expect(id?.length).toBeGreaterThanOrEqual(8);
    expect(shown(ev.id).status).toBe('resolved'); // before any answer
    await until(queueEmpty);
    expect(page.events.store.getState().byId.get(ev.id)?.status).toBe('resolved');
    expect(resolves(ev.id)).toHaveLength(1);
    expect(resolves(ev.id)[0]?.by).toBe(`street-${PINGHU}`);
  });

  it('retries an action whose answer was lost, and the API applies it once', async () => {
    const ev = await handlingInPinghu();
    net.loseNextAnswer();
    page.actions.submit({ eventId: ev.id, action: 'resolve', seen: ev.history.length });
    await until(() => page.actions.store.getState().queue[0]?.waiting === true);
    expect(resolves(ev.id)).toHaveLength(1); // applied, but the client does not know
    page.retryActions();
    await until(queueEmpty);
    const posts = net.requests.filter((r) => r.method === 'POST');
    expect(posts.length).toBe(2);
    expect(resolves(ev.id)).toHaveLength(1);
    expect(api.store.get(ev.id)?.status).toBe('resolved');
  });

  it('keeps an action taken while the API is down across a reload and sends it when it is back', async () => {
    const ev = await handlingInPinghu();
    net.kill();
    page.actions.submit({ eventId: ev.id, action: 'resolve', seen: ev.history.length });
    await until(() => page.actions.store.getState().queue[0]?.waiting === true);
    expect(shown(ev.id).status).toBe('resolved');
    expect(localStorage.length).toBe(1);

    // Reload: memory is gone, the storage is not.
    page.stop();
    page = newPage();
    expect(page.actions.store.getState().queue).toEqual([]);
    net.revive();
    await page.startActions();
    expect(page.actions.store.getState().queue).toHaveLength(1);
    await until(queueEmpty);
    expect(resolves(ev.id)).toHaveLength(1);
    expect(localStorage.length).toBe(0);
  });

  it('never erases the waiting action of another console open in the same browser', async () => {
    const theirs = await handlingInPinghu('路灯不亮');
    const mine = await handlingInPinghu();
    net.kill();
    // Another tab's resolve, waiting in the storage both tabs share.
    const key = `ioc.pendingActions.v1:${BASE}`;
    const other = {
      clientActionId: 'other-tab-resolve',
      eventId: theirs.id,
      action: 'resolve',
      queuedAt: Date.now(),
      attempts: 1,
      waiting: true,
    };
    localStorage.setItem(key, JSON.stringify([other]));
    page.actions.submit({ eventId: mine.id, action: 'resolve', seen: mine.history.length });
    await until(() => page.actions.store.getState().queue[0]?.waiting === true);
    const stored = () =>
      (JSON.parse(localStorage.getItem(key) ?? '[]') as { clientActionId: string }[]).map(
        (a) => a.clientActionId,
      );
    expect(stored()).toContain('other-tab-resolve');
    expect(stored()).toHaveLength(2);
    net.revive();
    page.retryActions();
    await until(queueEmpty);
    expect(resolves(mine.id)).toHaveLength(1);
    // This tab is done with its own; the other tab's is still there for it (or a reload) to send.
    expect(stored()).toEqual(['other-tab-resolve']);
    page.stop();
    page = newPage();
    await page.startActions();
    await until(queueEmpty);
    expect(resolves(theirs.id)).toHaveLength(1);
    expect(localStorage.getItem(key)).toBeNull();
  });

  it('rolls an action the event no longer allows (409) back and says why', async () => {
    const ev = await handlingInPinghu();
    // Someone else resolves it; this console has not heard yet.
    await call(api, `/api/v1/events/${ev.id}/actions`, {
      body: { action: 'resolve', clientActionId: `other-${ev.id}` },
    });
    page.actions.submit({ eventId: ev.id, action: 'resolve', seen: ev.history.length });
    expect(shown(ev.id).status).toBe('resolved'); // optimistic
    await until(queueEmpty);
    expect(shown(ev.id).status).toBe('handling'); // rolled back to what this console knew
    const [notice] = page.actions.store.getState().notices;
    expect(notice).toMatchObject({ eventId: ev.id, action: 'resolve', kind: 'conflict', status: 409 });
    expect(resolves(ev.id)).toHaveLength(1);
  });

  it('sends the version of the event its operator saw, kept with the action while it waits', async () => {
    const ev = await handlingInPinghu();
    net.kill();
    page.actions.submit({ eventId: ev.id, action: 'resolve', seen: ev.history.length });
    await until(() => page.actions.store.getState().queue[0]?.waiting === true);
    expect(page.actions.store.getState().queue[0]?.version).toBe(3);
    // A reload keeps it: the retry still says which version the decision was made on.
    page.stop();
    page = newPage();
    net.revive();
    await page.startActions();
    expect(page.actions.store.getState().queue[0]?.version).toBe(3);
    await until(queueEmpty);
    const posts = net.requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body ?? '{}'));
    expect(posts.at(-1)).toMatchObject({ action: 'resolve', expectedVersion: 3 });
    expect(resolves(ev.id)).toHaveLength(1);
  });

  it('never applies an action over a change its operator has not seen (409, with the server’s reason)', async () => {
    const ev = await handlingInPinghu();
    // The district escalates it; the status stays `handling`, so only the version tells.
    const escalated = await call(api, `/api/v1/events/${ev.id}/actions`, {
      token: 'district-demo',
      body: { action: 'escalate', clientActionId: `esc-${ev.id}` },
    });
    expect(escalated.status).toBe(200);
    page.actions.submit({ eventId: ev.id, action: 'resolve', seen: ev.history.length });
    await until(queueEmpty);
    expect(resolves(ev.id)).toHaveLength(0);
    expect(api.store.get(ev.id)?.history.at(-1)?.action).toBe('escalate');
    const [notice] = page.actions.store.getState().notices;
    expect(notice).toMatchObject({ eventId: ev.id, action: 'resolve', kind: 'conflict', status: 409 });
    expect(notice?.serverMessage).toContain('escalate by district-demo');
  });

  it('shows nothing for an action the status does not allow', async () => {
    const ev = await handlingInPinghu();
    expect(
      projectEvent(ev, [
        {
          clientActionId: 'x'.repeat(8),
          eventId: ev.id,
          action: 'close',
          queuedAt: 0,
          attempts: 0,
          waiting: false,
        },
      ]).status,
    ).toBe('handling');
  });

  it("rolls back an action on another street's event (403): the API decides, not the UI", async () => {
    const other = (
      await call<IocEvent>(api, '/__mock/events', { body: { regionId: BANTIAN, title: '坂田' } })
    ).body;
    page.events.ingest([other]);
    page.events.flush();
    page.actions.submit({ eventId: other.id, action: 'dispatch', toRegionId: `${PINGHU}001`, seen: 1 });
    await until(queueEmpty);
    expect(page.actions.store.getState().notices[0]).toMatchObject({ kind: 'forbidden', status: 403 });
    expect(shown(other.id).status).toBe('reported');
    expect(api.store.get(other.id)?.history).toHaveLength(1);
  });

  it('sends actions on one event in order: a claim reaches the API before its resolve', async () => {
    const ev = (await call<IocEvent>(api, '/__mock/events', { body: { regionId: PINGHU } })).body;
    await call(api, `/api/v1/events/${ev.id}/actions`, {
      body: { action: 'dispatch', toRegionId: PINGHU, clientActionId: `d-${ev.id}` },
    });
    page.events.ingest([api.store.get(ev.id)!]);
    page.events.flush();
    net.kill();
    // Both decided on the dispatched event (version 2): the resolve counts the claim before it.
    page.actions.submit({ eventId: ev.id, action: 'claim', seen: 2 });
    page.actions.submit({ eventId: ev.id, action: 'resolve', seen: 2 });
    expect(shown(ev.id).status).toBe('resolved');
    net.revive();
    page.retryActions();
    await until(queueEmpty);
    expect(api.store.get(ev.id)?.history.map((h) => h.action)).toEqual([
      'report',
      'dispatch',
      'claim',
      'resolve',
    ]);
    expect(page.actions.store.getState().notices).toEqual([]);
  });
});
