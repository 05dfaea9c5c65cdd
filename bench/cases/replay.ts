/**
 * Replay, on the desk served by the API server with its embedded database holding `days`
 * days of demo history (`HISTORY_DAYS`, as `npm start` seeds it):
 * - the jump: a moment typed into the timeline, from the input to the feed, the KPIs and the
 *   map drawn as of it (both `asOf` answers in and the map no longer busy), at random moments
 *   of those days; p95 against a 300 ms target;
 * - playback at 3,600× for a stretch: main-thread tasks over 50 ms and the longest gap
 *   between animation frames (targets: none, and under 100 ms).
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { toZoneInput } from '../../src/i18n/dates';
import { rngFor } from '@ioc/domain/prng';
import { percentile, type Rig, round } from '../lib';
import { servedApp } from './coldStartServer';

const probe = readFileSync(new URL('./probe.js', import.meta.url), 'utf8');
const HOUR = 3600_000;

/**
 * Until the server has back-filled the older days (after it opened, `npm start`'s way) and
 * refreshed the planner's statistics: jumps measured during the back-fill would measure it.
 */
function backfilled(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no back-fill within 10 minutes')), 10 * 60_000);
    const seen = (b: Buffer) => {
      if (!b.toString().includes('history back-filled')) return;
      clearTimeout(timer);
      resolve();
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
  });
}

