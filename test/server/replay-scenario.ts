/**
 * One replay scenario for the server (both backends) and the mock: events reported and
 * acted on at known moments, then read back as of moments between. The demo's own events
 * all lie at or before T0 and nothing moves them afterwards (no feeder), so differences
 * between moments after T0 are the scenario's own.
 */
import { expect, it } from 'vitest';
import { EventPage, type IocEvent, KpiResponse, MilestoneList } from '@ioc/contract/contract';
import { eventInRegion } from '@ioc/domain/events/scope';
import type { RegionIndex } from '@ioc/domain/regions';
import { formatIso, MINUTE } from '@ioc/domain/time';
import { newEvent } from './fixtures';

export const PINGHU = '440307001';
export const BANTIAN = '440307002';
const DISTRICT_TOKEN = 'district-demo';
const PINGHU_TOKEN = `street-${PINGHU}`;
const BANTIAN_TOKEN = `street-${BANTIAN}`;

export interface ReplayTarget {
  get<T>(path: string, token?: string): Promise<{ status: number; body: T; headers: Headers }>;
  act(id: string, body: Record<string, unknown>, token: string): Promise<{ status: number }>;
  /** Writes a reported event as the feeder or intake would. */
  create(ev: IocEvent): Promise<void>;
  setClock(ms: number): void;
  regions: RegionIndex;
}

const critical = (id: string, street: string, at: number, dueMinutes: number): IocEvent => ({
  ...newEvent(id, street, at),
  source: '12345',
  category: 'general-complaint',
  severity: 4,
  dueAt: formatIso(at + dueMinutes * MINUTE),
});

let actions = 0;
const cid = () => `replay-${++actions}-${Math.random().toString(36).slice(2, 10)}`;

/**
 * EV-R1 (平湖, due in 2 h): reported T0, dispatched to 平湖 at +10, claimed +20, resolved +30.
 * EV-R2 (坂田, due in 1 h): reported T0, dispatched by the district to 平湖 at +10, left open.
 * EV-R3 (平湖): reported at +40. The clock then stands at +3 h.
 */
export async function playScenario(t: ReplayTarget, T0: number): Promise<void> {
  const at = (m: number) => {
    t.setClock(T0 + m * MINUTE);
  };
  at(0);
  await t.create(critical('EV-R1', PINGHU, T0, 120));
  await t.create(critical('EV-R2', BANTIAN, T0, 60));
  at(10);
  for (const id of ['EV-R1', 'EV-R2'])
    expect(
      (await t.act(id, { action: 'dispatch', toRegionId: PINGHU, clientActionId: cid() }, DISTRICT_TOKEN))
        .status,
    ).toBe(200);
  at(20);
  expect((await t.act('EV-R1', { action: 'claim', clientActionId: cid() }, PINGHU_TOKEN)).status).toBe(200);
  at(30);
  expect((await t.act('EV-R1', { action: 'resolve', clientActionId: cid() }, PINGHU_TOKEN)).status).toBe(200);
  at(40);
  await t.create(critical('EV-R3', PINGHU, T0 + 40 * MINUTE, 120));
  at(180);
}

