/** The wall's watchdog: what it checks, what it repairs, and when the daily reload comes. */
import { describe, expect, it, vi } from 'vitest';
import { AppConfig } from '../../src/api/config';
import type { ChartHealth, MapHealth } from '../../src/app/health';
import {
  MAP_REBUILD_GAP_MS,
  MAP_SETTLING_MS,
  msUntil,
  SETTLING_MS,
  type WatchdogDeps,
  type WatchedQuery,
  Watchdog,
} from '../../src/modes/wall/watchdog';
import type { ConnectionState } from '../../src/api/stream';

const LIVE: ConnectionState = { phase: 'live', lastContactAt: 0, refused: null, skipped: 0, flaps: 0 };

function chart(label: string, setUpAt = 0, dataset: Record<string, string> = {}): ChartHealth {
  return { element: { dataset } as unknown as HTMLElement, label, setUpAt, rebuild: vi.fn() };
}

/** A map that renders when asked (or not), and may have lost its context. */
function map(o: { renders?: boolean; lost?: boolean } = {}): MapHealth & { frames: number } {
  const m = {
    frames: 0,
    element: {} as HTMLElement,
    setUpAt: 0,
    lost: () => o.lost ?? false,
    // A frame comes at once when asked for: later than any check's time.
    lastRenderAt: () => (m.frames > 0 ? 1e12 + m.frames : 0),
    repaint: vi.fn(() => {
      if (o.renders ?? true) m.frames++;
    }),
    rebuild: vi.fn(),
  };
  return m;
}

function deps(o: Partial<WatchdogDeps> & { t?: { now: number; clock: number } } = {}): WatchdogDeps {
  const t = o.t ?? { now: 100_000, clock: 1_000_000 };
  return {
    charts: () => [],
    maps: () => [],
    stream: () => null,
    connection: () => LIVE,
    queries: () => [],
    heartbeatMs: 15_000,
    chartDraws: () => true,
    mapDraws: () => true,
    now: () => t.now,
    clock: () => t.clock,
    log: () => {},
    ...o,
  };
}

