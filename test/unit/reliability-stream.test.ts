/**
 * The stream client against the hostile injector, without a browser: garbage frames are
 * counted (never dropped silently), duplicated and replayed frames are held once, a
 * connection that only sends headers is never shown as live, and a stream waiting out a
 * long backoff after an outage tries again once another request to the API succeeds.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withHostility } from '../../mock-server/hostile';
import { createApiClient } from '../../src/api/client';
import { Meta } from '@ioc/contract/contract';
import { RequestDiscipline } from '../../src/api/discipline';
import { ApiProblem } from '../../src/api/errors';
import { EventStream } from '../../src/api/stream';
import { createLiveEvents, MAX_SETTLED } from '../../src/pipeline/events';
import { call, PINGHU, testApi } from '../mock-server/helpers';
import { type FakeNetwork, fakeNetwork, until } from './events-fakeNetwork';

const BASE = 'http://mock.test/api/v1';
let stream: EventStream | undefined;
let live = createLiveEvents();
const phases: string[] = [];
const held = () => {
  live.flush();
  return live.store.getState().byId;
};

function open(api: ReturnType<typeof withHostility>, heartbeatMs = 15_000) {
  vi.stubGlobal('fetch', fakeNetwork(api).fetch);
  stream = new EventStream({
    client: createApiClient(BASE, null),
    region: null,
    heartbeatMs,
    maxBackoffMs: 200,
    onEvents: live.ingest,
    onConnection: (c) => {
      if (c.phase) phases.push(c.phase);
      live.setConnection(c);
    },
    latestUpdatedAt: live.latestUpdatedAt,
  });
  stream.start();
}

afterEach(() => {
  stream?.stop();
  stream = undefined;
  phases.length = 0;
  live.dispose();
  live = createLiveEvents();
  vi.unstubAllGlobals();
});

describe('the stream client on a hostile stream', () => {
  it('counts garbage frames in the connection state and keeps applying good ones', async () => {
    const api = withHostility(testApi());
    api.hostility.set({ case: 'stream-garbage' });
    open(api);
    await until(() => live.store.getState().connection.phase === 'live', 5000, 'live');
    const ev = (await call<{ id: string }>(api, '/__mock/events', { body: { regionId: PINGHU } })).body;
    await until(() => held().has(ev.id), 5000, 'the new event');
    expect(live.store.getState().connection.skipped).toBeGreaterThan(0);
    api.close();
  });

  it('holds each event once when frames come twice and replayed', async () => {
    const api = withHostility(testApi());
    api.hostility.set({ case: 'stream-duplicates' });
    open(api);
    await until(() => live.store.getState().connection.phase === 'live', 5000, 'live');
    for (let i = 0; i < 5; i++) await call(api, '/__mock/events', { body: { regionId: PINGHU } });
    // Every open event, and the latest settled ones up to the client's bound.
    const unsettled = [...api.store.values()].filter((e) => e.status !== 'resolved' && e.status !== 'closed');
    const expected = Math.min(api.store.size, unsettled.length + MAX_SETTLED);
    await until(() => held().size >= expected, 5000, 'all events');
    expect(unsettled.every((e) => held().has(e.id))).toBe(true);
    expect(held().size).toBeLessThanOrEqual(unsettled.length + MAX_SETTLED * 1.1);
    expect(live.store.getState().connection.skipped).toBe(0);
    api.close();
  });

  it('never calls a connection that only sent headers live', async () => {
    const api = withHostility(testApi());
    api.hostility.set({ case: 'stream-stall' });
    open(api, 100);
    await new Promise((r) => setTimeout(r, 1200));
    expect(phases).not.toContain('live');
    api.hostility.clear();
    await until(() => live.store.getState().connection.phase === 'live', 5000, 'live once it flows');
    api.close();
  });
});

describe('the stream after an outage', () => {
  it('tries again as soon as another request reaches the API, not after the rest of its backoff', async () => {
    const api = withHostility(testApi());
    const net: FakeNetwork = fakeNetwork(api);
    vi.stubGlobal('fetch', net.fetch);
    // No jitter: the stream's waits are exactly 1 s, 3 s, 9 s…; a held path waits 1 s.
    const client = createApiClient(BASE, null, new RequestDiscipline(Date.now, () => 0));
    const tries = () => net.requests.filter((r) => r.url.pathname.endsWith('/events/stream')).length;
    stream = new EventStream({
      client,
      region: null,
      heartbeatMs: 15_000,
      random: () => 0,
      onEvents: live.ingest,
      onConnection: live.setConnection,
      latestUpdatedAt: live.latestUpdatedAt,
    });
    stream.start();
    await until(() => live.store.getState().connection.phase === 'live', 5000, 'live');
    const before = tries();
    net.kill(); // the API is gone
    // The drop, then two tries that reach nothing: the stream now waits 9 s.
    await until(() => tries() === before + 2, 20_000, 'two failed tries');
    const sleeping = Date.now();
    // A panel's request fails meanwhile, for want of the API.
    await expect(client.get('/meta', Meta)).rejects.toMatchObject({ kind: 'network' });
    net.revive(); // the API is back
    await new Promise((r) => setTimeout(r, 1100)); // the panel's path is held for 1 s
    await client.get('/meta', Meta);
    // The stream heard that the API answers: it connects now, not 9 s after it began to wait.
    await until(() => tries() === before + 3, 5000, 'the next try');
    expect(Date.now() - sleeping).toBeLessThan(6000);
    await until(() => live.store.getState().connection.phase === 'live', 5000, 'live again');
    api.close();
  }, 60_000);

  it('is not woken early when it was dropped at once, not unreachable', async () => {
    const api = withHostility(testApi());
    api.hostility.set({ case: 'stream-flap', afterMs: 50, retry: 0 });
    const net: FakeNetwork = fakeNetwork(api);
    vi.stubGlobal('fetch', net.fetch);
    const client = createApiClient(BASE, null, new RequestDiscipline(Date.now, () => 0));
    const tries = () => net.requests.filter((r) => r.url.pathname.endsWith('/events/stream')).length;
    stream = new EventStream({
      client,
      region: null,
      heartbeatMs: 15_000,
      random: () => 0,
      onEvents: live.ingest,
      onConnection: live.setConnection,
      latestUpdatedAt: live.latestUpdatedAt,
    });
    stream.start();
    await until(() => tries() === 3, 8000, 'a third connection');
    // Dropped again, it now waits 9 s. A panel's path that could not reach the API reaches it again…
    client.discipline.failed(`${BASE}/meta`, new ApiProblem('network', `${BASE}/meta`, 'Failed to fetch'));
    await new Promise((r) => setTimeout(r, 1100));
    await client.get('/meta', Meta);
    // …but a flapping stream keeps its slow backoff: no try before the 9 s are up.
    await new Promise((r) => setTimeout(r, 1500));
    expect(tries()).toBe(3);
    api.close();
  }, 20_000);
});
