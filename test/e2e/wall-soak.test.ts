/**
 * The wall keeps drawing, in a real browser at 3840×1080 on the Node mock: no KPI chart and
 * not the map goes quietly blank. Chrome drops a 2D canvas's pixels under GPU memory
 * pressure, on a GPU reset or when displays sleep and wake, and says so with `contextlost`
 * and `contextrestored` at the canvas; here that is emulated (the bitmap cleared between the
 * two, as Chrome leaves it) on every chart canvas, between tour scenes that change the scope
 * and KPI refreshes every few seconds, and each chart and the map are then read from the
 * screen's pixels. A chart blanked behind the app's back is found and set up again by the
 * watchdog, which says so in its notice; deck.gl's canvas losing its WebGL context gets the
 * map set up again; and the daily reload comes back to the same address.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BANTIAN,
  closeWorld,
  inject,
  LONGGANG,
  listAll,
  manualClock,
  PINGHU,
  postAction,
  startWorld,
  type World,
  waitLive,
} from './events-steps';
import { browserAvailable, keepScreenshot, type Served, watchPage, withConfig } from './harness';
import { colorDistance, decodePng, type Image, pixel } from './pixels';
import { settle } from './steps';

const DESIGN = { width: 3840, height: 1080 };
const DWELL = 5000;
const basemap = { type: 'style', url: 'basemap/style-dark.json', lightUrl: 'basemap/style-light.json' };
/** Each scene another scope: a scene change refetches every KPI panel's figures. */
const SCENES = [
  { id: 'district', title: { 'zh-CN': '全区', en: 'District' }, scope: null },
  { id: 'pinghu', title: { 'zh-CN': '平湖街道', en: 'Pinghu' }, scope: PINGHU },
  { id: 'bantian', title: { 'zh-CN': '坂田街道', en: 'Bantian' }, scope: BANTIAN },
].map((s) => ({ ...s, layers: ['admin-boundaries', 'live-events'], dwellMs: DWELL }));

const config = (apiUrl: string, wall: Record<string, unknown> = {}) => ({
  apiBaseUrl: apiUrl,
  embeddedMock: { enabled: false },
  basemap,
  refresh: { kpiMs: 5000, layersMs: 300_000 },
  // The API beats every 2 s; the page drops a connection only after 12.5 s of silence, so a
  // page slowed by the busy machine does not flap its stream.
  streamHeartbeatMs: 5000,
  wall: { designSize: DESIGN, scenes: SCENES, tourEnabled: true, watchdogMs: 5000, ...wall },
});

interface Box {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Pixels in `box` unlike its commonest colour: what a chart or a map drew over its background. */
function inkIn(img: Image, box: Box): number {
  const x0 = Math.max(0, Math.round(box.x));
  const y0 = Math.max(0, Math.round(box.y));
  const x1 = Math.min(img.width, Math.round(box.x + box.width));
  const y1 = Math.min(img.height, Math.round(box.y + box.height));
  const counts = new Map<number, number>();
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const [r, g, b] = pixel(img, x, y);
      const key = (r << 16) | (g << 8) | b;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  if (!top) return 0;
  const background = [(top[0] >> 16) & 255, (top[0] >> 8) & 255, top[0] & 255];
  let ink = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) if (colorDistance(pixel(img, x, y), background) > 60) ink++;
  return ink;
}

const charts = (page: Page) => page.locator('.wall .chart__canvas');

