/**
 * Reliability, part 5: bounds on what the API can make the page do. Every free-text field
 * 10,000 characters long with no space to break at: every view stays inside the screen,
 * nothing scrolls sideways, and the event's actions stay on screen. KPIs of 1e308 and -1:
 * flagged in their tiles, the reason beside them, not drawn; no panel hidden. A
 * 200,000-vertex polygon: parsed, checked and simplified off the page's thread, so no task
 * holds the page over 200 ms while it loads, is hovered and refreshed (in rounds, each
 * phase judged by its best); it opens on a click, and a polygon sent in a point layer is
 * skipped and counted.
 */
import gcoord from 'gcoord';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, VIEWPORT, watchPage, withConfig } from './harness';
import { insidePolygon, project } from './pixels';
import { logRequests, pwned, type Rig, startRig, uncaught } from './reliability-rig';
import { MAP_NAME, mapSize, settle } from './steps';

/** The page's thread may be held no longer than this by any task: load, hover or refresh. */
const MAX_TASK_MS = 200;
/** Rounds of load, hover and refresh: each phase is judged by its best round. */
const ROUNDS = 4;
const PHASES = ['load', 'hover', 'refresh'] as const;
type Phase = (typeof PHASES)[number];

/**
 * Before the app starts: times each read of picked pixels (WebGL readPixels), where the
 * page's thread waits for the software GPU to finish drawing.
 */
async function timeGpuWaits(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __gpuWaits: [number, number][] };
    w.__gpuWaits = [];
    for (const proto of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype]) {
      const read = proto.readPixels as (...args: unknown[]) => void;
      proto.readPixels = function (this: unknown, ...args: unknown[]) {
        const t = performance.now();
        try {
          read.apply(this, args);
        } finally {
          w.__gpuWaits.push([t, performance.now()]);
        }
      } as typeof proto.readPixels;
    }
  });
}

/**
 * Records every task that held the page's main thread over 50 ms (the Long Tasks API), from
 * now on, less the time it waited for the software GPU (timeGpuWaits). Frame gaps are not
 * what is timed: on a busy two-core machine the software GPU's own stalls come and go
 * whatever the page does (a SwapBuffers of 250–400 ms with the page idle; a pick's pixels
 * read back after 0.1–2 s, with ordinary data as with the polygon). The page's own work on
 * its thread is what this test holds to a bound.
 */
async function watchLongTasks(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: { at: number; ms: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ at: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask' });
  });
  return {
    now: () => page.evaluate(() => performance.now()),
    /** The longest task since `from` (page time), less its waits for the GPU; 0 if none was long. */
    longestSince: (from: number) =>
      page.evaluate((t) => {
        const w = window as unknown as {
          __longTasks: { at: number; ms: number }[];
          __gpuWaits: [number, number][];
        };
        const own = (task: { at: number; ms: number }) =>
          w.__gpuWaits.reduce(
            (ms, [a, b]) => ms - Math.max(0, Math.min(b, task.at + task.ms) - Math.max(a, task.at)),
            task.ms,
          );
        return Math.max(0, ...w.__longTasks.filter((e) => e.at + e.ms >= t).map(own));
      }, from),
  };
}

const openCatalog = (page: Page) => page.getByRole('button', { name: '图层', exact: true }).click();
const layerRow = (page: Page, name: string) => page.getByRole('listitem', { name, exact: true });

/**
 * Boxes (of `selector`) that leave the viewport (sideways only, for what lies in a panel
 * that scrolls down), and elements that scroll sideways.
 */
