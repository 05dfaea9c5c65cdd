/**
 * GET /events/{id}?asOf= and GET /events/changes on the replay scenario (replay-scenario.ts),
 * for the server (both backends) and the mock alike.
 */
import { expect, it } from 'vitest';
import { EventChangePage, EventPage, type IocEvent } from '@ioc/contract/contract';
import { eventInRegion } from '@ioc/domain/events/scope';
import { formatIso, MINUTE } from '@ioc/domain/time';
import { newEvent } from './fixtures';
import { BANTIAN, PINGHU, type ReplayTarget } from './replay-scenario';

const DISTRICT = 'district-demo';
const PINGHU_TOKEN = `street-${PINGHU}`;
const BANTIAN_TOKEN = `street-${BANTIAN}`;

export function changeChecks(name: string, target: () => { t: ReplayTarget; T0: number }): void {
  const iso = (m: number) => encodeURIComponent(formatIso(target().T0 + m * MINUTE));
  const one = (id: string, m: number | null, token = DISTRICT) =>
    target().t.get<IocEvent>(`/events/${id}${m === null ? '' : `?asOf=${iso(m)}`}`, token);
  const changes = async (from: number, to: number, token = DISTRICT, extra = '') => {
    const res = await target().t.get<unknown>(
      `/events/changes?from=${iso(from)}&to=${iso(to)}${extra}`,
      token,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.get('x-history-from')).toBeTruthy();
    return EventChangePage.parse(res.body);
  };
  const allChanges = async (from: number, to: number, token = DISTRICT, limit = 1000) => {
    const out: EventChangePage['items'] = [];
    let cursor: string | null = null;
    do {
      const c: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = await changes(from, to, token, `&limit=${limit}${c}`);
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  };
  const listAt = async (m: number, token: string) => {
    const out = new Map<string, IocEvent>();
    let cursor: string | null = null;
    do {
      const c: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const res = await target().t.get<unknown>(`/events?asOf=${iso(m)}&limit=1000${c}`, token);
      const page = EventPage.parse(res.body);
      for (const ev of page.items) out.set(ev.id, ev);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  };
  const at = (m: number) => formatIso(target().T0 + m * MINUTE);
  const step = (c: EventChangePage['items'][number]) => `${c.event.id} ${c.event.status} ${c.at}`;

  it(`${name}: one event reads as it was at a moment, with its history up to then`, async () => {
    const r5 = await one('EV-R1', 5);
    expect(r5.status).toBe(200);
    expect(r5.headers.get('x-history-from')).toBeTruthy();
    expect(r5.body.status).toBe('reported');
    expect(r5.body.history.map((h) => h.action)).toEqual(['report']);
    const r15 = (await one('EV-R1', 15)).body;
    expect([r15.status, r15.assignee?.regionId, r15.history.length]).toEqual(['dispatched', PINGHU, 2]);
    const now = (await one('EV-R1', null)).body;
    expect([now.status, now.history.length]).toEqual(['resolved', 4]);
    // As the replayed list holds it.
    for (const m of [5, 15, 35])
      expect((await one('EV-R2', m)).body).toEqual((await listAt(m, DISTRICT)).get('EV-R2'));
  });

  it(`${name}: one event is 404 before it was known, outside the caller's scope then, or unknown`, async () => {
    expect((await one('EV-R3', 35)).status).toBe(404);
    expect((await one('EV-R3', 45)).body.status).toBe('reported');
    // 坂田's event became 平湖's at +10.
    expect((await one('EV-R2', 5, PINGHU_TOKEN)).status).toBe(404);
    expect((await one('EV-R2', 15, PINGHU_TOKEN)).body.assignee?.regionId).toBe(PINGHU);
    expect((await one('EV-R1', 15, BANTIAN_TOKEN)).status).toBe(404);
    expect((await one('EV-R1', null, BANTIAN_TOKEN)).status).toBe(404);
    expect((await one('EV-NONE', null)).status).toBe(404);
  });

  it(`${name}: changes list each report and action in order, the event as it was after it`, async () => {
    const items = (await changes(-0.5, 180)).items.filter((c) => c.event.id.startsWith('EV-R'));
    expect(items.map(step)).toEqual([
      `EV-R1 reported ${at(0)}`,
      `EV-R2 reported ${at(0)}`,
      `EV-R1 dispatched ${at(10)}`,
      `EV-R2 dispatched ${at(10)}`,
      `EV-R1 handling ${at(20)}`,
      `EV-R1 resolved ${at(30)}`,
      `EV-R3 reported ${at(40)}`,
    ]);
    expect(items.filter((c) => c.event.id === 'EV-R1').map((c) => c.event.history.length)).toEqual([
      1, 2, 3, 4,
    ]);
    // from is exclusive and to inclusive: the step (10, 20] holds the claim, not the dispatches.
    expect((await changes(10, 20)).items.map(step)).toEqual([`EV-R1 handling ${at(20)}`]);
  });

  it(`${name}: a street sees the changes of events that were its own right after them`, async () => {
    const { regions } = target().t;
    const pinghu = await changes(-0.5, 180, PINGHU_TOKEN);
    for (const c of pinghu.items) expect(eventInRegion(regions, c.event, PINGHU), c.event.id).toBe(true);
    expect(pinghu.items.filter((c) => c.event.id === 'EV-R2').map(step)).toEqual([
      `EV-R2 dispatched ${at(10)}`,
    ]);
    const bantian = await changes(-0.5, 180, BANTIAN_TOKEN);
    expect(bantian.items.some((c) => c.event.id === 'EV-R1' || c.event.id === 'EV-R3')).toBe(false);
  });

  it(`${name}: pages of changes hold every change once, in order`, async () => {
    const whole = await allChanges(-0.5, 180);
    for (const limit of [1, 2, 3]) expect(await allChanges(-0.5, 180, DISTRICT, limit)).toEqual(whole);
    const keys = whole.map((c) => `${c.event.id}@${c.event.history.length}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it(`${name}: the changes applied to the list at one moment give the list at the next`, async () => {
    for (const token of [DISTRICT, PINGHU_TOKEN, BANTIAN_TOKEN])
      for (const [from, to] of [
        [5, 15],
        [15, 35],
        [-0.5, 180],
      ] as const) {
        const shown = await listAt(from, token);
        for (const c of await allChanges(from, to, token, 2)) shown.set(c.event.id, c.event);
        expect(shown, `${token} ${from}→${to}`).toEqual(await listAt(to, token));
      }
  });

  // It writes after the scenario, at +190: past every moment the other checks read.
  it(`${name}: two changes of one event within one second are two changes, in order, across pages`, async () => {
    const { t, T0 } = target();
    const at190 = T0 + 190 * MINUTE;
    t.setClock(at190);
    await t.create(newEvent('EV-R5', PINGHU, at190));
    const cid = (a: string) => `${a}-${Math.random().toString(36).slice(2, 10)}`;
    const dispatch = { action: 'dispatch', toRegionId: PINGHU, clientActionId: cid('d') };
    expect((await t.act('EV-R5', dispatch, DISTRICT)).status).toBe(200);
    expect((await t.act('EV-R5', { action: 'claim', clientActionId: cid('c') }, PINGHU_TOKEN)).status).toBe(
      200,
    );
    const mine = (items: EventChangePage['items']) => items.filter((c) => c.event.id === 'EV-R5');
    const whole = mine((await changes(185, 190)).items);
    expect(whole.map((c) => [c.at, c.event.status, c.event.history.length])).toEqual([
      [at(190), 'reported', 1],
      [at(190), 'dispatched', 2],
      [at(190), 'handling', 3],
    ]);
    expect(mine(await allChanges(185, 190, DISTRICT, 1))).toEqual(whole);
  });

  it(`${name}: changes are bounded, and say why when refused`, async () => {
    const { t } = target();
    for (const [q, field] of [
      [`from=${iso(-8 * 24 * 60)}&to=${iso(0)}`, /^from must be at most 7 days/u],
      [`from=${iso(0)}&to=${iso(10)}&limit=1001`, /^limit must be between 1 and 1000/u],
      [`from=${iso(0)}&to=${iso(10)}&cursor=bm9wZQ`, /^cursor /u],
      [`from=${iso(20)}&to=${iso(10)}`, /^from must not be after to/u],
    ] as const) {
      const res = await t.get<{ error: { message: string } }>(`/events/changes?${q}`, DISTRICT);
      expect(res.status, q).toBe(400);
      expect(res.body.error.message, q).toMatch(field);
    }
  });
}
