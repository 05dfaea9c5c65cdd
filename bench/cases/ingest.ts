/**
 * Event ingest: the stream at 50, 200 and 1,000 events a second. For each rate: events
 * delivered per second, p95 from arrival on the stream to a row on screen (for the events
 * that reach the visible top of the feed), main-thread tasks over 50 ms, heap before/after.
 */
import { readFileSync } from 'node:fs';
import { SOURCES } from '@ioc/domain/events/categories';
import { localHour } from '@ioc/domain/time';
import { appPage, heapMb, percentile, type Rig, round, startApi } from '../lib';
import { explain, type LongTask, startProfile } from './explain';

interface LongFrame {
  ms: number;
  blockingMs: number;
  renderMs: number;
  scripts: { ms: number; invoker: string; fn: string; src: string }[];
}

/**
 * Long animation frames (over 50 ms) summed by what ran longest in each: the script entry
 * point (invoker, function, source), or the frame's rendering when no script dominates.
 */
function attribute(frames: LongFrame[]) {
  const by = new Map<string, { frames: number; ms: number; longestMs: number }>();
  for (const f of frames) {
    const top = [...f.scripts].sort((a, b) => b.ms - a.ms)[0];
    const key =
      top && top.ms >= f.renderMs ? `${top.invoker} → ${top.fn || '(anonymous)'} @ ${top.src}` : 'rendering';
    const row = by.get(key) ?? { frames: 0, ms: 0, longestMs: 0 };
    row.frames++;
    row.ms += f.ms;
    row.longestMs = Math.max(row.longestMs, f.ms);
    by.set(key, row);
  }
  return {
    count: frames.length,
    byCause: [...by.entries()].sort((a, b) => b[1].ms - a[1].ms).map(([cause, r]) => ({ cause, ...r })),
  };
}

/**
 * The eventRate that makes the simulated city report `perSecond` new events a second at the
 * hour it is now: each source's rate follows the hour of the day (docs/DATA.md), so a fixed
 * multiplier gave a tenth of the target at night and more than it by day.
 */
function eventRateFor(perSecond: number, at = Date.now()): number {
  const hour = localHour(at);
  const perDayNow = SOURCES.reduce((sum, s) => {
    const mean = s.diurnal.reduce((a, b) => a + b, 0) / s.diurnal.length;
    return sum + (s.perDay * (s.diurnal[hour] as number)) / mean;
  }, 0);
  return (perSecond * 86_400) / perDayNow;
}
const probe = readFileSync(new URL('./probe.js', import.meta.url), 'utf8');

export async function ingest(rig: Rig, perSecond: number, seconds: number) {
  const api = await startApi({ eventRate: eventRateFor(perSecond), heartbeatMs: 5000 });
  try {
    const page = await appPage(
      rig,
      api,
      '?mode=operator&layers=admin-boundaries,live-events',
      undefined,
      probe,
    );
    await page.waitForSelector('[data-event-id]', { timeout: 120_000 });
    await page.waitForTimeout(3000);
    const heapBefore = await heapMb(page);
    const start = await page.evaluate(() => {
      const w = window as unknown as { __ingest: { arrivals: Map<string, number> }; __long: unknown[] };
      w.__long.length = 0;
      (window as unknown as { __frames: unknown[] }).__frames.length = 0;
      return { t: performance.now(), n: w.__ingest.arrivals.size };
    });
    const recording = await startProfile(page);
    await page.waitForTimeout(seconds * 1000);
    const { profile, startedAtMs } = await recording.stop();
    const stats = await page.evaluate((since) => {
      const w = window as unknown as {
        __ingest: { arrivals: Map<string, number>; seen: Map<string, number> };
        __long: { at: number; ms: number }[];
      };
      const lags: number[] = [];
      for (const [id, at] of w.__ingest.arrivals) {
        if (at < since) continue;
        const shown = w.__ingest.seen.get(id);
        if (shown !== undefined && shown >= at) lags.push(shown - at);
      }
      const delivered = [...w.__ingest.arrivals.values()].filter((t) => t >= since).length;
      const frames = (window as unknown as { __frames: unknown[] }).__frames;
      return { lags, delivered, longTasks: w.__long.filter((d) => d.ms > 50 && d.at >= since), frames };
    }, start.t);
    const heapAfter = await heapMb(page);
    await page.context().close();
    return {
      targetPerSecond: perSecond,
      seconds,
      deliveredPerSecond: round(stats.delivered / seconds, 1),
      rowsMeasured: stats.lags.length,
      p95ArrivalToVisibleMs: round(percentile(stats.lags, 95), 0),
      tasksOver50ms: stats.longTasks.length,
      longestTaskMs: round(Math.max(0, ...stats.longTasks.map((l) => l.ms)), 0),
      // Each long task, explained by the CPU profile of the same minute (./explain.ts).
      longTasks: explain(stats.longTasks as LongTask[], profile, startedAtMs),
      heapBeforeMb: round(heapBefore, 1),
      heapAfterMb: round(heapAfter, 1),
      longFrames: attribute(stats.frames as LongFrame[]),
      met: { p95: percentile(stats.lags, 95) < 500, noLongTasks: stats.longTasks.length === 0 },
    };
  } finally {
    await api.close();
  }
}
