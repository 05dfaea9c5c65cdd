/**
 * The emergency switch (docs/API.md "The emergency switch") and the milestones it and the
 * closure rate make, one scenario for the server (both backends) and the mock. It plays a
 * month after the demo's events (all at or before the start; none falls due this late), so
 * every switch and hotline order in its range is its own.
 */
import { expect, it } from 'vitest';
import { EmergencyState, type IocEvent, MilestoneList } from '@ioc/contract/contract';
import { formatIso, HOUR, MINUTE } from '@ioc/domain/time';
import { DEMO_PASSWORD } from '../../mock-server/people';
import { newEvent } from './fixtures';

export const DISTRICT = '440307';
export const PINGHU = '440307001';
export const BANTIAN = '440307002';

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface SwitchTarget {
  call<T = unknown>(
    method: string,
    path: string,
    o?: { cookie?: string; token?: string; body?: unknown },
  ): Promise<Reply<T>>;
  create(ev: IocEvent): Promise<void>;
  setClock(ms: number): void;
}

/** The scenario's hour H: a month after `start`, on the hour. */
export const hourAfter = (start: number) => Math.ceil((start + 30 * 24 * HOUR) / HOUR) * HOUR;

export async function signIn(t: SwitchTarget, login: string): Promise<string> {
  const res = await t.call('POST', '/session', { body: { login, password: DEMO_PASSWORD } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return cookie.split('=').slice(1).join('=');
}

/** A 12345 order in 平湖 reported at `at`, due at `due`, settled at `resolvedAt` and reopened at `reopenedAt` (if given). */
function order(id: string, at: number, due: number, resolvedAt?: number, reopenedAt?: number): IocEvent {
  const ev: IocEvent = {
    ...newEvent(id, PINGHU, at),
    source: '12345',
    category: 'general-complaint',
    dueAt: formatIso(due),
  };
  if (resolvedAt === undefined) return ev;
  const r = formatIso(resolvedAt);
  const resolved: IocEvent = {
    ...ev,
    status: 'resolved',
    updatedAt: r,
    history: [
      ...ev.history,
      { at: r, action: 'resolve', by: 'test', fromStatus: 'handling', toStatus: 'resolved' },
    ],
  };
  if (reopenedAt === undefined) return resolved;
  const o = formatIso(reopenedAt);
  return {
    ...resolved,
    status: 'handling',
    updatedAt: o,
    history: [
      ...resolved.history,
      { at: o, action: 'reopen', by: 'test', fromStatus: 'resolved', toStatus: 'handling' },
    ],
  };
}

export function switchChecks(name: string, ctx: () => { t: SwitchTarget; H: number }) {
  const iso = (ms: number) => encodeURIComponent(formatIso(ms));
  const state = async (query: string, o: { cookie?: string; token?: string } = {}) => {
    const res = await ctx().t.call<unknown>('GET', `/emergency${query}`, o);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return EmergencyState.parse(res.body);
  };

  it(`${name}: a switch is recorded with the person, scoped, idempotent, and read back as of a moment`, async () => {
    const { t, H } = ctx();
    t.setClock(H);
    const street = await signIn(t, `demo-street-${PINGHU}`);
    const district = await signIn(t, 'demo-district');
    const planner = await signIn(t, 'demo-planner');
    const wall = await signIn(t, 'demo-wall');
    const body = (on: boolean, key: string, extra: Record<string, unknown> = {}) => ({
      on,
      clientActionId: key,
      ...extra,
    });

    // Peacetime: nobody has switched; anonymous viewers read it district-wide.
    expect(await state('')).toMatchObject({ regionId: DISTRICT, on: false, last: null });

    // Refused: nobody signed in, a machine token, read-only roles, a street outside one's own.
    expect((await t.call('POST', '/emergency', { body: body(true, 'anon-key-1') })).status).toBe(401);
    expect(
      (await t.call('POST', '/emergency', { token: 'district-demo', body: body(true, 'token-key-1') }))
        .status,
    ).toBe(403);
    expect(
      (await t.call('POST', '/emergency', { cookie: planner, body: body(true, 'planner-key-1') })).status,
    ).toBe(403);
    expect(
      (await t.call('POST', '/emergency', { cookie: wall, body: body(true, 'wall-key-1') })).status,
    ).toBe(403);
    // A malformed attempt is refused the same, before anything is said about its body.
    expect((await t.call('POST', '/emergency', { body: { on: 'yes' } })).status).toBe(401);
    expect((await t.call('POST', '/emergency', { cookie: planner, body: { on: 'yes' } })).status).toBe(403);
    const outside = await t.call('POST', '/emergency', {
      cookie: street,
      body: body(true, 'street-key-0', { regionId: BANTIAN }),
    });
    expect(outside.status).toBe(403);
    expect((await t.call('POST', '/emergency', { cookie: street, body: { on: true } })).status).toBe(400);
    expect(await state('')).toMatchObject({ on: false, last: null });

    // 平湖's desk switches its own street on: 平湖 is on, 坂田 and the district are not.
    t.setClock(H + 10 * MINUTE);
    const on = await t.call<unknown>('POST', '/emergency', {
      cookie: street,
      body: body(true, 'street-key-1', { note: '内涝' }),
    });
    expect(on.status, JSON.stringify(on.body)).toBe(200);
    const pinghuOn = EmergencyState.parse(on.body);
    expect(pinghuOn).toMatchObject({
      regionId: PINGHU,
      on: true,
      last: {
        on: true,
        regionId: PINGHU,
        by: '平湖街道坐席',
        note: '内涝',
        incidentId: null,
        at: formatIso(H + 10 * MINUTE),
      },
    });
    expect((await state(`?region=${PINGHU}`)).on).toBe(true);
    expect((await state(`?region=${BANTIAN}`)).on).toBe(false);
    expect((await state('')).on).toBe(false);

    // A retry is answered from the first switch, even later; the key with another switch is refused.
    t.setClock(H + 11 * MINUTE);
    const again = await t.call<unknown>('POST', '/emergency', {
      cookie: street,
      body: body(true, 'street-key-1', { note: '内涝' }),
    });
    expect(again.status).toBe(200);
    expect(EmergencyState.parse(again.body).last).toEqual(pinghuOn.last);
    const other = await t.call<{ error: { code: string } }>('POST', '/emergency', {
      cookie: street,
      body: body(false, 'street-key-1'),
    });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_conflict');

    // Keys are each caller's own: the district's desk sending the street's key switches anew.
    t.setClock(H + 20 * MINUTE);
    const wide = await t.call<unknown>('POST', '/emergency', {
      cookie: district,
      body: body(true, 'street-key-1', { regionId: DISTRICT }),
    });
    expect(wide.status, JSON.stringify(wide.body)).toBe(200);
    expect(EmergencyState.parse(wide.body)).toMatchObject({
      regionId: DISTRICT,
      on: true,
      last: { by: '区级指挥' },
    });
    // A district-wide switch holds for every street, until a street switches itself.
    expect(await state(`?region=${BANTIAN}`)).toMatchObject({ on: true, last: { regionId: DISTRICT } });
    t.setClock(H + 30 * MINUTE);
    expect(
      (await t.call('POST', '/emergency', { cookie: street, body: body(false, 'street-key-2') })).status,
    ).toBe(200);
    expect(await state(`?region=${PINGHU}`)).toMatchObject({
      on: false,
      last: { by: '平湖街道坐席', on: false },
    });
    expect((await state(`?region=${BANTIAN}`)).on).toBe(true);
    // A street reads its own state; another street's is refused.
    expect((await state('', { cookie: street })).regionId).toBe(PINGHU);
    expect((await t.call('GET', `/emergency?region=${BANTIAN}`, { cookie: street })).status).toBe(403);

    // As of a moment: before anything, between the switches, now.
    t.setClock(H + 60 * MINUTE);
    expect(await state(`?region=${PINGHU}&asOf=${iso(H + 5 * MINUTE)}`)).toMatchObject({
      on: false,
      last: null,
    });
    expect(await state(`?region=${PINGHU}&asOf=${iso(H + 15 * MINUTE)}`)).toMatchObject({
      on: true,
      last: { note: '内涝' },
    });
    expect(await state(`?region=${PINGHU}&asOf=${iso(H + 25 * MINUTE)}`)).toMatchObject({
      on: true,
      last: { regionId: DISTRICT },
    });
    const asOf = await t.call('GET', `/emergency?region=${PINGHU}&asOf=${iso(H + 45 * MINUTE)}`);
    expect(asOf.headers.get('x-history-from')).toBeTruthy();
    expect(EmergencyState.parse(asOf.body)).toMatchObject({ on: false, asOf: formatIso(H + 45 * MINUTE) });
  });

  it(`${name}: milestones show the switches, and the closure rate falling below and reaching its target`, async () => {
    const { t, H } = ctx();
    // A settles before it falls due (H+30m); B falls due at H+90m and is settled at H+3h10m;
    // C, settled before it falls due (H+20m), is reopened at H+4h30m and stays open.
    await t.create(order(`EV-K-A-${name}`, H - 5 * HOUR, H + 30 * MINUTE, H - HOUR));
    await t.create(order(`EV-K-B-${name}`, H - 4 * HOUR, H + 90 * MINUTE, H + 3 * HOUR + 10 * MINUTE));
    await t.create(
      order(`EV-K-C-${name}`, H - 6 * HOUR, H + 20 * MINUTE, H - 2 * HOUR, H + 4 * HOUR + 30 * MINUTE),
    );
    t.setClock(H + 8 * HOUR);
    const ms = async (query: string, o: { cookie?: string; token?: string } = {}) => {
      const res = await t.call<unknown>(
        'GET',
        `/milestones?from=${iso(H - 2 * HOUR)}&to=${iso(H + 6 * HOUR)}${query}`,
        o,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return MilestoneList.parse(res.body).items;
    };
    const district = await ms('');
    expect(
      district.filter((m) => m.kind.startsWith('emergency')).map((m) => [m.kind, m.regionId, m.by, m.at]),
    ).toEqual([
      ['emergency_on', PINGHU, '平湖街道坐席', formatIso(H + 10 * MINUTE)],
      ['emergency_on', DISTRICT, '区级指挥', formatIso(H + 20 * MINUTE)],
      ['emergency_off', PINGHU, '平湖街道坐席', formatIso(H + 30 * MINUTE)],
    ]);
    expect(
      district
        .filter((m) => m.kind.startsWith('kpi'))
        .map((m) => [m.kind, m.at, m.indicator, m.value, m.target]),
    ).toEqual([
      ['kpi_missed', formatIso(H + 2 * HOUR), 'hotline.closureRate', 66.67, 100],
      ['kpi_met', formatIso(H + 4 * HOUR), 'hotline.closureRate', 100, 100],
      ['kpi_missed', formatIso(H + 5 * HOUR), 'hotline.closureRate', 66.67, 100],
    ]);
    // 坂田 sees the district's switch, not 平湖's, and has no orders of its own to cross.
    const bantian = await ms(`&region=${BANTIAN}`);
    expect(bantian.filter((m) => m.kind.startsWith('emergency')).map((m) => m.regionId)).toEqual([DISTRICT]);
    expect(bantian.filter((m) => m.kind.startsWith('kpi'))).toEqual([]);
    // 平湖's desk sees its own switches and the district's, and its orders' crossings.
    const street = await signIn(t, `demo-street-${PINGHU}`);
    const pinghu = await ms('', { cookie: street });
    expect(pinghu.filter((m) => m.kind.startsWith('emergency')).length).toBe(3);
    expect(pinghu.filter((m) => m.kind.startsWith('kpi')).map((m) => m.kind)).toEqual([
      'kpi_missed',
      'kpi_met',
      'kpi_missed',
    ]);
  });
}
