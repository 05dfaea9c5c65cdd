/**
 * The stream client against the in-process mock api behind a network the test can cut:
 * first load, live upserts, resume with Last-Event-ID, back-fill after a reset or a
 * restart that lost the log, the watchdog, and the street binding.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Api } from '../../mock-server/api';
import { eventInScope } from '@ioc/domain/events/scope';
import { createApiClient } from '../../src/api/client';
import type { IocEvent } from '@ioc/contract/contract';
import { EventStream } from '../../src/api/stream';
import { type ConnectionState, createLiveEvents, type LiveEvents } from '../../src/pipeline/events';
import { BANTIAN, call, fakeClock, PINGHU, testApi } from '../mock-server/helpers';
import { type FakeNetwork, fakeNetwork, until } from './events-fakeNetwork';

const BASE = 'http://mock.test/api/v1';
let apis: Api[] = [];
let stream: EventStream | undefined;
let live: LiveEvents;
let net: FakeNetwork;
/** Every (seq, id) the client was handed from the stream, in order. */
let frames: { seq: number; id: string }[] = [];
let phases: ConnectionState['phase'][] = [];

function world(options: Parameters<typeof testApi>[0] = {}) {
  const api = testApi(options);
  apis.push(api);
  return api;
}

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

function open(
  api: Api,
  opts: { token?: string; region?: string; heartbeatMs?: number; staleAfterMs?: number } = {},
  /** Puts something between the client and the (fake) network. */
  wrap: (real: Fetch) => Fetch = (real) => real,
) {
  net = fakeNetwork(api);
  vi.stubGlobal('fetch', wrap(net.fetch));
  stream = new EventStream({
    client: createApiClient(BASE, opts.token ?? null),
    region: opts.region ?? null,
    heartbeatMs: opts.heartbeatMs ?? 15_000,
    staleAfterMs: opts.staleAfterMs ?? 10_000,
    maxBackoffMs: 200,
    onEvents: (events, seq) => {
      if (seq !== null) for (const e of events) frames.push({ seq, id: e.id });
      live.ingest(events, seq);
    },
    onConnection: (c) => {
      if (c.phase) phases.push(c.phase);
      live.setConnection(c);
    },
    latestUpdatedAt: live.latestUpdatedAt,
  });
  stream.start();
  return net;
}

const held = (id: string): IocEvent | undefined => {
  live.flush();
  return live.store.getState().byId.get(id);
};
const isLive = () => live.store.getState().connection.phase === 'live';

async function inject(api: Api, regionId: string, title = '测试事件'): Promise<IocEvent> {
  const res = await call<IocEvent>(api, '/__mock/events', { body: { regionId, title } });
  return res.body;
}

/** The client holds every open event the api has, each at the api's latest version. */
function expectInSync(api: Api, keep: (ev: IocEvent) => boolean = () => true): void {
  live.flush();
  const mine = live.store.getState().byId;
  let open = 0;
  for (const ev of api.store.values()) {
    if (!keep(ev) || ev.status === 'closed' || ev.status === 'resolved') continue;
    open++;
    expect(mine.get(ev.id)?.updatedAt, ev.id).toBe(ev.updatedAt);
    expect(mine.get(ev.id)?.history.length, ev.id).toBe(ev.history.length);
  }
  expect(open).toBeGreaterThan(10);
}

beforeEach(() => {
  live = createLiveEvents();
  frames = [];
  phases = [];
});
afterEach(() => {
  stream?.stop();
  stream = undefined;
  live.dispose();
  for (const a of apis) a.close();
  apis = [];
  vi.unstubAllGlobals();
});

