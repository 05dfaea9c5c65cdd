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
import type { IocEvent } from '@ioc/contract/contract';
import { EventLoader, type ListPhase, type ListState } from '../../src/api/eventLoader';
import { EventStream } from '../../src/api/stream';
import { createLiveEvents } from '../../src/pipeline/events';
import { testApi } from '../mock-server/helpers';
import { type FakeNetwork, fakeNetwork, until } from './events-fakeNetwork';

const BASE = 'http://mock.test/api/v1';
let stream: EventStream | undefined;
let live = createLiveEvents();
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
    onEvents: live.ingest,
    onConnection: live.setConnection,
    onList: (s) => {
      list = s;
    },
    latestUpdatedAt: live.latestUpdatedAt,
  });
  stream.start();
}

const requests = (path: RegExp) => net.requests.filter((r) => path.test(r.url.pathname)).length;
const phase = () => live.store.getState().connection.phase;
const held = () => {
  live.flush();
  return live.store.getState().byId.size;
};
const openEvents = (api: Api) =>
  [...api.store.values()].filter((e) => e.status !== 'resolved' && e.status !== 'closed').length;

afterEach(() => {
  stream?.stop();
  stream = undefined;
  list = { phase: 'loading', problem: null };
  live.dispose();
  live = createLiveEvents();
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
    await until(() => live.store.getState().connection.flaps >= 3, 8000, 'flapping reported');
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

describe('a long list', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const T0 = Date.parse('2026-11-22T09:30:00+08:00');
  const event = (n: number): IocEvent => {
    const at = new Date(T0 - n * 60_000).toISOString();
    return {
      id: `E${String(n).padStart(4, '0')}`,
      source: '12345',
      category: 'general-complaint',
      title: `事件 ${n}`,
      description: '',
      severity: 1,
      status: 'reported',
      regionId: '440307001',
      location: [114.1, 22.7],
      reportedAt: at,
      dueAt: new Date(T0 + 86_400_000).toISOString(),
      updatedAt: at,
      history: [{ at, action: 'report', by: 'test', fromStatus: null, toStatus: 'reported' }],
    };
  };

  it('loads 50 pages of open events at the speed the API answers, each page once', async () => {
    // An API that answers 20 events a page, whatever limit is asked: 1,000 open events.
    const PAGE = 20;
    const PAGES = 50;
    const open = Array.from({ length: PAGE * PAGES }, (_, n) => event(n));
    const asked: { status: string; cursor: string | null }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) => {
        const url = new URL(String(input));
        const status = url.searchParams.get('status') ?? '';
        const cursor = url.searchParams.get('cursor');
        asked.push({ status, cursor });
        if (status.includes('resolved')) return Response.json({ items: [], nextCursor: null });
        const n = cursor === null ? 0 : Number(cursor.slice(1));
        const items = open.slice(n * PAGE, (n + 1) * PAGE);
        return Response.json({ items, nextCursor: n + 1 < PAGES ? `p${n + 1}` : null });
      }),
    );
    // The clock stands still: no budget refills, and a retry's timer never fires. A list
    // that finished did so without waiting on either.
    vi.useFakeTimers();
    const phases: ListPhase[] = [];
    const held = new Set<string>();
    let ended: () => void = () => {};
    const end = new Promise<void>((resolve) => {
      ended = resolve;
    });
    const loader = new EventLoader({
      client: createApiClient(BASE, null),
      region: null,
      settledWindow: 100,
      onEvents: (events) => {
        for (const e of events) held.add(e.id);
      },
      onSkip: () => {},
      onList: (state) => {
        phases.push(state.phase);
        ended();
      },
      latestUpdatedAt: () => null,
      yieldIfLong: async () => {},
    });
    try {
      loader.cover(Date.now());
      await end;
    } finally {
      loader.stop();
    }
    expect(phases).toEqual(['ready']);
    expect(held.size).toBe(PAGE * PAGES);
    const openPages = asked.filter((a) => !a.status.includes('resolved')).map((a) => a.cursor);
    expect(openPages).toEqual([null, ...Array.from({ length: PAGES - 1 }, (_, n) => `p${n + 1}`)]);
    expect(asked.filter((a) => a.status.includes('resolved'))).toHaveLength(1);
  });
});
