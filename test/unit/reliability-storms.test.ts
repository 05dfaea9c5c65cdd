/**
 * The stream and the event list against round two of the hostile injector, without a
 * browser: a list whose cursor never ends stops and says so, a list answered by a proxy's
 * HTML page fails in words while the stream stays live, and a stream that opens and closes
 * at once (saying retry: 0) is retried ever more slowly while the list loads regardless.
 * Real time: each case runs a few seconds of the real backoff.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Api } from '../../mock-server/api';
import { withHostility } from '../../mock-server/hostile';
import { BACKOFF } from '../../src/api/backoff';
import { createApiClient } from '../../src/api/client';
import type { ApiProblem } from '../../src/api/errors';
import type { ListState } from '../../src/api/eventLoader';
import { EventStream } from '../../src/api/stream';
import {
  flushEvents,
  ingestEvents,
  latestUpdatedAt,
  resetEvents,
  useEventsStore,
} from '../../src/state/events';
import { testApi } from '../mock-server/helpers';
import { type FakeNetwork, fakeNetwork, until } from './events-fakeNetwork';

const BASE = 'http://mock.test/api/v1';
let stream: EventStream | undefined;
let net: FakeNetwork;
let list: ListState = { phase: 'loading', problem: null };

function open(api: ReturnType<typeof withHostility>, maxBackoffMs?: number) {
  net = fakeNetwork(api);
  vi.stubGlobal('fetch', net.fetch);
  stream = new EventStream({
    client: createApiClient(BASE, null),
    region: null,
    heartbeatMs: 15_000,
    ...(maxBackoffMs ? { maxBackoffMs } : {}),
    onEvents: ingestEvents,
    onConnection: (c) => useEventsStore.getState().setConnection(c),
    onList: (s) => {
      list = s;
    },
    latestUpdatedAt,
  });
  stream.start();
}

const requests = (path: RegExp) => net.requests.filter((r) => path.test(r.url.pathname)).length;
const phase = () => useEventsStore.getState().connection.phase;
const held = () => {
  flushEvents();
  return useEventsStore.getState().byId.size;
};
const openEvents = (api: Api) =>
  [...api.store.values()].filter((e) => e.status !== 'resolved' && e.status !== 'closed').length;

afterEach(() => {
  stream?.stop();
  stream = undefined;
  list = { phase: 'loading', problem: null };
  resetEvents();
  vi.unstubAllGlobals();
});

describe('the event list and the stream on round-two faults', () => {
  it('stops at a cursor that repeats, says so, keeps what it got, and recovers when paging is sane', async () => {
    const api = withHostility(testApi());
    api.hostility.set({ case: 'storm-cursor', path: '^/events$' });
    // A list that never ends waits the longest step before it tries again: a second, here.
    open(api, 1000);
    await until(() => list.phase === 'failed', 3000, 'the list to fail');
    expect((list.problem as ApiProblem).kind).toBe('paging');
    // The stream is live all the same, and the first page's events are shown.
    await until(() => phase() === 'live', 3000, 'live');
    expect(held()).toBeGreaterThan(0);
    const asked = requests(/\/events$/);
    await new Promise((r) => setTimeout(r, 1500));
    // Two pages a try (the second repeats the cursor), a try every 0.75–1 s: not a storm.
    expect(requests(/\/events$/) - asked).toBeLessThanOrEqual(4);
    api.hostility.clear();
    await until(() => list.phase === 'ready', 6000, 'the list to recover');
    expect(held()).toBeGreaterThanOrEqual(openEvents(api));
    api.close();
  }, 15_000);

  it("fails the list in words on a proxy's 502 page while the stream is live, and recovers", async () => {
    const api = withHostility(testApi());
    api.hostility.set({ case: 'html', status: 502, path: '^/events$' });
    open(api);
    await until(() => list.phase === 'failed' && phase() === 'live', 3000, 'failed list, live stream');
    const problem = list.problem as ApiProblem;
    expect([problem.kind, problem.status, problem.serverMessage]).toEqual(['server', 502, undefined]);
    expect(held()).toBe(0);
    api.hostility.clear();
    await until(() => list.phase === 'ready', 6000, 'the list to recover');
    expect(held()).toBeGreaterThanOrEqual(openEvents(api));
    expect(phase()).toBe('live');
    api.close();
  }, 15_000);

  it('retries a stream that flaps with retry: 0 ever more slowly, says so, and loads the list regardless', async () => {
    const api = withHostility(testApi());
    api.hostility.set({ case: 'stream-flap', afterMs: 100, retry: 0 });
    open(api);
    const started = Date.now();
    await until(() => useEventsStore.getState().connection.flaps >= 3, 8000, 'flapping reported');
    // Waits of 1 s, then 3 s, each shortened by at most the jitter: the third connection
    // ends three to four seconds in, not 300 ms in.
    const { baseMs, factor, jitter } = BACKOFF;
    expect(Date.now() - started).toBeGreaterThanOrEqual((1 - jitter) * (baseMs + baseMs * factor));
    expect(requests(/\/events\/stream$/)).toBeLessThanOrEqual(3);
    // The list loaded although no connection lived long.
    await until(() => list.phase === 'ready', 3000, 'the list');
    expect(held()).toBeGreaterThanOrEqual(openEvents(api));
    // Each connection asks the list for what changed meanwhile: no more than one per connection.
    expect(requests(/\/events$/)).toBeLessThanOrEqual(requests(/\/events\/stream$/) + 3);
    api.close();
  }, 15_000);
});
