/** The same api behind MSW (msw/node here; the browser build uses msw/browser with these handlers). */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventPage, IocEvent, LayerCatalog } from '@ioc/contract/contract';
import { mockHandlers } from '../../mock-server/handlers';
import { PINGHU, SseReader, testApi } from './helpers';

const api = testApi();
const server = setupServer(...mockHandlers(api));
const BASE = 'http://ioc.example.test/some/base/api/v1';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => {
  server.close();
  api.close();
});

describe('mockHandlers', () => {
  it('serves the API under any base path', async () => {
    const res = await fetch(`${BASE}/layers`);
    expect(res.status).toBe(200);
    expect(LayerCatalog.parse(await res.json())).toHaveLength(6);
    const err = await fetch(`${BASE}/layers/nope/features`);
    expect(err.status).toBe(404);
  });

  it('carries hostile injected text verbatim as data, and the state counters', async () => {
    const hostile = '<img src=x onerror=alert(1)>\u202e\r\n}{"x":1}';
    const res = await fetch('http://ioc.example.test/__mock/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: hostile,
        description: hostile,
        severity: 4,
        communityId: `${PINGHU}003`,
      }),
    });
    expect(res.status).toBe(201);
    const ev = IocEvent.parse(await res.json());
    expect(ev).toMatchObject({
      title: hostile,
      severity: 4,
      regionId: PINGHU,
      communityId: `${PINGHU}003`,
      status: 'reported',
    });
    const page = EventPage.parse(await (await fetch(`${BASE}/events?limit=1`)).json());
    expect(page.items[0]?.id).toBe(ev.id);
    const state = (await (await fetch('http://ioc.example.test/__mock/state')).json()) as Record<
      string,
      unknown
    >;
    expect(state).toMatchObject({
      seq: api.store.seq,
      events: api.store.size,
      seed: 20261122,
      layerScale: 1,
      eventRate: 1,
    });
    const bad = await fetch('http://ioc.example.test/__mock/events', {
      method: 'POST',
      body: JSON.stringify({ severity: 9 }),
    });
    expect(bad.status).toBe(400);
  });

  it('streams SSE through MSW', async () => {
    const res = await fetch(`${BASE}/events/stream`, {
      headers: { 'last-event-id': String(api.store.seq - 3) },
    });
    const sse = new SseReader(res.body!);
    await sse.readUntil(() => sse.upserts().length >= 3);
    expect(sse.upserts().map((u) => u.seq)).toEqual([api.store.seq - 2, api.store.seq - 1, api.store.seq]);
    // msw/node tees mocked responses, and a teed stream's cancel() settles only when both
    // branches cancel, so it is not awaited here. (The browser worker skips the tee for
    // text/event-stream; the server also drops streams nobody reads.)
    void sse.cancel();
  });
});