function outOfBounds(page: Page, selector: string, vertical = true) {
  return page.evaluate(
    ([sel, down]) => {
      const out: string[] = [];
      const vw = window.innerWidth;
      const vh = window.innerHeight;
      if (document.documentElement.scrollWidth > vw + 1)
        out.push(`page ${document.documentElement.scrollWidth}`);
      for (const el of document.querySelectorAll<HTMLElement>(sel)) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        const name = `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 60);
        if (r.left < -1 || r.right > vw + 1 || (down && (r.top < -1 || r.bottom > vh + 1)))
          out.push(
            `${name} at ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)}`,
          );
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'hidden')
          out.push(`${name} scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`);
      }
      return out;
    },
    [selector, vertical] as const,
  );
}

describe.skipIf(!browserAvailable())('reliability: bounds on text, numbers and geometry', () => {
  let rig: Rig;

  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('keeps every view inside the screen with 10,000-character text, and flags KPIs of 1e308 and -1', async () => {
    await rig.set({ case: 'huge-numbers', path: '^/kpis' });
    await rig.set({ case: 'long-text' });
    // A hospital, to hover and open: its name is 10,000 characters too.
    const hospitals = (await (await fetch(`${rig.apiUrl}/layers/medical/features?kind=hospital`)).json()) as {
      features: { geometry: { coordinates: [number, number] }; properties: { name: string } }[];
    };
    const hospital = hospitals.features[0]!;
    expect(hospital.properties.name).toHaveLength(10_000);
    const [lng, lat] = gcoord.transform(hospital.geometry.coordinates, gcoord.GCJ02, gcoord.WGS84) as [
      number,
      number,
    ];

    const page = await rig.browser.newPage({ viewport: VIEWPORT });
    const watch = watchPage(page);
    await withConfig(page, rig.config);
    try {
      await page.goto(
        `${rig.app.url}?mode=operator&lang=zh-CN&theme=dark&layers=admin-boundaries,medical&c=${lng},${lat},15`,
      );
      await settle(page);
      // KPI panels: every figure is implausible here, and each tile says so with the reason
      // beside it; none is drawn, and no panel is hidden for it.
      const panels = page.locator('section.kpi-panel');
      const flagged = page.locator('.kpi-tile--flagged');
      await expect.poll(() => flagged.count(), { timeout: 30_000 }).toBeGreaterThan(0);
      expect(await page.locator('section.kpi-panel--ready').count()).toBe(await panels.count());
      expect(await flagged.first().textContent()).toMatch(/数值无效(1e\+308|-1) 超出合理范围，未显示$/);
      expect(await page.locator('.kpi-tile__value').count()).toBe(0);

      // The catalog: long layer titles wrap inside it.
      await openCatalog(page);
      await expect.poll(() => layerRow(page, '医疗资源').count(), { timeout: 30_000 }).toBe(0);
      expect(
        await outOfBounds(page, '.catalog, .catalog .layer-row, .catalog summary, .legend', false),
      ).toEqual([]);
      await openCatalog(page); // closed again: it lies over the middle of the map

      // The tooltip and the drawer of a hospital named in 10,000 characters.
      const box = (await page.getByRole('region', { name: MAP_NAME }).boundingBox())!;
      const [x, y] = project([lng, lat], { center: [lng, lat], zoom: 15 }, await mapSize(page));
      await page.mouse.move(box.x + x, box.y + y);
      await expect
        .poll(() => page.locator('.deck-tooltip').textContent(), { timeout: 20_000 })
        .toMatch(/^很长的名字|.+很长的名字/);
      expect(await outOfBounds(page, '.deck-tooltip')).toEqual([]);
      await page.mouse.click(box.x + x, box.y + y);
      const drawer = page.locator('section.feature-detail');
      await drawer.waitFor({ timeout: 20_000 });
      expect(await outOfBounds(page, 'section.feature-detail, section.feature-detail *')).toEqual([]);
      await drawer.getByRole('button', { name: '关闭' }).click();

      // An event whose title, street, notes and nearby hospital are all 10,000 characters.
      const list = page.getByRole('list', { name: '事件列表' });
      await list.locator('[data-event-id]').first().click();
      const detail = page.getByRole('region', { name: '事件详情' });
      await expect
        .poll(() => detail.getByRole('region', { name: '周边资源' }).textContent(), { timeout: 30_000 })
        .toMatch(/很长的名字/);
      const actions = detail.getByRole('region', { name: '处置', exact: true });
      const a = (await actions.boundingBox())!;
      expect(a.y + a.height).toBeLessThanOrEqual(VIEWPORT.height);
      expect(
        // The detail scrolls down to its history; nothing in it goes sideways.
        await outOfBounds(
          page,
          '.event-detail, .event-detail dd, .event-detail h2, .event-history li, .event-feed',
          false,
        ),
      ).toEqual([]);

      // The incident focus with the same event: its panel and ring table stay on screen.
      await page.getByRole('button', { name: '平战切换' }).click();
      const focus = page.getByRole('region', { name: '事件聚焦' });
      await expect.poll(() => focus.textContent(), { timeout: 30_000 }).toMatch(/很长的名字/);
      expect(await outOfBounds(page, '.emergency-panel, .emergency-incident__title')).toEqual([]);
      expect(await pwned(page)).toBeNull();
      expect(uncaught(watch)).toEqual([]);

      // The wall with the same answers: nothing leaves the screen sideways, nothing scrolls sideways.
      await page.goto(`${rig.app.url}?mode=wall&lang=zh-CN&theme=dark&layers=admin-boundaries,live-events`);
      await page.locator('section.map-canvas[aria-busy="false"]').waitFor({ timeout: 60_000 });
      await expect
        .poll(() => page.locator('.kpi-tile--flagged').count(), { timeout: 30_000 })
        .toBeGreaterThan(0);
      await expect
        .poll(() => page.getByRole('list', { name: '事件列表' }).locator('[data-event-id]').count(), {
          timeout: 30_000,
        })
        .toBeGreaterThan(0);
      expect(await outOfBounds(page, 'section, header, h1, h2, li, dd, p', false)).toEqual([]);
    } finally {
      await rig.clear();
      await page.close();
    }
  });

  it('loads, hovers and refreshes a 200,000-vertex polygon with no main-thread task over 200 ms, and opens it', async () => {
    // The injector puts the polygon around where the first village was.
    const fc = (await (await fetch(`${rig.apiUrl}/layers/urban-villages/features`)).json()) as {
      features: { geometry: { coordinates: number[][][] }; properties: { name: string } }[];
    };
    const village = fc.features[0]!;
    const centre = village.geometry.coordinates[0]![0] as [number, number];
    const [lng, lat] = gcoord.transform(centre, gcoord.GCJ02, gcoord.WGS84) as [number, number];
    // A point of the polygon that no other village covers (they are drawn above it).
    const spot = [0, 1, 2, 3, 4, 5, 6, 7]
      .map((k): [number, number] => [
        centre[0] + (0.0045 * Math.cos((k * Math.PI) / 4)) / Math.cos((centre[1] * Math.PI) / 180),
        centre[1] + 0.0035 * Math.sin((k * Math.PI) / 4),
      ])
      .find((p) => fc.features.slice(1).every((f) => !insidePolygon(p, f.geometry.coordinates)))!;
    const [slng, slat] = gcoord.transform(spot, gcoord.GCJ02, gcoord.WGS84) as [number, number];

    const page = await rig.browser.newPage({ viewport: VIEWPORT });
    const watch = watchPage(page);
    const log = logRequests(page, rig.apiUrl);
    await timeGpuWaits(page);
    // The KPI panels' charts refresh rarely here: what is timed is the map.
    await withConfig(page, { ...rig.config, refresh: { kpiMs: 120_000, layersMs: 3000 } });
    try {
      // The same map with ordinary data first, hovered and clicked once: its shaders compiled
      // and picking warmed up, so what is timed below is what the polygon costs.
      await page.goto(
        `${rig.app.url}?mode=operator&lang=zh-CN&theme=dark&layers=admin-boundaries,medical,urban-villages&c=${lng},${lat},14`,
      );
      await settle(page);
      const box = (await page.getByRole('region', { name: MAP_NAME }).boundingBox())!;
      const [x, y] = project([slng, slat], { center: [lng, lat], zoom: 14 }, await mapSize(page));
      await page.mouse.move(box.x + x + 40, box.y + y + 40);
      await page.mouse.click(box.x + x + 40, box.y + y + 40);
      await page.mouse.move(box.x + x + 60, box.y + y + 60);
      await settle(page);

      // Timed, in rounds: the refresh that brings the polygon (a little different each round,
      // so each is parsed afresh), a hover on it, two more refreshes (the same answer again).
      const tasks = await watchLongTasks(page);
      const villages = /^\/layers\/urban-villages\/features$/;
      const rounds: Record<Phase, number>[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        if (round > 0) {
          // Back to the ordinary villages first, the pointer off the polygon.
          await page.mouse.move(box.x + x + 60, box.y + y + 60);
          await rig.clear();
          const asked = log.count(villages);
          await expect.poll(() => log.count(villages), { timeout: 30_000 }).toBeGreaterThan(asked);
          await settle(page);
        }
        let from = await tasks.now();
        await rig.set({
          case: 'huge-polygon',
          vertices: 200_000 + round,
          path: '^/layers/(urban-villages|medical)/features',
        });
        const before = log.count(villages);
        await expect.poll(() => log.count(villages), { timeout: 30_000 }).toBeGreaterThan(before);
        await settle(page);
        const load = await tasks.longestSince(from);
        // Moved a pixel at each try and left to rest: the map picks again once the polygon is drawn.
        from = await tasks.now();
        let nudge = 0;
        await expect
          .poll(
            async () => {
              await page.mouse.move(box.x + x + (nudge++ % 2), box.y + y);
              return page.locator('.deck-tooltip').textContent();
            },
            { timeout: 30_000, interval: 1000 },
          )
          .toContain(village.properties.name);
        const hover = await tasks.longestSince(from);
        from = await tasks.now();
        const hovered = log.count(villages);
        await expect.poll(() => log.count(villages), { timeout: 30_000 }).toBeGreaterThanOrEqual(hovered + 2);
        await settle(page);
        rounds.push({ load, hover, refresh: await tasks.longestSince(from) });
      }
      // What the polygon costs the page comes back every round; what a busy machine adds
      // (other processes on both cores) comes and goes: each phase is judged by its best round.
      for (const phase of PHASES) {
        const longest = rounds.map((r) => Math.round(r[phase]));
        expect(
          Math.min(...longest),
          `${phase}: longest task of the page's own per round (ms): ${longest}`,
        ).toBeLessThan(MAX_TASK_MS);
      }

      // Picked on what is drawn: a click opens it.
      await page.mouse.click(box.x + x, box.y + y);
      await expect
        .poll(() => page.locator('#feature-detail-title').textContent(), { timeout: 20_000 })
        .toBe(village.properties.name);
      // The polygon sent in the point layer is skipped and counted, the points drawn.
      await openCatalog(page);
      await expect
        .poll(() => layerRow(page, '医疗资源').textContent(), { timeout: 30_000 })
        .toMatch(/已跳过 1 个不合规要素/);
      expect(uncaught(watch)).toEqual([]);
    } finally {
      await rig.clear();
      await page.close();
    }
  }, 300_000);
});
