/** GET /events/stream: live upserts, resume with Last-Event-ID, reset on gaps, scoping, cleanup. */
import { afterEach, describe, expect, it } from 'vitest';
import { IocEvent } from '@ioc/contract/contract';
import type { Api } from '../../mock-server/api';
import { eventStream } from '../../mock-server/sse';
import { BANTIAN, call, PINGHU, SseReader, testApi } from './helpers';

let apis: Api[] = [];
afterEach(() => {
  for (const a of apis) a.close();
  apis = [];
});
function make(options: Parameters<typeof testApi>[0] = {}) {
  const api = testApi(options);
  apis.push(api);
  return api;
}

async function open(api: Api, query = '', headers: Record<string, string> = {}, signal?: AbortSignal) {
  const res = await api.handle(
    new Request(`http://mock.test/api/v1/events/stream${query}`, { headers, ...(signal ? { signal } : {}) }),
  );
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  return new SseReader(res.body!);
}

async function inject(api: Api, regionId: string, title = '测试') {
  const res = await call(api, '/__mock/events', { body: { regionId, title } });
  expect(res.status).toBe(201);
  return IocEvent.parse(res.body);
}

describe('GET /events/stream', () => {
  it('starts with retry: 2000 and sends every upsert with its seq', async () => {
    const api = make();
    const sse = await open(api);
    await sse.readUntil((f) => f.some((x) => x.retry === '2000'));
    const ev = await inject(api, PINGHU, '<script>alert(1)</script>\n第二行');
    await sse.readUntil(() => sse.upserts().length >= 1);
    const [first] = sse.upserts();
    expect(first!.seq).toBe(api.store.seq);
    expect(IocEvent.parse(first!.data)).toEqual(ev);
    // Simulated changes stream too, with increasing seqs.
    api.clock.advance(2 * 3600_000);
    api.simulator.tick();
    await sse.readUntil(() => sse.upserts().length >= 20);
    const seqs = sse.upserts().map((u) => u.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    await sse.cancel();
  });

  it('replays exactly the missed seqs after Last-Event-ID (header or query), then goes live', async () => {
    const api = make();
    const first = await open(api);
    api.clock.advance(3600_000);
    api.simulator.tick();
    const seen = await first.readUntil(() => first.upserts().length >= 10);
    const lastSeen = Number(seen.filter((f) => f.event === 'upsert')[9]!.id);
    await first.cancel();
    // The client was away while the world moved on.
    api.clock.advance(3600_000);
    api.simulator.tick();
    const head = api.store.seq;
    expect(head - lastSeen).toBeGreaterThan(20);

    for (const [query, headers] of [
      ['', { 'last-event-id': String(lastSeen) }],
      [`?lastEventId=${lastSeen}`, {}],
    ] as const) {
      const resumed = await open(api, query, headers);
      const missed = api.store.seq - lastSeen;
      expect(missed).toBeGreaterThanOrEqual(head - lastSeen);
      await resumed.readUntil(() => resumed.upserts().length >= missed);
      // Every missed seq once, in order (a replay comes in chunks of several frames).
      expect(resumed.upserts().map((u) => u.seq)).toEqual(
        Array.from({ length: missed }, (_, i) => lastSeen + 1 + i),
      );
      await inject(api, PINGHU);
      await resumed.readUntil(() => resumed.upserts().at(-1)?.seq === api.store.seq);
      await resumed.cancel();
    }
  });

  it('sends event: reset when Last-Event-ID is older than the replay log', async () => {
    const api = make({ store: { replayCapacity: 50 } });
    api.clock.advance(3 * 3600_000);
    api.simulator.tick();
    expect(api.store.oldestReplayableSeq).toBeGreaterThan(2);
    const sse = await open(api, '', { 'last-event-id': '1' });
    await sse.readUntil((f) => f.some((x) => x.event === 'reset'));
    const reset = sse.frames.find((x) => x.event === 'reset')!;
    expect(JSON.parse(reset.data!)).toEqual({ reason: 'gap' });
    expect(sse.upserts()).toHaveLength(0);
    await sse.cancel();
    const future = await open(api, '', { 'last-event-id': String(api.store.seq + 100) });
    await future.readUntil((f) => f.some((x) => x.event === 'reset'));
    await future.cancel();
  });

  it('never sends a street caller another street’s events', async () => {
    const api = make();
    const sse = await open(api, '', { authorization: `Bearer street-${PINGHU}`, 'last-event-id': '0' });
    await inject(api, BANTIAN);
    await inject(api, PINGHU);
    api.clock.advance(4 * 3600_000);
    api.simulator.tick();
    // What a Pinghu operator should get: every upsert of an event in, or assigned into, Pinghu.
    const log = api.store.replaySince(0);
    if (log === 'gap') throw new Error('log should hold the whole test');
    const mine = (ev: IocEvent) =>
      ev.regionId === PINGHU ||
      (ev.assignee !== undefined &&
        ev.assignee.level !== 'district' &&
        ev.assignee.regionId.startsWith(PINGHU));
    const expected = log.filter((e) => mine(e.event)).map((e) => e.seq);
    expect(expected.length).toBeGreaterThan(10);
    expect(expected.length).toBeLessThan(log.length / 2);
    await sse.readUntil(() => sse.upserts().at(-1)?.seq === expected.at(-1));
    expect(sse.upserts().map((u) => u.seq)).toEqual(expected);
    expect(sse.upserts().every((u) => mine(IocEvent.parse(u.data)))).toBe(true);
    await sse.cancel();
    // Asking for another street on the stream is refused.
    const refused = await api.handle(
      new Request(`http://mock.test/api/v1/events/stream?region=${BANTIAN}`, {
        headers: { authorization: `Bearer street-${PINGHU}` },
      }),
    );
    expect(refused.status).toBe(403);
  });

  it('sends heartbeats and frees timers and subscriptions on cancel or abort', async () => {
    const api = make({ heartbeatMs: 20 });
    const base = api.store.subscriberCount;
    const sse = await open(api);
    await sse.readUntil((f) => f.filter((x) => x.comment === 'heartbeat').length >= 2);
    expect(api.store.subscriberCount).toBe(base + 1);
    await sse.cancel();
    expect(api.store.subscriberCount).toBe(base);

    const controller = new AbortController();
    const aborted = await open(api, '', {}, controller.signal);
    await aborted.readUntil((f) => f.length >= 1);
    expect(api.store.subscriberCount).toBe(base + 1);
    controller.abort();
    expect(api.store.subscriberCount).toBe(base);

    const third = await open(api);
    await third.readUntil((f) => f.length >= 1);
    api.close();
    expect(api.store.subscriberCount).toBe(base);
    await third.readUntil(() => false, 200).catch(() => undefined);
  });

  it('drops a consumer that stopped reading even if no cancel ever arrives', async () => {
    const api = make();
    const base = api.store.subscriberCount;
    const registry = new Set<() => void>();
    const res = eventStream({
      store: api.store,
      keep: () => true,
      lastEventId: null,
      heartbeatMs: 10,
      stallTimeoutMs: 60,
      signal: new AbortController().signal,
      registry,
    });
    expect(res.body).not.toBeNull();
    expect(api.store.subscriberCount).toBe(base + 1);
    // Nobody reads the body: after the stall timeout the next heartbeat ends the stream.
    await expect.poll(() => api.store.subscriberCount, { timeout: 2000, interval: 20 }).toBe(base);
    expect(registry.size).toBe(0);
  });
});
