/**
 * Intake on both backends: another system reports events with an intake token; the same
 * (source, externalId) is one event however often it is sent; a malformed report is a 400
 * naming the field; past the token's rate limit a 429 with Retry-After; an intake token
 * reads nothing and acts on nothing, and other tokens cannot report.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type IntakeBatchResult, IntakeResult, IocEvent } from '@ioc/contract/contract';
import { createToken } from '../../server/auth/tokens';
import { backends, serverOnFreshDatabase } from './backends';
import { hotlineOrder } from './fixtures';
import { act, get, report, Stream, until } from './http';

const PINGHU = '440307001';

describe.each(backends())('intake on %s', (backend) => {
  const city = serverOnFreshDatabase(backend);
  let base: string;
  beforeAll(() => {
    base = city.server.url;
  });

  it('creates an event once per (source, externalId), located, published and listed', async () => {
    const stream = new Stream(base);
    await until(() => stream.frames.length > 0, 10_000, 'stream open');
    const first = await report(base, 'intake-demo', hotlineOrder('HL-1'));
    expect(first.status).toBe(201);
    const created = IntakeResult.parse(first.body);
    expect(created).toMatchObject({ externalId: 'HL-1', created: true });
    const again = await report(base, 'intake-demo', hotlineOrder('HL-1', { title: 'resent' }));
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...created, created: false });
    // The same externalId from another source is another event.
    const video = await report(base, 'intake-demo', hotlineOrder('HL-1', { source: 'ai-video' }));
    expect(video.status).toBe(201);
    expect(IntakeResult.parse(video.body).id).not.toBe(created.id);

    await until(() => stream.upserts().some((e) => e.id === created.id), 10_000, 'on the stream');
    await stream.close();
    const onStream = stream.upserts<IocEvent>().filter((e) => e.id === created.id);
    expect(onStream).toHaveLength(1);
    const listed = (await get<{ items: IocEvent[] }>(base, '/events?source=12345&limit=1000')).body.items;
    const ev = IocEvent.parse(listed.find((e) => e.id === created.id));
    expect(ev).toMatchObject({ status: 'reported', regionId: PINGHU, title: '噪音投诉 HL-1', severity: 2 });
    expect(ev.communityId?.startsWith(PINGHU)).toBe(true);
    expect(ev.history).toEqual([expect.objectContaining({ action: 'report', by: 'intake-demo' })]);
    expect(Date.parse(ev.dueAt)).toBeGreaterThan(Date.parse(ev.reportedAt));
    expect(onStream[0]).toEqual(ev);
    // An operator acts on it like on any event.
    expect(
      (
        await act(base, 'district-demo', created.id, {
          action: 'dispatch',
          toRegionId: PINGHU,
          clientActionId: `d-${created.id}`,
        })
      ).status,
    ).toBe(200);
  });

  it('a batch answers each event in order, its repeats and earlier ones not created again', async () => {
    const res = await report(base, 'intake-demo', {
      events: [hotlineOrder('B-1'), hotlineOrder('HL-1'), hotlineOrder('B-2'), hotlineOrder('B-1')],
    });
    expect(res.status).toBe(200);
    const { results } = res.body as IntakeBatchResult;
    expect(results.map((r) => [r.externalId, r.created])).toEqual([
      ['B-1', true],
      ['HL-1', false],
      ['B-2', true],
      ['B-1', false],
    ]);
    expect(results[3]?.id).toBe(results[0]?.id);
    const [n] = await city.server.ctx.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM events WHERE source = '12345' AND external_id IN ('B-1', 'B-2', 'HL-1')",
    );
    expect(n?.n).toBe(3);
  });

  it('a malformed report is refused with the field it is about, and nothing is written', async () => {
    const before = await city.server.ctx.store.logBounds();
    const refused = async (body: unknown, field: RegExp, status = 400) => {
      const res = await report(base, 'intake-demo', body);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect((ApiError.parse(res.body) as ApiError).error.message).toMatch(field);
    };
    await refused('{"source":', /body must be JSON/u);
    await refused({ ...hotlineOrder('M-1'), severity: 7 }, /^invalid event: severity: /u);
    await refused({ ...hotlineOrder('M-2'), location: [22.69, 114.13] }, /location/u);
    await refused({ ...hotlineOrder('M-3'), location: [114.1, 22.4] }, /^location .*no street/u);
    await refused({ ...hotlineOrder('M-4'), extrenalId: 'typo' }, /extrenalId/u);
    const { externalId: _, ...noId } = hotlineOrder('M-5');
    await refused(noId, /^invalid event: externalId: /u);
    await refused(
      { events: [hotlineOrder('M-6'), { ...hotlineOrder('M-7'), source: 'fax' }] },
      /events\[1\]\.source/u,
    );
    await refused({ events: [] }, /events/u);
    await refused(
      { events: [hotlineOrder('M-8'), hotlineOrder('M-9', { reportedAt: '2099-01-01T00:00:00+08:00' })] },
      /^events\[1\]\.reportedAt is in the future/u,
    );
    expect(await city.server.ctx.store.logBounds()).toEqual(before);
  });

  it('past the rate limit: 429 with Retry-After, and it holds again once the bucket refills', async () => {
    const { token } = await createToken(city.server.ctx.db, 'intake', '440307', 'iot-test', {
      rate: 1,
      burst: 3,
    });
    const batch = (from: number, n: number) => ({
      events: Array.from({ length: n }, (_, i) => hotlineOrder(`R-${from + i}`, { source: 'iot' })),
    });
    expect((await report(base, token, batch(0, 3))).status).toBe(200);
    const limited = await report(base, token, hotlineOrder('R-3', { source: 'iot' }));
    expect(limited.status).toBe(429);
    expect(ApiError.safeParse(limited.body).success).toBe(true);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    // Larger than the burst could never pass: refused as too large instead of "retry later".
    expect((await report(base, token, batch(10, 4))).status).toBe(413);
    await new Promise((r) => setTimeout(r, retryAfter * 1000));
    expect((await report(base, token, hotlineOrder('R-3', { source: 'iot' }))).status).toBe(201);
  });

  it('an intake token reports only in its region and reads nothing; other callers cannot report', async () => {
    const { token } = await createToken(city.server.ctx.db, 'intake', PINGHU, 'pinghu-iot');
    expect((await report(base, token, hotlineOrder('S-1'))).status).toBe(201);
    const elsewhere = await report(base, token, hotlineOrder('S-2', { location: [114.25, 22.72] }));
    expect(elsewhere.status).toBe(403);
    for (const path of ['/events', '/kpis', '/layers', '/meta', '/events/stream']) {
      const res = await get(base, path, token);
      expect(res.status, path).toBe(403);
      expect(ApiError.safeParse(res.body).success).toBe(true);
    }
    expect(
      (await act(base, token, 'EV-x', { action: 'claim', clientActionId: 'intake-claims' })).status,
    ).toBe(403);
    expect((await report(base, 'district-demo', hotlineOrder('S-3'))).status).toBe(403);
    expect((await report(base, null, hotlineOrder('S-4'))).status).toBe(401);
    expect((await report(base, 'no-such-token', hotlineOrder('S-5'))).status).toBe(401);
  });
});