describe('EventStream', () => {
  it('loads every open event and a window of settled ones, then says it is live', async () => {
    const api = world();
    open(api);
    await until(isLive, 5000, 'live');
    expectInSync(api);
    live.flush();
    const settled = [...live.store.getState().byId.values()].filter((e) => e.status === 'closed');
    expect(settled.length).toBeGreaterThan(0);
    expect(phases).toEqual(['connecting', 'live']);
  });

  it('skips and counts a broken event in a page of GET /events, and keeps the rest of the page', async () => {
    const api = world();
    // The first open event of each page of GET /events comes with a severity of "x", and so
    // does every later copy of it (the catch-up after the stream opens lists it again).
    const broken = new Set<string>();
    let corrupted = 0;
    open(api, {}, (real) => async (input, init) => {
      const res = await real(input, init);
      const url = new URL(new Request(input, init).url);
      if (!url.pathname.endsWith('/events')) return res;
      const page = (await res.json()) as { items: { id: string; severity: unknown }[] };
      page.items.forEach((item, i) => {
        if (i === 0 && url.searchParams.get('status')?.includes('reported')) broken.add(item.id);
        if (!broken.has(item.id)) return;
        item.severity = 'x';
        corrupted++;
      });
      return Response.json(page);
    });
    await until(isLive, 5000, 'live');
    expect(broken.size).toBeGreaterThan(0);
    expectInSync(api, (ev) => !broken.has(ev.id));
    for (const id of broken) expect(held(id)).toBeUndefined();
    expect(live.store.getState().connection.skipped).toBe(corrupted);
  });

  it('applies upserts as they stream, with their sequence ids', async () => {
    const api = world();
    open(api);
    await until(isLive);
    const ev = await inject(api, PINGHU, '<img src=x onerror=alert(1)>');
    await until(() => held(ev.id) !== undefined);
    expect(held(ev.id)?.title).toBe('<img src=x onerror=alert(1)>');
    expect(live.store.getState().lastSeq).toBe(api.store.seq);
  });

  it('resumes after a network drop from its Last-Event-ID: nothing missed, nothing twice', async () => {
    const api = world();
    open(api);
    await until(isLive);
    api.clock.advance(20 * 60_000);
    api.simulator.tick();
    await until(() => frames.at(-1)?.seq === api.store.seq, 5000, 'first frames');
    const lastBefore = api.store.seq;

    net.kill();
    await until(() => live.store.getState().connection.phase === 'reconnecting');
    // The world moves on while the client is cut off.
    api.clock.advance(60 * 60_000);
    api.simulator.tick();
    const during = await inject(api, BANTIAN, '断线期间上报');
    expect(api.store.seq - lastBefore).toBeGreaterThan(5);
    net.revive();

    await until(() => isLive() && frames.at(-1)?.seq === api.store.seq, 5000, 'caught up');
    const resumed = net.requests.filter((r) => r.url.pathname.endsWith('/events/stream')).at(-1)!;
    expect(resumed.headers.get('last-event-id')).toBe(String(lastBefore));
    const seqs = frames.map((f) => f.seq);
    // Every seq from the first frame to the head, each exactly once.
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => (seqs[0] as number) + i));
    expect(held(during.id)?.title).toBe('断线期间上报');
    expectInSync(api);
  });

  it('back-fills from GET /events?since= when the server lost the log (event: reset)', async () => {
    const api = world({ store: { replayCapacity: 5 } });
    open(api);
    await until(isLive);
    net.kill();
    api.clock.advance(3 * 3600_000);
    api.simulator.tick(); // far more upserts than the 5 the log keeps
    const during = await inject(api, PINGHU, '日志之外');
    net.revive();
    await until(() => held(during.id) !== undefined && isLive(), 5000, 'back-filled');
    const since = net.requests.filter(
      (r) => r.url.pathname.endsWith('/events') && r.url.searchParams.has('since'),
    );
    expect(since.length).toBeGreaterThan(0);
    expectInSync(api);
  });

  it('survives a restart that lost everything: a Last-Event-ID from the future resets and back-fills', async () => {
    const first = world({ seed: 3 });
    open(first);
    await until(isLive);
    first.clock.advance(4 * 3600_000);
    first.simulator.tick();
    await until(() => frames.at(-1)?.seq === first.store.seq);
    net.kill();
    // A new process started later: its world is rebuilt with fresh sequence numbers (one
    // per event, so far fewer than the old process handed out), plus an event of its own.
    const second = world({ seed: 3, clock: fakeClock(first.clock.now() + 60_000) });
    const fresh = await inject(second, PINGHU, '重启之后');
    expect(second.store.seq).toBeLessThan(first.store.seq);
    net.swap(second);
    const beforeRevive = net.requests.length;
    net.revive();
    // (Look for the text, not only the id.)
    await until(() => held(fresh.id)?.title === '重启之后', 5000, 'event after restart');
    const inject2 = await inject(second, PINGHU, '重启之后再来一条');
    await until(() => held(inject2.id)?.title === '重启之后再来一条', 5000, 'live after restart');
    expect(live.store.getState().lastSeq).toBe(second.store.seq);
    // The reconnect and the server's `event: reset` share one back-fill, not two.
    const backfills = net.requests
      .slice(beforeRevive)
      .filter((r) => r.url.searchParams.has('since') && !r.url.searchParams.has('cursor'));
    expect(backfills).toHaveLength(1);
  });

  it('drops a connection that goes silent for 2.5 heartbeats and reconnects', async () => {
    const api = world(); // its heartbeat is 15 s; the client expects one every 40 ms
    open(api, { heartbeatMs: 40 });
    await until(isLive);
    await until(
      () => net.requests.filter((r) => r.url.pathname.endsWith('/events/stream')).length >= 2,
      5000,
      'a second connection',
    );
  }, 15_000);

  it('shows reconnecting at once and stale (since the last contact) when the outage lasts', async () => {
    const api = world();
    open(api, { staleAfterMs: 150 });
    await until(isLive);
    const liveAt = Date.now();
    net.kill();
    await until(() => live.store.getState().connection.phase === 'stale', 2000, 'stale');
    const { lastContactAt } = live.store.getState().connection;
    expect(lastContactAt).not.toBeNull();
    expect(Math.abs((lastContactAt as number) - liveAt)).toBeLessThan(500);
    net.revive();
    await until(isLive, 3000, 'live again');
    expect(phases).toEqual(expect.arrayContaining(['reconnecting', 'stale', 'live']));
  });

  it("a street console sends its street and only ever holds that street's events", async () => {
    const api = world();
    open(api, { token: `street-${PINGHU}`, region: PINGHU });
    await until(isLive);
    await inject(api, BANTIAN, '坂田的事件');
    const mine = await inject(api, PINGHU, '平湖的事件');
    await until(() => held(mine.id) !== undefined);
    const streamReq = net.requests.find((r) => r.url.pathname.endsWith('/events/stream'))!;
    expect(streamReq.url.searchParams.get('region')).toBe(PINGHU);
    expect(streamReq.headers.get('authorization')).toBe(`Bearer street-${PINGHU}`);
    const scope = { kind: 'street' as const, streetId: PINGHU };
    const outside = [...live.store.getState().byId.values()].filter(
      (e) => !eventInScope(api.world.regions, e, scope),
    );
    expect(outside).toEqual([]);
    expectInSync(api, (e) => e.regionId === PINGHU);
  });
});
