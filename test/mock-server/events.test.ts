/** GET /events paging and POST /events/{id}/actions: the dispatch chain, idempotency, permissions. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, EventPage, IocEvent } from '@ioc/contract/contract';
import { BANTIAN, call, PINGHU, testApi } from './helpers';

let api: ReturnType<typeof testApi>;
beforeEach(() => {
  api = testApi();
});
afterEach(() => api.close());

async function inject(body: Record<string, unknown> = {}): Promise<IocEvent> {
  const res = await call(api, '/__mock/events', {
    body: { regionId: PINGHU, communityId: `${PINGHU}002`, ...body },
  });
  expect(res.status).toBe(201);
  return IocEvent.parse(res.body);
}
let n = 0;
const cid = () => `test-action-${++n}-${Math.random().toString(36).slice(2)}`;
async function act(id: string, body: Record<string, unknown>, token?: string) {
  return call(api, `/api/v1/events/${id}/actions`, {
    body: { clientActionId: cid(), ...body },
    ...(token ? { token } : {}),
  });
}

describe('GET /events', () => {
  it('lists newest first by updatedAt then id, and pages through everything once', async () => {
    const seen: IocEvent[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = EventPage.parse(
        (await call(api, `/api/v1/events?limit=97${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`))
          .body,
      );
      expect(page.items.length).toBeLessThanOrEqual(97);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThan(2);
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    expect(seen.length).toBe(api.store.size);
    for (let i = 1; i < seen.length; i++) {
      const a = seen[i - 1]!;
      const b = seen[i]!;
      const ta = Date.parse(a.updatedAt);
      const tb = Date.parse(b.updatedAt);
      expect(ta > tb || (ta === tb && a.id > b.id)).toBe(true);
    }
    expect(EventPage.parse((await call(api, '/api/v1/events')).body).items).toHaveLength(200);
  });

  it('filters by status, source, since and region', async () => {
    const page = EventPage.parse(
      (await call(api, '/api/v1/events?status=reported,dispatched&source=12345&limit=1000')).body,
    );
    expect(page.items.length).toBeGreaterThan(0);
    expect(
      page.items.every((e) => ['reported', 'dispatched'].includes(e.status) && e.source === '12345'),
    ).toBe(true);
    const since = '2026-11-22T08:30:00+08:00';
    const recent = EventPage.parse(
      (await call(api, `/api/v1/events?since=${encodeURIComponent(since)}&limit=1000`)).body,
    );
    expect(recent.items.every((e) => Date.parse(e.updatedAt) >= Date.parse(since))).toBe(true);
    const community = EventPage.parse(
      (await call(api, `/api/v1/events?region=${PINGHU}001&limit=1000`)).body,
    );
    expect(
      community.items.every(
        (e) => e.communityId === `${PINGHU}001` || e.assignee?.regionId === `${PINGHU}001`,
      ),
    ).toBe(true);
  });

  it('has a realistic initial day: every source, older events mostly done', () => {
    const all = [...api.store.values()];
    expect(new Set(all.map((e) => e.source))).toEqual(
      new Set(['12345', 'grid', 'ai-video', 'iot', 'network']),
    );
    const old = all.filter((e) => Date.parse(e.reportedAt) < api.clock.now() - 12 * 3600_000);
    const done = old.filter((e) => e.status === 'resolved' || e.status === 'closed');
    expect(done.length / old.length).toBeGreaterThan(0.6);
    expect(all.some((e) => e.status === 'reported')).toBe(true);
    expect(all.every((e) => IocEvent.safeParse(e).success)).toBe(true);
  });
});

describe('POST /events/{id}/actions', () => {
  it('walks the chain district → street → community → resolved → closed, with history', async () => {
    const ev = await inject();
    let res = await act(ev.id, { action: 'dispatch', toRegionId: PINGHU });
    expect(res.status).toBe(200);
    expect(IocEvent.parse(res.body)).toMatchObject({
      status: 'dispatched',
      assignee: { level: 'street', regionId: PINGHU },
    });
    res = await act(
      ev.id,
      { action: 'dispatch', toRegionId: `${PINGHU}002`, note: '请社区核实' },
      `street-${PINGHU}`,
    );
    expect(res.body).toMatchObject({
      status: 'dispatched',
      assignee: { level: 'community', regionId: `${PINGHU}002` },
    });
    res = await act(ev.id, { action: 'claim' }, `street-${PINGHU}`);
    expect(res.body).toMatchObject({ status: 'handling' });
    res = await act(ev.id, { action: 'escalate' }, `street-${PINGHU}`);
    expect(res.body).toMatchObject({ status: 'handling', assignee: { level: 'street', regionId: PINGHU } });
    res = await act(ev.id, { action: 'resolve' });
    expect(res.body).toMatchObject({ status: 'resolved' });
    res = await act(ev.id, { action: 'reopen', note: '未处理到位' });
    expect(res.body).toMatchObject({ status: 'handling' });
    await act(ev.id, { action: 'resolve' });
    res = await act(ev.id, { action: 'close' });
    const closed = IocEvent.parse(res.body);
    expect(closed.status).toBe('closed');
    expect(closed.history.map((h) => h.action)).toEqual([
      'report',
      'dispatch',
      'dispatch',
      'claim',
      'escalate',
      'resolve',
      'reopen',
      'resolve',
      'close',
    ]);
    expect(closed.history[2]).toMatchObject({
      by: `street-${PINGHU}`,
      note: '请社区核实',
      fromStatus: 'dispatched',
      toStatus: 'dispatched',
    });
    expect(closed.history.at(-1)).toMatchObject({
      fromStatus: 'resolved',
      toStatus: 'closed',
      by: 'anonymous',
    });
  });

  it('answers 409 for a transition the status does not allow', async () => {
    const ev = await inject();
    for (const action of ['claim', 'resolve', 'close', 'reopen', 'escalate']) {
      const res = await act(ev.id, { action });
      expect(res.status, action).toBe(409);
      expect(ApiError.parse(res.body).error.message).toContain('reported');
    }
    expect(api.store.get(ev.id)?.history).toHaveLength(1);
  });

  it('applies a repeated clientActionId once and returns the same result', async () => {
    const ev = await inject();
    const seqBefore = api.store.seq;
    const body = { action: 'dispatch', toRegionId: PINGHU, clientActionId: 'same-key-0001' };
    const first = await call(api, `/api/v1/events/${ev.id}/actions`, { body });
    const second = await call(api, `/api/v1/events/${ev.id}/actions`, { body });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(api.store.seq).toBe(seqBefore + 1);
    expect(api.store.get(ev.id)?.history).toHaveLength(2);
    // Re-dispatching with a new key is a new action (dispatched → dispatched is allowed).
    await act(ev.id, { action: 'dispatch', toRegionId: BANTIAN });
    expect(api.store.get(ev.id)?.history).toHaveLength(3);
  });

  it('refuses lost updates: of twenty dispatches decided on one version, exactly one applies', async () => {
    const ev = await inject();
    const streets = (
      (await call<{ features: { properties: { id: string } }[] }>(api, '/api/v1/regions?level=street'))
        .body as { features: { properties: { id: string } }[] }
    ).features.map((f) => f.properties.id);
    const seen = ev.history.length;
    const bodies = Array.from({ length: 20 }, (_, i) => ({
      action: 'dispatch',
      toRegionId: streets[i % streets.length],
      clientActionId: `lost-update-${ev.id}-${i}`,
      expectedVersion: seen,
    }));
    const answers = await Promise.all(
      bodies.map((body) => call(api, `/api/v1/events/${ev.id}/actions`, { body, token: 'district-demo' })),
    );
    const won = answers.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    const winner = IocEvent.parse(won[0]?.body);
    expect(winner.history).toHaveLength(seen + 1);
    for (const r of answers.filter((a) => a.status !== 200)) {
      expect(r.status).toBe(409);
      const { error } = ApiError.parse(r.body);
      expect(error.code).toBe('stale_version');
      expect(error.message).toContain(`version ${seen + 1}`);
      // The refusal carries the event as it is now: the winner's dispatch.
      expect(error.current).toEqual(winner);
    }
    expect(api.store.get(ev.id)?.history.filter((h) => h.action === 'dispatch')).toHaveLength(1);
    // The winner's retry (same key, the version it carried now old) is answered as the first time.
    const i = answers.findIndex((r) => r.status === 200);
    const retry = await call(api, `/api/v1/events/${ev.id}/actions`, {
      body: bodies[i],
      token: 'district-demo',
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(won[0]?.body);
    // The current version is accepted; a version from the future is stale too; none means any.
    const next = { action: 'dispatch', toRegionId: PINGHU };
    expect((await act(ev.id, { ...next, expectedVersion: seen + 9 })).status).toBe(409);
    expect((await act(ev.id, { ...next, expectedVersion: seen + 1 })).status).toBe(200);
    expect((await act(ev.id, next)).status).toBe(200);
    expect((await act(ev.id, { ...next, expectedVersion: 0 })).status).toBe(400);
  });

  it("keeps each caller's keys its own: a replay never answers with another street's event", async () => {
    const bantian = await inject({ regionId: BANTIAN, communityId: `${BANTIAN}001` });
    const body = { action: 'dispatch', toRegionId: BANTIAN, clientActionId: 'district-key-0001' };
    expect(
      (await call(api, `/api/v1/events/${bantian.id}/actions`, { body, token: 'district-demo' })).status,
    ).toBe(200);
    const replay = await call(api, `/api/v1/events/${bantian.id}/actions`, {
      body,
      token: `street-${PINGHU}`,
    });
    expect(replay.status).toBe(403);
    expect(JSON.stringify(replay.body)).not.toContain(bantian.title);
    // On its own street's event the same key is 平湖's own first request.
    const pinghu = await inject();
    await act(pinghu.id, { action: 'dispatch', toRegionId: PINGHU });
    const own = await call(api, `/api/v1/events/${pinghu.id}/actions`, {
      body: { action: 'claim', clientActionId: body.clientActionId },
      token: `street-${PINGHU}`,
    });
    expect(own.status).toBe(200);
    expect(IocEvent.parse(own.body)).toMatchObject({ id: pinghu.id, status: 'handling' });
    expect(JSON.stringify(own.body)).not.toContain(bantian.id);
    expect(api.store.get(bantian.id)?.history).toHaveLength(2);
  });

  it('refuses callers outside the event region (403), unknown events (404) and bad bodies (400)', async () => {
    const ev = await inject();
    expect(
      (await act(ev.id, { action: 'dispatch', toRegionId: `${BANTIAN}001` }, `street-${BANTIAN}`)).status,
    ).toBe(403);
    expect(
      (await act(ev.id, { action: 'dispatch', toRegionId: `${BANTIAN}001` }, `street-${PINGHU}`)).status,
    ).toBe(403);
    expect((await act(ev.id, { action: 'dispatch', toRegionId: PINGHU }, `street-${PINGHU}`)).status).toBe(
      400,
    );
    expect((await act(ev.id, { action: 'dispatch', toRegionId: `${PINGHU}001` })).status).toBe(400);
    expect((await act(ev.id, { action: 'dispatch' })).status).toBe(400);
    expect((await act('EV-nope', { action: 'claim' })).status).toBe(404);
    expect((await act(ev.id, { action: 'fly' })).status).toBe(400);
    expect((await call(api, `/api/v1/events/${ev.id}/actions`, { body: '{not json' })).status).toBe(400);
    expect(
      (
        await call(api, `/api/v1/events/${ev.id}/actions`, {
          body: { action: 'claim', clientActionId: 'short' },
        })
      ).status,
    ).toBe(400);
    expect((await act(ev.id, { action: 'dispatch', toRegionId: PINGHU }, 'forged')).status).toBe(401);
    expect(api.store.get(ev.id)?.history).toHaveLength(1);
  });

  it('lets a street claim only what is assigned to it', async () => {
    const ev = await inject();
    await act(ev.id, { action: 'dispatch', toRegionId: PINGHU });
    expect((await act(ev.id, { action: 'claim' }, `street-${BANTIAN}`)).status).toBe(403);
    expect((await act(ev.id, { action: 'claim' }, `street-${PINGHU}`)).status).toBe(200);
  });
});

describe('the simulated city', () => {
  it('creates events at about docs/DATA.md rates and works them through the chain', () => {
    const seq0 = api.store.seq;
    const ids0 = new Set([...api.store.values()].map((e) => e.id));
    for (let h = 0; h < 24; h++) {
      api.clock.advance(3600_000);
      api.simulator.tick();
    }
    const created = [...api.store.values()].filter((e) => !ids0.has(e.id));
    // ~1,001 a day: 700 + 100 + 11 + 150 + 40.
    expect(created.length).toBeGreaterThan(850);
    expect(created.length).toBeLessThan(1150);
    const hotline = created.filter((e) => e.source === '12345').length;
    expect(hotline).toBeGreaterThan(580);
    expect(hotline).toBeLessThan(820);
    const general = created.filter((e) => e.category === 'general-complaint').length;
    expect(general / hotline).toBeGreaterThan(0.55); // weight 7593 of 11289
    expect(api.store.seq - seq0).toBeGreaterThan(created.length * 3);
    expect(created.filter((e) => e.status === 'closed').length).toBeGreaterThan(created.length / 4);
    const severities = new Set(created.map((e) => e.severity));
    expect(severities.has(1) && severities.has(2) && severities.has(3)).toBe(true);
  });

  it('keeps memory bounded: old closed events and the replay log are dropped', () => {
    for (let d = 0; d < 6; d++) {
      api.clock.advance(86_400_000);
      api.simulator.tick();
    }
    // Open events plus at most 96 h of closed ones (~1,000 a day).
    expect(api.store.size).toBeLessThan(5_000);
    expect(api.store.seq - api.store.oldestReplayableSeq + 1).toBeLessThanOrEqual(20_000);
    const oldest = Math.min(
      ...[...api.store.values()].filter((e) => e.status === 'closed').map((e) => Date.parse(e.updatedAt)),
    );
    expect(api.clock.now() - oldest).toBeLessThanOrEqual(96 * 3600_000);
  });
});
