/**
 * The stream client against the hostile injector, without a browser: garbage frames are
 * counted (never dropped silently), duplicated and replayed frames are held once, and a
 * connection that only sends headers is never shown as live.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withHostility } from '../../mock-server/hostile';
import { createApiClient } from '../../src/api/client';
import { EventStream } from '../../src/api/stream';
import {
  flushEvents,
  latestUpdatedAt,
  resetEvents,
  ingestEvents,
  MAX_SETTLED,
  useEventsStore,
} from '../../src/state/events';
import { call, PINGHU, testApi } from '../mock-server/helpers';
import { fakeNetwork, until } from './events-fakeNetwork';

const BASE = 'http://mock.test/api/v1';
let stream: EventStream | undefined;
const phases: string[] = [];
const held = () => {
  flushEvents();
  return useEventsStore.getState().byId;
};

function open(api: ReturnType<typeof withHostility>, heartbeatMs = 15_000) {
  vi.stubGlobal('fetch', fakeNetwork(api).fetch);
  stream = new EventStream({
    client: createApiClient(BASE, null),
    region: null,
    heartbeatMs,
    maxBackoffMs: 200,
    onEvents: ingestEvents,
    onConnection: (c) => {
      if (c.phase) phases.push(c.phase);
      useEventsStore.getState().setConnection(c);
    },
    latestUpdatedAt,
  });
  stream.start();
}

afterEach(() => {
  stream?.stop();
  stream = undefined;
  phases.length = 0;
  resetEvents();
  vi.unstubAllGlobals();
});

describe('the stream client on a hostile stream', () => {
  it('counts garbage frames in the connection state and keeps applying good ones', async () => {
    const api = withHostility(testApi());
    api.hostility.set({ case: 'stream-garbage' });
    open(api);
    await until(() => useEventsStore.getState().connection.phase === 'live', 5000, 'live');
    const ev = (await call<{ id: string }>(api, '/__mock/events', { body: { regionId: PINGHU } })).body;
    await until(() => held().has(ev.id), 5000, 'the new event');
    expect(useEventsStore.getState().connection.skipped).toBeGreaterThan(0);
    api.close();
  });

  it('holds each event once when frames come twice and replayed', async () => {
    const api = withHostility(testApi());
    api.hostility.set({ case: 'stream-duplicates' });
    open(api);
    await until(() => useEventsStore.getState().connection.phase === 'live', 5000, 'live');
    for (let i = 0; i < 5; i++) await call(api, '/__mock/events', { body: { regionId: PINGHU } });
    // Every open event, and the latest settled ones up to the client's bound.
    const unsettled = [...api.store.values()].filter((e) => e.status !== 'resolved' && e.status !== 'closed');
    const expected = Math.min(api.store.size, unsettled.length + MAX_SETTLED);
    await until(() => held().size >= expected, 5000, 'all events');
    expect(unsettled.every((e) => held().has(e.id))).toBe(true);
    expect(held().size).toBeLessThanOrEqual(unsettled.length + MAX_SETTLED * 1.1);
    expect(useEventsStore.getState().connection.skipped).toBe(0);
    api.close();
  });

  it('never calls a connection that only sent headers live', async () => {
    const api = withHostility(testApi());
    api.hostility.set({ case: 'stream-stall' });
    open(api, 100);
    await new Promise((r) => setTimeout(r, 1200));
    expect(phases).not.toContain('live');
    api.hostility.clear();
    await until(() => useEventsStore.getState().connection.phase === 'live', 5000, 'live once it flows');
    api.close();
  });
});
