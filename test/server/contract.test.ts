/**
 * The server speaks the contract on both backends: every endpoint's payload parses with
 * the contract's zod schemas, errors have the contract's shape, callers are scoped, and
 * actions follow the dispatch chain (409), street scope (403) and idempotency.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AnyFeatureCollection,
  ApiError,
  EventPage,
  IocEvent,
  KpiResponse,
  LayerCatalog,
  Meta,
  RegionCollection,
} from '@ioc/contract/contract';
import { type RunningServer, startServer } from '../../server/start';
import { backends, freshDatabase, type TestDatabase, testConfig } from './backends';
import { act, get, Stream, until } from './http';
import { newEvent } from './fixtures';

const PINGHU = '440307001';
const BANTIAN = '440307002';
const PINGHU_TOKEN = `street-${PINGHU}`;

const expectError = (res: { status: number; body: unknown }, status: number) => {
  expect(res.status).toBe(status);
  expect(ApiError.safeParse(res.body).success, JSON.stringify(res.body)).toBe(true);
};

describe.each(backends())('contract on %s', (backend) => {
  let db: TestDatabase;
  let server: RunningServer;
  let base: string;
  let n = 0;
  const fresh = async (street: string) => {
    const ev = newEvent(`EV-test-${backend}-${++n}`, street);
    await server.ctx.store.create(ev);
    return ev;
  };

  beforeAll(async () => {
    db = await freshDatabase(backend);
    server = await startServer(testConfig(db));
    base = server.url;
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  it('GET /meta, /regions, /layers parse and carry the demo city', async () => {
    expect(Meta.parse((await get(base, '/meta')).body)).toMatchObject({ district: '440307', crs: 'GCJ02' });
    const streets = RegionCollection.parse((await get(base, '/regions?level=street')).body);
    expect(streets.features).toHaveLength(11);
    const pinghu = RegionCollection.parse((await get(base, `/regions?region=${PINGHU}`)).body);
    expect(pinghu.features.every((f) => f.properties.id === PINGHU || f.properties.parentId === PINGHU)).toBe(
      true,
    );
    expect(pinghu.features.length).toBeGreaterThan(1);
    const catalog = LayerCatalog.parse((await get(base, '/layers')).body);
    expect(Object.fromEntries(catalog.map((l) => [l.id, l.count]))).toMatchObject({
      '5g-stations': 10_346,
      kiosks: 66,
      'kindergarten-cameras': 488,
      demolition: 503,
    });
    expect(catalog.find((l) => l.id === '5g-stations')?.tiles?.url).toBe(
      'layers/5g-stations/tiles/{z}/{x}/{y}.mvt',
    );
  });

  it('GET /layers/{id}/features filters by field, bbox and region', async () => {
    const macro = AnyFeatureCollection.parse(
      (await get(base, '/layers/5g-stations/features?kind=macro')).body,
    );
    expect(macro.features).toHaveLength(8084);
    const kiosks = AnyFeatureCollection.parse((await get(base, '/layers/kiosks/features')).body);
    const count = (status: string) => kiosks.features.filter((f) => f.properties.status === status).length;
    expect([count('existing'), count('planned')]).toEqual([50, 16]);
    const demolition = AnyFeatureCollection.parse((await get(base, '/layers/demolition/features')).body);
    const kind = (k: string) => demolition.features.filter((f) => f.properties.kind === k).length;
    expect([kind('phase'), kind('project')]).toEqual([270, 233]);
    const inPinghu = AnyFeatureCollection.parse(
      (await get(base, `/layers/5g-stations/features?region=${PINGHU}`)).body,
    );
    expect(inPinghu.features.length).toBeGreaterThan(0);
    expect(inPinghu.features.every((f) => f.properties.regionId === PINGHU)).toBe(true);
    const box = AnyFeatureCollection.parse(
      (await get(base, '/layers/5g-stations/features?bbox=114.2,22.6,114.25,22.65')).body,
    );
    expect(box.features.length).toBeGreaterThan(0);
    for (const f of box.features) {
      const [x, y] = f.geometry.coordinates as [number, number];
      expect(x >= 114.2 && x <= 114.25 && y >= 22.6 && y <= 22.65).toBe(true);
    }
    expectError(await get(base, '/layers/5g-stations/features?kind=huge'), 400);
    expectError(await get(base, '/layers/5g-stations/features?colour=red'), 400);
    expectError(await get(base, '/layers/5g-stations/features?bbox=1,2,3'), 400);
    expectError(await get(base, '/layers/nope/features'), 404);
  });

  it('GET /layers/{id}/tiles serves vector tiles of point layers only', async () => {
    const res = await fetch(`${base}/api/v1/layers/5g-stations/tiles/11/1673/891.mvt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
    expectError(await get(base, '/layers/demolition/tiles/11/1673/891.mvt'), 404);
    expectError(await get(base, '/layers/5g-stations/tiles/3/9/0.mvt'), 400);
  });

  it('GET /kpis answers the demo figures for the district, a street and a community', async () => {
    const kpis = KpiResponse.parse((await get(base, '/kpis')).body);
    const value = (id: string) => kpis.indicators.find((i) => i.id === id)?.value;
    expect([
      value('5g.built'),
      value('5g.macroBuilt'),
      value('5g.completion'),
      value('5g.macroCompletion'),
    ]).toEqual([10_346, 8084, 103.63, 113.21]);
    expect([
      value('selfService.existing'),
      value('selfService.planned'),
      value('kindergarten.count'),
    ]).toEqual([50, 16, 488]);
    expect(value('hotline.trend')).toBeGreaterThan(0);
    const street = KpiResponse.parse((await get(base, `/kpis?region=${PINGHU}`)).body);
    const built = street.indicators.find((i) => i.id === '5g.built');
    expect(built?.breakdown?.reduce((a, b) => a + b.value, 0)).toBeLessThanOrEqual(built?.value ?? 0);
    const community = built?.breakdown?.[0]?.regionId as string;
    const c = KpiResponse.parse((await get(base, `/kpis?region=${community}`)).body);
    expect(c.indicators.find((i) => i.id === '5g.built')?.breakdown).toBeUndefined();
    expectError(await get(base, '/kpis?region=999'), 404);
  });

  it('GET /events pages newest first with a cursor and filters', async () => {
    const seen = new Set<string>();
    let cursor = '';
    let previous = Number.POSITIVE_INFINITY;
    let pages = 0;
    do {
      const page = EventPage.parse(
        (await get(base, `/events?limit=300${cursor ? `&cursor=${cursor}` : ''}`)).body,
      );
      for (const ev of page.items) {
        expect(seen.has(ev.id)).toBe(false);
        seen.add(ev.id);
        const t = Date.parse(ev.updatedAt);
        expect(t).toBeLessThanOrEqual(previous);
        previous = t;
      }
      cursor = page.nextCursor ?? '';
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThan(2);
    const open = EventPage.parse(
      (await get(base, '/events?status=reported,dispatched&source=12345&limit=1000')).body,
    );
    expect(
      open.items.every((e) => ['reported', 'dispatched'].includes(e.status) && e.source === '12345'),
    ).toBe(true);
    expectError(await get(base, '/events?status=lost'), 400);
    expectError(await get(base, '/events?limit=0'), 400);
    expectError(await get(base, '/events?cursor=garbage'), 400);
  });

  it('tokens: unknown is 401, a street is scoped to itself and refused elsewhere (403)', async () => {
    expectError(await get(base, '/meta', 'no-such-token'), 401);
    const page = EventPage.parse((await get(base, '/events?limit=1000', PINGHU_TOKEN)).body);
    expect(page.items.length).toBeGreaterThan(0);
    expect(
      page.items.every((e) => e.regionId === PINGHU || (e.assignee?.regionId ?? '').startsWith(PINGHU)),
    ).toBe(true);
    expectError(await get(base, `/events?region=${BANTIAN}`, PINGHU_TOKEN), 403);
    expectError(await get(base, `/kpis?region=${BANTIAN}`, PINGHU_TOKEN), 403);
    const elsewhere = await fresh(BANTIAN);
    expectError(
      await act(base, PINGHU_TOKEN, elsewhere.id, { action: 'claim', clientActionId: `c-${elsewhere.id}` }),
      403,
    );
  });

  it('actions: the dispatch chain, 409 on a wrong transition, one application per clientActionId', async () => {
    const ev = await fresh(PINGHU);
    expectError(
      await act(base, null, ev.id, { action: 'dispatch', toRegionId: PINGHU, clientActionId: 'anonymous-1' }),
      401,
    );
    const dispatch = { action: 'dispatch', toRegionId: PINGHU, clientActionId: `d-${ev.id}` };
    const first = await act<IocEvent>(base, 'district-demo', ev.id, dispatch);
    expect(first.status).toBe(200);
    expect(IocEvent.parse(first.body)).toMatchObject({
      status: 'dispatched',
      assignee: { level: 'street', regionId: PINGHU },
    });
    const again = await act<IocEvent>(base, 'district-demo', ev.id, dispatch);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expectError(
      await act(base, 'district-demo', ev.id, { action: 'close', clientActionId: `x-${ev.id}` }),
      409,
    );
    expectError(
      await act(base, 'district-demo', 'EV-nope', { action: 'claim', clientActionId: 'n-00000001' }),
      404,
    );
    expectError(await act(base, 'district-demo', ev.id, { action: 'claim' }), 400);
    const claim = await act<IocEvent>(base, PINGHU_TOKEN, ev.id, {
      action: 'claim',
      clientActionId: `c-${ev.id}`,
    });
    expect(claim.status).toBe(200);
    const [stored] = (
      await get<{ items: IocEvent[] }>(base, `/events?region=${PINGHU}&limit=5`)
    ).body.items.filter((e) => e.id === ev.id);
    expect(stored?.history.map((h) => [h.action, h.by])).toEqual([
      ['report', 'grid'],
      ['dispatch', 'district-demo'],
      ['claim', PINGHU_TOKEN],
    ]);
    // Handling cannot be dispatched again; the first request, repeated, is still its first answer.
    expectError(await act(base, 'district-demo', ev.id, { ...dispatch, clientActionId: `d2-${ev.id}` }), 409);
    expect((await act(base, 'district-demo', ev.id, dispatch)).body).toEqual(first.body);
  });

  it('refuses lost updates: of twenty concurrent dispatches decided on one version, exactly one applies', async () => {
    const ev = await fresh(PINGHU);
    const streets = RegionCollection.parse((await get(base, '/regions?level=street')).body).features.map(
      (f) => f.properties.id,
    );
    const seen = ev.history.length;
    const bodies = Array.from({ length: 20 }, (_, i) => ({
      action: 'dispatch',
      toRegionId: streets[i % streets.length],
      clientActionId: `lost-${ev.id}-${i}`,
      expectedVersion: seen,
    }));
    const answers = await Promise.all(bodies.map((body) => act(base, 'district-demo', ev.id, body)));
    const won = answers.filter((r) => r.status === 200);
    expect(won.map((r) => r.status)).toEqual([200]);
    const winner = IocEvent.parse(won[0]?.body);
    expect(winner.history).toHaveLength(seen + 1);
    for (const r of answers.filter((a) => a.status !== 200)) {
      expectError(r, 409);
      const { error } = ApiError.parse(r.body);
      expect(error.code).toBe('stale_version');
      // The refusal carries the event as it is now: the winner's dispatch.
      expect(error.current).toEqual(winner);
    }
    const [stored] = await server.ctx.store.get([ev.id]);
    expect(stored?.history.map((h) => h.action)).toEqual(['report', 'dispatch']);
    expect(stored?.assignee).toEqual(winner.assignee);
    // The winner's retry (its version now old) is answered as the first time, not refused.
    const i = answers.findIndex((r) => r.status === 200);
    const retry = await act(base, 'district-demo', ev.id, bodies[i] as Record<string, unknown>);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(won[0]?.body);
    // Scope comes first: another street's caller learns nothing of the event from a stale version.
    // (a street neither where it happened nor the one the winner dispatched it to)
    const stranger = streets.find((id) => id !== PINGHU && id !== winner.assignee?.regionId);
    const outside = await act(base, `street-${stranger}`, ev.id, {
      ...bodies[0],
      clientActionId: 'outside-1',
    });
    expectError(outside, 403);
    expect(JSON.stringify(outside.body)).not.toContain(ev.title);
    // The current version is accepted; without one, any version is.
    const next = { action: 'dispatch', toRegionId: PINGHU };
    expect(
      (
        await act(base, 'district-demo', ev.id, {
          ...next,
          clientActionId: `v-${ev.id}`,
          expectedVersion: seen + 1,
        })
      ).status,
    ).toBe(200);
    expect((await act(base, 'district-demo', ev.id, { ...next, clientActionId: `n-${ev.id}` })).status).toBe(
      200,
    );
    expectError(
      await act(base, 'district-demo', ev.id, { ...next, clientActionId: `z-${ev.id}`, expectedVersion: 0 }),
      400,
    );
  });

  it("a replayed clientActionId is the caller's own: it never answers with another street's event", async () => {
    const bantian = await fresh(BANTIAN);
    const key = `secret-${bantian.id}`;
    const dispatch = { action: 'dispatch', toRegionId: BANTIAN, clientActionId: key };
    expect((await act(base, 'district-demo', bantian.id, dispatch)).status).toBe(200);
    // 平湖 replays the district's key on 坂田's event: refused by scope, and nothing of the event comes back.
    const replay = await act(base, PINGHU_TOKEN, bantian.id, dispatch);
    expectError(replay, 403);
    expect(JSON.stringify(replay.body)).not.toContain(bantian.title);
    // The same key on its own street's event is 平湖's own request, judged and applied on its own.
    const pinghu = await fresh(PINGHU);
    const handed = { action: 'dispatch', toRegionId: PINGHU, clientActionId: `d-${pinghu.id}` };
    expect((await act(base, 'district-demo', pinghu.id, handed)).status).toBe(200);
    const own = await act<IocEvent>(base, PINGHU_TOKEN, pinghu.id, { action: 'claim', clientActionId: key });
    expect(own.status).toBe(200);
    expect(JSON.stringify(own.body)).not.toContain(bantian.id);
    expect(IocEvent.parse(own.body)).toMatchObject({ id: pinghu.id, status: 'handling' });
    expect(IocEvent.parse(own.body).history.at(-1)?.by).toBe(PINGHU_TOKEN);
    // Its repeat is still its own first answer; the district's repeat still the district's.
    expect((await act(base, PINGHU_TOKEN, pinghu.id, { action: 'claim', clientActionId: key })).body).toEqual(
      own.body,
    );
    const districtAgain = await act<IocEvent>(base, 'district-demo', bantian.id, dispatch);
    expect(districtAgain.status).toBe(200);
    expect(IocEvent.parse(districtAgain.body).id).toBe(bantian.id);
  });

  it("the stream resumes from Last-Event-ID and never carries another street's event to a street", async () => {
    const district = new Stream(base);
    const street = new Stream(base, '', { authorization: `Bearer ${PINGHU_TOKEN}` });
    await until(() => district.frames.length > 0 && street.frames.length > 0, 10_000, 'streams open');
    const mine = await fresh(PINGHU);
    const other = await fresh(BANTIAN);
    await server.ctx.tail.wake();
    await until(() => district.upserts().some((e) => e.id === other.id), 10_000, 'district sees both');
    await until(() => street.upserts().some((e) => e.id === mine.id), 10_000, 'street sees its own');
    expect(
      street
        .upserts<IocEvent>()
        .every((e) => e.regionId === PINGHU || e.assignee?.regionId.startsWith(PINGHU)),
    ).toBe(true);
    const [firstSeq] = district.seqs;
    await Promise.all([district.close(), street.close()]);
    const resumed = new Stream(base, '', { 'last-event-id': String((firstSeq as number) - 1) });
    await until(() => resumed.seqs.includes(district.seqs.at(-1) as number), 10_000, 'resume');
    expect(resumed.seqs.slice(0, district.seqs.length)).toEqual(district.seqs);
    await resumed.close();
    const future = new Stream(base, '?lastEventId=99999999');
    await until(() => future.frames.some((f) => f.event === 'reset'), 10_000, 'reset');
    await future.close();
  });

  it('answers 401 to a caller without a token when it is not the demo', async () => {
    const prod = await startServer(testConfig(db, { demo: false }), { db: server.ctx.db });
    try {
      expectError(await get(prod.url, '/meta'), 401);
      expect((await get(prod.url, '/meta', 'district-demo')).status).toBe(200);
    } finally {
      await prod.close();
    }
  });

  it('health, readiness, 404 and 405 in the contract shape', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({
      status: 'ready',
      database: backend,
    });
    expectError(await get(base, '/nowhere'), 404);
    const res = await fetch(`${base}/api/v1/events/stream`, { method: 'POST' });
    expect(res.status).toBe(405);
  });
});