/** The replay checks, once `playScenario` has run on the target. */
export function replayChecks(name: string, target: () => { t: ReplayTarget; T0: number }): void {
  const iso = (m: number) => encodeURIComponent(formatIso(target().T0 + m * MINUTE));
  const list = async (m: number, token = DISTRICT_TOKEN, extra = '') => {
    const res = await target().t.get<unknown>(`/events?asOf=${iso(m)}&limit=1000${extra}`, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.get('x-history-from')).toBeTruthy();
    return EventPage.parse(res.body).items;
  };
  const find = (items: IocEvent[], id: string) => items.find((e) => e.id === id);

  it(`${name}: an event reads as reported, dispatched and resolved at moments between`, async () => {
    const r5 = find(await list(5), 'EV-R1');
    expect(r5?.status).toBe('reported');
    expect(r5?.assignee).toBeUndefined();
    expect(r5?.history).toHaveLength(1);
    expect(r5?.updatedAt).toBe(formatIso(target().T0));
    const r15 = find(await list(15), 'EV-R1');
    expect(r15?.status).toBe('dispatched');
    expect(r15?.assignee).toEqual({ level: 'street', regionId: PINGHU });
    expect(r15?.history.map((h) => h.action)).toEqual(['report', 'dispatch']);
    const r35 = find(await list(35), 'EV-R1');
    expect(r35?.status).toBe('resolved');
    expect(r35?.history).toHaveLength(4);
    expect(r35?.severity).toBe(4);
    // Filters apply to the state then.
    expect(find(await list(15, DISTRICT_TOKEN, '&status=dispatched'), 'EV-R1')).toBeDefined();
    expect(find(await list(35, DISTRICT_TOKEN, '&status=dispatched'), 'EV-R1')).toBeUndefined();
  });

  it(`${name}: an event reported after the moment is absent`, async () => {
    expect(find(await list(35), 'EV-R3')).toBeUndefined();
    expect(find(await list(45), 'EV-R3')?.status).toBe('reported');
  });

  it(`${name}: a street token sees only what was its street's then`, async () => {
    const { regions } = target().t;
    for (const m of [5, 15]) {
      const items = await list(m, PINGHU_TOKEN);
      for (const ev of items) expect(eventInRegion(regions, ev, PINGHU), ev.id).toBe(true);
    }
    // 坂田's event became 平湖's when the district dispatched it there.
    expect(find(await list(5, PINGHU_TOKEN), 'EV-R2')).toBeUndefined();
    expect(find(await list(15, PINGHU_TOKEN), 'EV-R2')?.assignee?.regionId).toBe(PINGHU);
    expect(find(await list(5, BANTIAN_TOKEN), 'EV-R1')).toBeUndefined();
    const refused = await target().t.get<unknown>(`/events?asOf=${iso(5)}&region=${BANTIAN}`, PINGHU_TOKEN);
    expect(refused.status).toBe(403);
  });

  it(`${name}: pages of a replay hold every event once, in the list's order`, async () => {
    const first = await list(35);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q = `/events?asOf=${iso(35)}&limit=400${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = EventPage.parse((await target().t.get<unknown>(q, DISTRICT_TOKEN)).body);
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, first.length)).toEqual(first.map((e) => e.id));
  });

  it(`${name}: KPIs at a moment differ from now as the history says`, async () => {
    const kpis = async (q: string) => {
      const res = await target().t.get<unknown>(`/kpis${q}`, DISTRICT_TOKEN);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return KpiResponse.parse(res.body);
    };
    const value = (k: KpiResponse, id: string) => k.indicators.find((i) => i.id === id)?.value;
    const [at15, at35, now, live] = await Promise.all([
      kpis(`?asOf=${iso(15)}`),
      kpis(`?asOf=${iso(35)}`),
      kpis(`?asOf=${iso(180)}`),
      kpis(''),
    ]);
    expect(at15.asOf).toBe(formatIso(target().T0 + 15 * MINUTE));
    // EV-R1 was open at +15 and resolved by +35; EV-R3 was reported at +40.
    expect(value(at15, 'events.open')).toBe((value(at35, 'events.open') as number) + 1);
    expect(value(now, 'events.open')).toBe((value(at35, 'events.open') as number) + 1);
    expect(value(at15, 'events.severe')).toBe((value(at35, 'events.severe') as number) + 1);
    // Replayed to now, the event figures are the live ones.
    const events = (k: KpiResponse) =>
      k.indicators.filter((i) => /^(hotline|events)\./u.test(i.id)).map(({ asOf: _, ...i }) => i);
    expect(events(now)).toEqual(events(live));
    // Layer figures are today's, and say so.
    const layer = at15.indicators.find((i) => !/^(hotline|events)\./u.test(i.id));
    expect(layer?.asOf).toBe(formatIso(target().T0 + 180 * MINUTE));
    expect(at15.indicators.find((i) => i.id === 'events.open')?.asOf).toBe(at15.asOf);
    expect(live.indicators.every((i) => i.asOf === undefined)).toBe(true);
  });

  it(`${name}: milestones list the critical events' reports, dispatches and deadlines`, async () => {
    const ms = async (token: string) => {
      const res = await target().t.get<unknown>(`/milestones?from=${iso(-1)}&to=${iso(180)}`, token);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return MilestoneList.parse(res.body).items.filter((m) => m.eventId?.startsWith('EV-R'));
    };
    const at = (m: number) => formatIso(target().T0 + m * MINUTE);
    expect((await ms(DISTRICT_TOKEN)).map((m) => [m.eventId, m.kind, m.at])).toEqual([
      ['EV-R1', 'reported', at(0)],
      ['EV-R2', 'reported', at(0)],
      ['EV-R1', 'dispatched', at(10)],
      ['EV-R2', 'dispatched', at(10)],
      ['EV-R3', 'reported', at(40)],
      ['EV-R2', 'overdue', at(60)],
      ['EV-R3', 'overdue', at(160)],
    ]);
    // 平湖 did not hold 坂田's event when it was reported.
    expect((await ms(PINGHU_TOKEN)).map((m) => `${m.eventId} ${m.kind}`)).toEqual([
      'EV-R1 reported',
      'EV-R1 dispatched',
      'EV-R2 dispatched',
      'EV-R3 reported',
      'EV-R2 overdue',
      'EV-R3 overdue',
    ]);
  });

  it(`${name}: milestones are bounded by limit and say when they are cut`, async () => {
    const q = `/milestones?from=${iso(0)}&to=${iso(15)}&region=${PINGHU}`;
    const all = MilestoneList.parse((await target().t.get<unknown>(q, DISTRICT_TOKEN)).body);
    expect(all.truncated).toBe(false);
    expect(all.items.length).toBeGreaterThanOrEqual(3);
    const cut = MilestoneList.parse((await target().t.get<unknown>(`${q}&limit=2`, DISTRICT_TOKEN)).body);
    expect(cut).toEqual({ items: all.items.slice(0, 2), truncated: true });
  });

  it(`${name}: a moment out of range is a 400 naming it`, async () => {
    const { t, T0 } = target();
    const future = encodeURIComponent(formatIso(T0 + 180 * MINUTE + 3600_000));
    for (const q of [
      `/events?asOf=${future}`,
      '/events?asOf=1999-12-31T23:59:59Z',
      '/kpis?asOf=yesterday',
      `/milestones?to=${future}`,
      `/milestones?from=${iso(60)}&to=${iso(30)}`,
    ]) {
      const res = await t.get<{ error: { code: string; message: string } }>(q, DISTRICT_TOKEN);
      expect(res.status, q).toBe(400);
      expect(res.body.error.message, q).toMatch(/^(asOf|from|to) /u);
    }
  });
}