describe('Watchdog', () => {
  it('sets up again a chart that draws nothing or whose context stayed lost, and logs it', async () => {
    const blank = chart('工单趋势');
    const lost = chart('街道排名', 0, { contextLost: 'true' });
    const fine = chart('医疗');
    const settling = chart('刚建立', 100_000 - SETTLING_MS + 1);
    const log = vi.fn();
    const dog = new Watchdog(
      deps({
        charts: () => [blank, lost, fine, settling],
        chartDraws: (el) => el !== blank.element && el !== settling.element,
        log,
      }),
    );
    const repairs = dog.check();
    expect(repairs).toEqual([
      { part: 'chart', name: '工单趋势', action: 'rebuild', times: 1 },
      { part: 'chart', name: '街道排名', action: 'rebuild', times: 1 },
    ]);
    expect(blank.rebuild).toHaveBeenCalledOnce();
    expect(lost.rebuild).toHaveBeenCalledOnce();
    expect(fine.rebuild).not.toHaveBeenCalled();
    expect(settling.rebuild).not.toHaveBeenCalled(); // just set up: it may not have drawn yet
    expect(log.mock.calls[0]![0]).toBe('[ioc-watchdog] chart "工单趋势": draws nothing; rebuild');
  });

  it('counts the checks in a row a part failed, and forgets it once it passes', async () => {
    const c = chart('A');
    let draws = false;
    const dog = new Watchdog(deps({ charts: () => [c], chartDraws: () => draws }));
    expect(dog.check()[0]!.times).toBe(1);
    expect(dog.check()[0]!.times).toBe(2);
    draws = true;
    expect(dog.check()).toEqual([]);
    draws = false;
    expect(dog.check()[0]!.times).toBe(1);
  });

  it('sets the map up again when a WebGL context is lost, at most once in a while', () => {
    const t = { now: 100_000, clock: 1_000_000 };
    const m = map({ lost: true });
    const dog = new Watchdog(deps({ t, maps: () => [m] }));
    expect(dog.check()).toEqual([{ part: 'map', name: '', action: 'rebuild', times: 1 }]);
    expect(m.rebuild).toHaveBeenCalledOnce();
    // A new map takes a while on a busy PC: not set up again at every check.
    t.now += MAP_REBUILD_GAP_MS - 1;
    expect(dog.check()).toEqual([]);
    t.now += 1;
    expect(dog.check()).toEqual([{ part: 'map', name: '', action: 'rebuild', times: 2 }]);
    expect(m.rebuild).toHaveBeenCalledTimes(2);
  });

  it('leaves a map just set up to load', () => {
    const m = { ...map({ lost: true }), setUpAt: 100_000 - MAP_SETTLING_MS + 1 };
    expect(new Watchdog(deps({ maps: () => [m] })).check()).toEqual([]);
    expect(m.rebuild).not.toHaveBeenCalled();
  });

  it('asks a map for a frame each check; one that gave none (or a blank one) repaints, then is set up again', () => {
    const m = map({ renders: false });
    const dog = new Watchdog(deps({ maps: () => [m] }));
    expect(dog.check()).toEqual([]); // nothing asked of it yet
    expect(m.repaint).toHaveBeenCalledOnce();
    expect(dog.check()).toEqual([{ part: 'map', name: '', action: 'repaint', times: 1 }]);
    expect(m.rebuild).not.toHaveBeenCalled();
    expect(dog.check()).toEqual([{ part: 'map', name: '', action: 'rebuild', times: 2 }]);
    expect(m.rebuild).toHaveBeenCalledOnce();

    const blank = map();
    expect(new Watchdog(deps({ maps: () => [blank], mapDraws: () => false })).check()[0]).toMatchObject({
      part: 'map',
      action: 'repaint',
    });
    const fine = map();
    const watching = new Watchdog(deps({ maps: () => [fine] }));
    expect(watching.check()).toEqual([]);
    expect(watching.check()).toEqual([]); // the frame asked for came
    expect(fine.repaint).toHaveBeenCalledTimes(2);
  });

  it('hurries a stream without contact for three heartbeats, once per loss, unless the API refused it', () => {
    const t = { now: 0, clock: 1_000_000 };
    let waiting = true;
    const stream = { reconnect: vi.fn(() => waiting) };
    let connection: ConnectionState = { ...LIVE, phase: 'reconnecting', lastContactAt: t.clock - 40_000 };
    const dog = new Watchdog(deps({ t, stream: () => stream, connection: () => connection }));
    expect(dog.check()).toEqual([]); // 40 s < 3 × 15 s: its own backoff is still at work
    expect(stream.reconnect).not.toHaveBeenCalled();
    t.clock += 10_000;
    // Opening a connection (not waiting): left alone, asked again next time.
    waiting = false;
    expect(dog.check()).toEqual([]);
    waiting = true;
    expect(dog.check()).toEqual([{ part: 'stream', name: '', action: 'reconnect', times: 1 }]);
    // The same loss of contact: its own backoff goes on, no notice every minute.
    expect(dog.check()).toEqual([]);
    expect(stream.reconnect).toHaveBeenCalledTimes(2);
    connection = { ...connection, lastContactAt: t.clock - 46_000 }; // live a while, lost again
    expect(dog.check()).toHaveLength(1);
    connection = { ...connection, refused: 'forbidden', lastContactAt: t.clock - 90_000 };
    expect(dog.check()).toEqual([]);
    connection = { ...LIVE, lastContactAt: 0 };
    expect(dog.check()).toEqual([]);
    expect(stream.reconnect).toHaveBeenCalledTimes(3);
  });

  it('fetches again a refreshed query whose data is older than three intervals', async () => {
    const t = { now: 0, clock: 1_000_000 };
    const q = (key: string, age: number, o: Partial<WatchedQuery> = {}): WatchedQuery => ({
      key,
      updatedAt: t.clock - age,
      intervalMs: 30_000,
      fetching: false,
      refetch: vi.fn(),
      ...o,
    });
    const stale = q('kpis', 91_000);
    const fresh = q('kpis', 89_000);
    const fetching = q('kpis', 200_000, { fetching: true });
    const noInterval = q('regions', 10_000_000, { intervalMs: null });
    const never = q('layers', 0, { updatedAt: 0 });
    const repairs = new Watchdog(
      deps({ t, queries: () => [stale, fresh, fetching, noInterval, never] }),
    ).check();
    expect(repairs).toEqual([{ part: 'data', name: 'kpis', action: 'refetch', times: 1 }]);
    expect(stale.refetch).toHaveBeenCalledOnce();
    for (const other of [fresh, fetching, noInterval, never]) expect(other.refetch).not.toHaveBeenCalled();
  });
});

describe('msUntil (the daily reload)', () => {
  // 2026-11-22 03:59:30 in Shanghai (UTC+8).
  const at = (hms: string) => Date.parse(`2026-11-22T${hms}+08:00`);
  it('counts to the next time of day in the district’s zone', () => {
    expect(msUntil('04:00', 'Asia/Shanghai', at('03:59:30'))).toBe(30_000);
    expect(msUntil('04:00', 'Asia/Shanghai', at('05:00:00'))).toBe(23 * 3_600_000);
    expect(msUntil('00:00', 'Asia/Shanghai', at('23:59:59.500'))).toBe(500);
    expect(msUntil('04:00', 'UTC', at('03:59:30'))).toBe(8 * 3_600_000 + 30_000); // 19:59:30 UTC
  });
  it('waits a whole day when it is that time now, so a reloaded page does not reload again', () => {
    expect(msUntil('04:00', 'Asia/Shanghai', at('04:00:00'))).toBe(24 * 3_600_000);
  });
});

describe('wall config: watchdog and daily reload', () => {
  const base = { apiBaseUrl: 'api/v1', basemap: { type: 'style', url: 'x.json' } };
  it('checks every minute and never reloads by default', () => {
    const c = AppConfig.parse(base);
    expect(c.wall).toMatchObject({ watchdogMs: 60_000, dailyReload: null });
    expect(AppConfig.parse({ ...base, wall: {} }).wall).toMatchObject({
      watchdogMs: 60_000,
      dailyReload: null,
    });
  });
  it('takes a quiet hour as HH:MM and refuses anything else', () => {
    expect(AppConfig.parse({ ...base, wall: { dailyReload: '04:00' } }).wall.dailyReload).toBe('04:00');
    for (const bad of ['4:00', '24:00', '04:60', 'four'])
      expect(AppConfig.safeParse({ ...base, wall: { dailyReload: bad } }).success).toBe(false);
    expect(AppConfig.safeParse({ ...base, wall: { watchdogMs: 10 } }).success).toBe(false);
  });
});