export async function replay(rig: Rig, jumps: number, playSeconds: number, days: number) {
  const server = await servedApp({ HISTORY_DAYS: String(days) });
  const history = backfilled(server.child);
  try {
    await history;
    const start = Date.now() - 6 * HOUR;
    const context = await rig.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    await context.addInitScript(probe);
    const page = await context.newPage();
    await page.goto(
      `${server.origin}/?mode=operator&street=district&t=${encodeURIComponent(new Date(start).toISOString())}`,
    );
    await page.waitForSelector('[data-event-id]', { timeout: 120_000 });
    await page.getByRole('button', { name: '回放', exact: true }).click();
    const input = page.getByLabel('回放时刻', { exact: true });
    await input.waitFor({ timeout: 30_000 });
    await page.waitForTimeout(2000);

    // Random moments, drawn from a fixed seed so runs compare: whole minutes (what the input holds).
    const random = rngFor(20261206, 'bench', 'replay');
    const times: number[] = [];
    const floors: number[] = [];
    /** Moments (hours back) whose picture was not drawn within 30 s. */
    const missed: number[] = [];
    for (let i = 0; i < jumps; i++) {
      const moment = Math.floor((Date.now() - (3 + random() * (days * 24 - 4)) * HOUR) / 60_000) * 60_000;
      // The page keeps 250 resource entries by default and drops later ones: each jump looks
      // at its own requests only.
      const t0 = await page.evaluate(() => {
        performance.clearResourceTimings();
        return performance.now();
      });
      await input.fill(toZoneInput(moment));
      const drawn = await page.evaluate(async (since) => {
        // (No named functions in here: the bench's TypeScript loader would wrap them in a
        // helper the page does not have.)
        const deadline = performance.now() + 30_000;
        while (performance.now() < deadline) {
          // The jump's own requests: the only ones asking a moment since the input changed.
          let events = false;
          let kpis = false;
          for (const e of performance.getEntriesByType('resource')) {
            if (e.startTime < since || !e.name.includes('asOf=')) continue;
            if ((e as PerformanceResourceTiming).responseEnd <= 0) continue;
            if (e.name.includes('/events?')) events = true;
            if (e.name.includes('/kpis?')) kpis = true;
          }
          const busy = document.querySelector('section.map-canvas[aria-busy="true"]');
          if (events && kpis && !busy) {
            // The frame that shows them.
            await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
            const at = performance.now();
            const urls = performance
              .getEntriesByType('resource')
              .filter((e) => e.startTime >= since && e.name.includes('asOf='))
              .map((e) => e.name);
            return { at, urls };
          }
          await new Promise((r) => setTimeout(r, 5));
        }
        return null;
      }, t0);
      if (drawn === null) {
        missed.push(round((Date.now() - moment) / HOUR, 1));
        continue;
      }
      times.push(drawn.at - t0);
      // The floor: the same answers fetched and parsed by a bare page, nothing drawn.
      floors.push(
        await page.evaluate(async (urls) => {
          const t = performance.now();
          await Promise.all(urls.map((u) => fetch(u, { cache: 'no-store' }).then((r) => r.json())));
          return performance.now() - t;
        }, drawn.urls),
      );
    }

    // Playback: 3,600× from a moment a day back.
    await input.fill(toZoneInput(Date.now() - 26 * HOUR));
    await page.waitForTimeout(3000);
    await page.getByLabel('回放速度', { exact: true }).selectOption('3600');
    // Frame gaps from the page's own animation frames (a string: see above); first the
    // baseline, then playing.
    const record = `(() => {
      window.__long.length = 0;
      window.__gaps = [];
      window.__gapStop = false;
      let last = performance.now();
      function frame(now) {
        window.__gaps.push(now - last);
        last = now;
        if (!window.__gapStop) requestAnimationFrame(frame);
      }
      requestAnimationFrame(frame);
    })()`;
    const collect = () =>
      page.evaluate(() => {
        const w = window as unknown as { __long: { ms: number }[]; __gaps: number[]; __gapStop: boolean };
        w.__gapStop = true;
        return { long: w.__long.map((l) => l.ms), gaps: w.__gaps.slice(1) };
      });
    await page.evaluate(record);
    // The baseline redraws as often without new data: paused, the map panned once a second
    // by its arrow key (software WebGL makes every full redraw slow, whatever drew it).
    const canvas = page.locator('.maplibregl-canvas').first();
    for (let i = 0; i < playSeconds; i++) {
      await canvas.press(i % 2 === 0 ? 'ArrowRight' : 'ArrowLeft');
      await page.waitForTimeout(1000);
    }
    const paused = await collect();
    await page.evaluate(record);
    await page.getByRole('button', { name: '播放', exact: true }).click();
    await page.waitForTimeout(playSeconds * 1000);
    const played = await collect();
    await page.context().close();
    const gaps = played.gaps;
    const maxGap = (g: number[]) => Math.max(0, ...g);
    return {
      source: `node dist-server/main.js, embedded PGlite with ${days} days of demo history`,
      seededSeconds: server.seededSeconds,
      jump: {
        n: times.length,
        asked: jumps,
        missedHoursBack: missed,
        p50Ms: round(percentile(times, 50), 0),
        p95Ms: round(percentile(times, 95), 0),
        maxMs: round(Math.max(...times), 0),
        apiFloorP95Ms: round(percentile(floors, 95), 0),
        ratioToFloor: round(percentile(times, 95) / Math.max(1, percentile(floors, 95)), 2),
        target: 'p95 < 300 ms',
        met: times.length === jumps && percentile(times, 95) < 300,
      },
      playback: {
        speed: 3600,
        seconds: playSeconds,
        tasksOver50: played.long.length,
        longestTaskMs: round(Math.max(0, ...played.long), 0),
        framesPerSecond: round(gaps.length / playSeconds, 1),
        longestFrameGapMs: round(maxGap(gaps), 0),
        p99FrameGapMs: round(percentile(gaps, 99), 0),
        pausedPanningEachSecond: {
          tasksOver50: paused.long.length,
          framesPerSecond: round(paused.gaps.length / playSeconds, 1),
          longestFrameGapMs: round(maxGap(paused.gaps), 0),
          p99FrameGapMs: round(percentile(paused.gaps, 99), 0),
        },
        longestGapRatioToBaseline: round(maxGap(gaps) / Math.max(1, maxGap(paused.gaps)), 2),
        target: 'no task over 50 ms, frame gaps under 100 ms',
        met: played.long.length === 0 && maxGap(gaps) < 100,
      },
    };
  } finally {
    await server.stop();
  }
}