/** Each chart's box on the page, and the middle of the map (clear of the cards over its edges). */
async function boxes(page: Page): Promise<{ charts: Box[]; map: Box }> {
  const chartBoxes = await charts(page).evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { name: e.getAttribute('aria-label') ?? '', x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
  const m = (await page.locator('#map').boundingBox())!;
  const map = {
    name: 'map',
    x: m.x + m.width * 0.2,
    y: m.y + m.height * 0.25,
    width: m.width * 0.5,
    height: m.height * 0.5,
  };
  return { charts: chartBoxes, map };
}

/** What the screen shows: the charts that draw (almost) nothing, and the ink in the map's middle. */
async function onScreen(page: Page): Promise<{ charts: number; blank: string[]; mapInk: number }> {
  const b = await boxes(page);
  const shot = decodePng(await page.screenshot());
  const blank = b.charts
    .map((c) => ({ name: c.name, ink: inkIn(shot, c) }))
    .filter((c) => c.ink < 40)
    .map((c) => `${c.name} (${c.ink} px)`);
  return { charts: b.charts.length, blank, mapInk: inkIn(shot, b.map) };
}

/** What Chrome does to a canvas whose context it lost and gave back: blank, with both events. */
async function loseAndRestore(page: Page): Promise<number> {
  return charts(page).evaluateAll((boxes) => {
    let n = 0;
    for (const box of boxes)
      for (const canvas of box.querySelectorAll('canvas')) {
        canvas.dispatchEvent(new Event('contextlost', { cancelable: true }));
        // A size set again clears the bitmap and the context's state, as a restored context is.
        // biome-ignore lint/correctness/noSelfAssign: the assignment itself clears the canvas
        canvas.width = canvas.width;
        canvas.dispatchEvent(new Event('contextrestored'));
        n++;
      }
    return n;
  });
}

/** ECharts instances (their boxes carry `_echarts_instance_`) and canvases inside chart boxes. */
function chartCounts(page: Page) {
  return page.evaluate(() => ({
    boxes: document.querySelectorAll('.chart__canvas').length,
    instances: [...document.querySelectorAll('[_echarts_instance_]')].filter((e) =>
      e.getAttribute('_echarts_instance_'),
    ).length,
    canvases: document.querySelectorAll('.chart__canvas canvas').length,
  }));
}

describe.skipIf(!browserAvailable())('the wall keeps drawing', () => {
  let world: World;
  let browser: Browser;
  let app: Served;
  let apiUrl: string;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;
  const info: string[] = [];
  const clock = manualClock();
  const sceneTitle = () => page.getByRole('region', { name: '当前场景' }).getByRole('heading');
  const notice = (p: Page = page) => p.getByRole('status', { name: '大屏自检' });

  beforeAll(async () => {
    world = await startWorld({ seed: 11, tickMs: 0, clock, eventRate: 2, heartbeatMs: 2000 });
    ({ browser, app, apiUrl } = world);
    // No critical event waiting for dispatch: the tour runs.
    for (const e of await listAll(apiUrl, 'status=reported'))
      if (e.severity === 4)
        await postAction(apiUrl, 'district-demo', e.id, { action: 'dispatch', toRegionId: e.regionId });
    page = await browser.newPage({ viewport: DESIGN });
    watch = watchPage(page);
    page.on('console', (m) => {
      if (m.type() === 'info') info.push(m.text());
    });
    await withConfig(page, config(apiUrl));
    await page.goto(`${app.url}?mode=wall&lang=zh-CN&theme=dark`);
    await waitLive(page, 60_000);
  }, 180_000);
  afterAll(async () => {
    // What the app repaired, for a run that failed.
    if (info.length) console.log(`app's repair log:\n${info.slice(-40).join('\n')}`);
    await closeWorld(world);
  });

  /**
   * Every chart and the map draw, read from the screen (polled: a redraw takes a frame or
   * two). Ten charts at the district's scope; a street's panels have one chart fewer.
   */
  const allDraw = async () => {
    let seen = await onScreen(page);
    await expect
      .poll(
        async () => {
          seen = await onScreen(page);
          return seen.blank;
        },
        { timeout: 60_000, interval: 2000 },
      )
      .toEqual([]);
    expect(seen.charts).toBeGreaterThanOrEqual(9);
    expect(seen.charts).toBe(await charts(page).count());
    expect(seen.mapInk).toBeGreaterThan(500);
  };
  /** One ECharts instance and one canvas per chart: none set up twice, none left behind. */
  const onePerChart = async () => {
    const counts = await chartCounts(page);
    expect(counts.boxes).toBeGreaterThanOrEqual(9);
    expect(counts).toEqual({ boxes: counts.boxes, instances: counts.boxes, canvases: counts.boxes });
  };

  it('keeps every KPI chart and the map drawing through scene changes, refreshes and lost canvases', async () => {
    await expect.poll(() => charts(page).count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(9);
    // Scenes that change the scope (the panels fetch and redraw their figures) and KPI
    // refreshes every 5 s, with the chart canvases lost and restored at every scene.
    let title = await sceneTitle().textContent();
    for (let change = 0; change < 6; change++) {
      await expect.poll(() => sceneTitle().textContent(), { timeout: DWELL * 8 }).not.toBe(title);
      title = await sceneTitle().textContent();
      await loseAndRestore(page);
    }
    // Held still on one scene to read it: the tour holds while a severity-4 event waits for
    // dispatch (its card sits over the map's right edge, clear of the part read).
    await inject(world.origin, {
      regionId: LONGGANG,
      severity: 4,
      source: 'iot',
      category: 'gas',
      title: '龙岗大道燃气泄漏，现场有明显异味',
    });
    await page.getByRole('region', { name: '特别严重事件' }).waitFor({ timeout: 90_000 });
    await settle(page);
    await allDraw();
    await onePerChart();
  }, 300_000);

  it('sets up again every chart whose canvas context was lost and restored', async () => {
    await expect
      .poll(() => page.locator('.wall .chart__canvas:not([data-drawn])').count(), { timeout: 60_000 })
      .toBe(0);
    const before = info.length;
    const count = await charts(page).count();
    expect(await loseAndRestore(page)).toBe(count);
    // Blank now, each chart hears its canvas come back and sets itself up again.
    await expect
      .poll(() => info.slice(before).filter((m) => m.includes('canvas context restored')).length)
      .toBe(count);
    await allDraw();
    await onePerChart();
  }, 180_000);

  it('the watchdog finds a chart blanked behind its back, draws it again and says so', async () => {
    const chart = charts(page).first();
    const name = (await chart.getAttribute('aria-label'))!;
    // Blank, with no event at all: only the watchdog can notice.
    await chart.evaluate((box) => {
      for (const canvas of box.querySelectorAll('canvas')) {
        // biome-ignore lint/correctness/noSelfAssign: the assignment itself clears the canvas
        canvas.width = canvas.width;
      }
    });
    await expect
      .poll(() => notice().textContent(), { timeout: 30_000 })
      .toContain(`图表“${name}”空白，已重新绘制`);
    expect(await notice().textContent()).toContain('大屏自检 · 已自动修复');
    expect(info.some((m) => m.startsWith('[ioc-watchdog] chart') && m.includes(name))).toBe(true);
    // A context lost for good (no `contextrestored` ever comes): the watchdog sets the chart
    // up on a fresh canvas, once.
    const second = charts(page).nth(1);
    const other = (await second.getAttribute('aria-label'))!;
    await second.evaluate((box) => {
      for (const canvas of box.querySelectorAll('canvas')) {
        canvas.dispatchEvent(new Event('contextlost', { cancelable: true }));
        // biome-ignore lint/correctness/noSelfAssign: the assignment itself clears the canvas
        canvas.width = canvas.width;
      }
    });
    await expect
      .poll(() => notice().textContent(), { timeout: 30_000 })
      .toContain(`图表“${other}”空白，已重新绘制`);
    expect(await second.getAttribute('data-context-lost')).toBeNull();
    await allDraw();
    const lostRepairs = info.filter((m) => m.includes(`"${other}": canvas context lost and not restored`));
    expect(lostRepairs).toHaveLength(1);
    keepScreenshot('screenshot-mode-wall-watchdog.png', await page.screenshot());
    if (process.env.WALL_SHOT) await page.screenshot({ path: process.env.WALL_SHOT });
    // The operator dismisses it.
    await page.getByRole('button', { name: '关闭大屏自检提示' }).click();
    await expect.poll(() => notice().textContent()).toBe('');
  }, 180_000);

  it('sets the map up again when deck.gl loses its WebGL context, and it draws', async () => {
    const deckCanvas = () => page.locator('#map canvas:not(.maplibregl-canvas)');
    expect(await deckCanvas().count()).toBe(1);
    await deckCanvas().evaluate((c) => {
      const gl = (c as HTMLCanvasElement).getContext('webgl2');
      gl?.getExtension('WEBGL_lose_context')?.loseContext();
    });
    await expect
      .poll(() => info.some((m) => m.includes('[ioc-map] deck.gl lost its WebGL context')), {
        timeout: 20_000,
      })
      .toBe(true);
    // A new map with new canvases, whose contexts are well, draws again.
    await expect
      .poll(
        () =>
          deckCanvas().evaluateAll(
            (cs) => cs.length === 1 && !(cs[0] as HTMLCanvasElement).getContext('webgl2')?.isContextLost(),
          ),
        { timeout: 30_000 },
      )
      .toBe(true);
    await settle(page);
    await allDraw();
    expect(watch.consoleErrors.filter((e) => e.startsWith('uncaught'))).toEqual([]);
  }, 180_000);

  it('reloads once a day at the configured time, back to the same mode, scene and view', async () => {
    await page.close();
    const other = await browser.newPage({ viewport: { width: 1920, height: 540 } });
    // The next whole minute at least 45 s away, in the district's time zone (the config's default).
    const at = new Date(Math.ceil((Date.now() + 45_000) / 60_000) * 60_000);
    const hhmm = new Intl.DateTimeFormat('en', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(at);
    // A long dwell: the scene stays put while the test waits for the reload.
    const still = SCENES.map((s) => ({ ...s, dwellMs: 600_000 }));
    await withConfig(other, config(apiUrl, { scenes: still, dailyReload: hhmm }));
    const loads: string[] = [];
    other.on('load', () => loads.push(other.url()));
    await other.goto(`${app.url}?mode=wall&lang=zh-CN&theme=dark&scene=pinghu`);
    const title = other.getByRole('region', { name: '当前场景' }).getByRole('heading');
    await expect.poll(() => title.textContent(), { timeout: 60_000 }).toBe('平湖街道');
    // The address names the wall, its scene, scope and layers once the scene is applied.
    const params = () => new URL(other.url()).searchParams;
    const KEYS = ['mode', 'tour', 'scene', 'scope', 'layers', 'lang', 'theme'];
    const named = () => KEYS.map((k) => [k, params().get(k)]);
    await expect.poll(() => named().every(([, v]) => v !== null), { timeout: 20_000 }).toBe(true);
    const before = named();
    expect(Object.fromEntries(before)).toMatchObject({
      mode: 'wall',
      tour: 'on',
      scene: 'pinghu',
      scope: PINGHU,
    });
    await expect.poll(() => loads.length, { timeout: 150_000, interval: 1000 }).toBe(2);
    await expect.poll(() => title.textContent(), { timeout: 60_000 }).toBe('平湖街道');
    await expect.poll(named, { timeout: 20_000 }).toEqual(before);
    await other.close();
  }, 240_000);
});
