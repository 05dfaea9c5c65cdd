/**
 * The wall in a real browser, on the Node mock server: the fixed design canvas scales to
 * the window without reflow; the tour advances through its scenes (title, URL camera and
 * layers, progress cue) and holds while a severity-4 alert waits; the emergency switch
 * draws the three control rings (read from the pixels) with the counts a direct
 * computation from the API gives. `npm run screenshots` keeps docs/screenshot-mode-wall*.png.
 */
import distance from '@turf/distance';
import gcoord from 'gcoord';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IocEvent } from '@ioc/contract/contract';
import {
  closeWorld,
  inject,
  LONGGANG,
  listAll,
  manualClock,
  postAction,
  startWorld,
  type World,
  waitLive,
} from './events-steps';
import { browserAvailable, keepScreenshot, type Served, watchPage, withConfig } from './harness';
import { pageTimePasses, settle } from './steps';
import { decodePng, distanceNear, type Image, project } from './pixels';

const DESIGN = { width: 3840, height: 1080 };
const RINGS = [500, 1000, 2000] as const;
const DWELL = 4000;
const basemap = { type: 'style', url: 'basemap/style-dark.json', lightUrl: 'basemap/style-light.json' };
const SCENES = [
  {
    id: 'overview',
    title: { 'zh-CN': '全区态势总览', en: 'District overview' },
    camera: { center: [114.22, 22.68], zoom: 11.1 },
    layers: ['admin-boundaries', 'live-events'],
    dwellMs: DWELL,
  },
  {
    id: 'kiosks',
    title: { 'zh-CN': '政务服务驿站', en: 'Service kiosks' },
    camera: { center: [114.16, 22.66], zoom: 11.6 },
    layers: ['admin-boundaries', 'kiosks', 'live-events'],
    dwellMs: DWELL,
  },
];

type Fc = {
  features: { geometry: { coordinates: [number, number] }; properties: Record<string, unknown> }[];
};

/** The point `meters` from `from` towards `bearing` (degrees), on a sphere (as turf). */
function destination(from: [number, number], meters: number, bearing: number): [number, number] {
  const R = 6_371_008.8;
  const rad = Math.PI / 180;
  const [lng1, lat1] = [from[0] * rad, from[1] * rad];
  const d = meters / R;
  const b = bearing * rad;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
  const lng2 =
    lng1 +
    Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return [lng2 / rad, lat2 / rad];
}

function cameraOf(url: string) {
  const c = new URL(url).searchParams.get('c')!.split(',').map(Number);
  return { center: [c[0], c[1]] as [number, number], zoom: c[2] as number };
}

describe.skipIf(!browserAvailable())('the wall', () => {
  let world: World;
  let browser: Browser;
  let app: Served;
  let apiUrl: string;
  let origin: string;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;
  let incident: IocEvent;
  const clock = manualClock();
  const canvas = () => page.getByRole('region', { name: '大屏' });
  const sceneTitle = () => page.getByRole('region', { name: '当前场景' }).getByRole('heading');
  const progress = async () =>
    Number(await page.getByRole('progressbar', { name: '轮播进度' }).getAttribute('aria-valuenow'));

  beforeAll(async () => {
    world = await startWorld({ seed: 11, tickMs: 0, clock, eventRate: 2, heartbeatMs: 2000 });
    ({ browser, app, apiUrl, origin } = world);
    // Start from a wall with no critical event waiting, so the tour runs.
    for (const e of await listAll(apiUrl, 'status=reported'))
      if (e.severity === 4)
        await postAction(apiUrl, 'district-demo', e.id, { action: 'dispatch', toRegionId: e.regionId });
    page = await browser.newPage({ viewport: { width: 1920, height: 540 } });
    watch = watchPage(page);
    await withConfig(page, {
      apiBaseUrl: apiUrl,
      embeddedMock: { enabled: false },
      basemap,
      wall: { designSize: DESIGN, scenes: SCENES, tourEnabled: true },
      emergency: { ringsM: RINGS },
    });
    await page.goto(`${app.url}?mode=wall&lang=zh-CN&theme=dark`);
    await waitLive(page, 60_000).catch((e: Error) => {
      throw new Error(`${e.message}; console: ${watch.consoleErrors.slice(0, 5).join(' | ')}`);
    });
  }, 120_000);
  afterAll(() => closeWorld(world));

  it('lays out once at its design size and scales to the window, letterboxed, without reflow', async () => {
    const map = page.locator('#map');
    const layoutAt = () =>
      map.evaluate((el: HTMLElement) => ({ w: el.offsetWidth, h: el.offsetHeight, x: el.offsetLeft }));
    const small = await layoutAt();
    expect(await canvas().getAttribute('data-scale')).toBe('0.5000');
    const box = (await canvas().boundingBox())!;
    expect([box.width, box.height]).toEqual([1920, 540]);
    await page.setViewportSize({ width: 1600, height: 900 });
    await expect
      .poll(() => canvas().getAttribute('data-scale'), { timeout: 10_000 })
      .toBe((1600 / 3840).toFixed(4));
    const letterboxed = (await canvas().boundingBox())!;
    expect(letterboxed.width).toBeCloseTo(1600, 0);
    expect(letterboxed.height).toBeCloseTo(450, 0);
    expect(letterboxed.y).toBeCloseTo(225, 0); // centred: bands above and below
    expect(await layoutAt()).toEqual(small); // same layout in design pixels: nothing reflowed
    expect(small.w).toBeGreaterThan(1500);
    // Body text on the wall is at least 20 design pixels.
    const size = await page
      .locator('.event-row__main')
      .first()
      .evaluate(
        (el) =>
          Number.parseFloat(getComputedStyle(el).fontSize) *
          Number(getComputedStyle(el.closest('.wall-side')!).zoom || 1),
      );
    expect(size).toBeGreaterThanOrEqual(20);
  });

  it('tours through the scenes from config with a moving progress cue', async () => {
    const first = await sceneTitle().textContent();
    const p1 = await progress();
    await expect.poll(progress, { timeout: 10_000 }).not.toBe(p1);
    const p2 = await progress();
    const seen = new Set([first]);
    if (p2 > p1) expect(p2).toBeGreaterThan(p1);
    else expect(p1).toBeGreaterThan(50); // it wrapped to the next scene in between
    const before = { title: first, url: page.url() };
    await expect.poll(() => sceneTitle().textContent(), { timeout: DWELL * 3 }).not.toBe(before.title);
    const next = await sceneTitle().textContent();
    seen.add(next);
    const scene = SCENES.find((s) => s.title['zh-CN'] === next)!;
    await expect.poll(() => cameraOf(page.url()).zoom, { timeout: 10_000 }).toBeCloseTo(scene.camera.zoom, 2);
    // The address names the scene, so a reload or a shared link opens the tour where it was.
    expect(new URL(page.url()).searchParams.get('scene')).toBe(scene.id);
    // The scene's layers are on, stacked by each layer's rank.
    expect(new URL(page.url()).searchParams.get('layers')!.split(',').sort()).toEqual(
      [...scene.layers].sort(),
    );
    // And on again to the other scene.
    await expect.poll(() => sceneTitle().textContent(), { timeout: DWELL * 3 }).not.toBe(next);
    seen.add(await sceneTitle().textContent());
    expect(seen.size).toBe(2);
    expect(await page.getByRole('status').filter({ hasText: '自动轮播' }).count()).toBe(1);
  });

  it('holds the tour while a severity-4 alert waits for dispatch', async () => {
    incident = await inject(origin, {
      regionId: LONGGANG,
      severity: 4,
      source: 'iot',
      category: 'gas',
      title: '龙岗大道燃气泄漏，现场有明显异味',
    });
    await page.getByRole('region', { name: '特别严重事件' }).waitFor({ timeout: 10_000 });
    const state = page.getByRole('status').filter({ hasText: '轮播暂停' });
    await expect.poll(() => state.textContent(), { timeout: 3000 }).toContain('告警中');
    const title = await sceneTitle().textContent();
    const held = await progress();
    // Held means nothing moves for longer than a scene's dwell: only time can show that.
    await pageTimePasses(page, DWELL + 1500);
    expect(await sceneTitle().textContent()).toBe(title);
    expect(await progress()).toBe(held);
  });

  it('draws the enlarged KPI charts with a backing pixel for every screen pixel, so they stay sharp', async () => {
    await page.setViewportSize(DESIGN);
    const charts = page.locator('.wall-side--left').getByRole('img');
    await expect.poll(() => charts.locator('canvas').count(), { timeout: 10_000 }).toBeGreaterThan(2);
    const ratios = await charts
      .locator('canvas')
      .evaluateAll((cs) => cs.map((c) => (c as HTMLCanvasElement).width / c.getBoundingClientRect().width));
    // The side panels are zoomed 1.45× on the wall: a chart drawn at the device ratio alone
    // would have 0.69 backing pixels per screen pixel.
    for (const r of ratios) expect(r).toBeGreaterThanOrEqual(0.98);
  });

  it('the emergency switch draws the three rings around the incident, with the counts inside each', async () => {
    await page.setViewportSize(DESIGN);
    const toggle = page.getByRole('button', { name: '平战切换' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => new URL(page.url()).searchParams.get('emergency')).toBe('1');
    const focus = page.getByRole('region', { name: '事件聚焦' });
    await expect.poll(() => focus.textContent(), { timeout: 10_000 }).toContain('龙岗大道燃气泄漏');
    const table = focus.getByRole('table', { name: '管控圈内资源' });
    await table.waitFor({ timeout: 30_000 });
    // The map frames the outer ring; wait until the camera has stopped.
    let last = '';
    await expect
      .poll(
        () => {
          const c = new URL(page.url()).searchParams.get('c') ?? '';
          const still = c !== '' && c === last;
          last = c;
          return still;
        },
        // Two readings a flight's length apart (1.2 s) that agree: the camera has stopped.
        { timeout: 20_000, interval: 1300 },
      )
      .toBe(true);
    await settle(page);
    const camera = cameraOf(page.url());
    const mapBox = (await page.locator('#map').boundingBox())!;
    const on = decodePng(await page.screenshot());
    keepScreenshot('screenshot-mode-wall-emergency.png', await page.screenshot());

    await toggle.click(); // back to peacetime: the camera stays (the alert still holds the tour)
    await focus.waitFor({ state: 'detached', timeout: 10_000 });
    await settle(page);
    expect(cameraOf(page.url())).toEqual(camera);
    const off = decodePng(await page.screenshot());

    // Pixels on each ring's circumference changed to (near) that ring's colour.
    const centre = gcoord.transform(incident.location, gcoord.GCJ02, gcoord.WGS84) as [number, number];
    const colours = [
      [255, 59, 48],
      [255, 149, 0],
      [255, 214, 10],
    ];
    const size = { width: mapBox.width, height: mapBox.height };
    // Cards that float over the map (the severe-alert card, the layer button) hide parts of
    // a ring; only probe what a viewer can see.
    const covers = (
      await Promise.all(
        [page.getByRole('region', { name: '特别严重事件' }), page.locator('.maplibregl-ctrl-attrib')].map(
          async (l) => ((await l.count()) ? l.first().boundingBox() : null),
        ),
      )
    ).filter((b) => b !== null);
    const hidden = (x: number, y: number) =>
      covers.some((b) => x >= b.x - 6 && x <= b.x + b.width + 6 && y >= b.y - 6 && y <= b.y + b.height + 6);
    RINGS.forEach((r, i) => {
      let drawn = 0;
      let probes = 0;
      for (let bearing = -180; bearing < 180; bearing += 15) {
        const p = destination(centre, r, bearing);
        const [x, y] = project(p, camera, size);
        if (x < 4 || y < 4 || x > size.width - 4 || y > size.height - 4) continue;
        if (hidden(mapBox.x + x, mapBox.y + y)) continue;
        probes++;
        const near = (img: Image) => distanceNear(img, mapBox.x + x, mapBox.y + y, colours[i]!);
        if (near(on) < 70 && near(off) > 90) drawn++;
      }
      expect(probes, `ring ${r} m in view`).toBeGreaterThan(12);
      expect(drawn / probes, `ring ${r} m drawn`).toBeGreaterThan(0.8);
    });

    // The counts equal a direct computation from the API's own data (annuli, API CRS).
    const dLat = (RINGS[2] * 1.2) / 111_320;
    const dLng = dLat / Math.cos((incident.location[1] * Math.PI) / 180);
    const [lng, lat] = incident.location;
    const bbox = [lng - dLng, lat - dLat, lng + dLng, lat + dLat].join(',');
    const get = async (layer: string) =>
      (await (await fetch(`${apiUrl}/layers/${layer}/features?bbox=${bbox}`)).json()) as Fc;
    const ringOf = (at: [number, number]) => {
      const d = distance(incident.location, at, { units: 'meters' });
      return d <= RINGS[0] ? 0 : d <= RINGS[1] ? 1 : d <= RINGS[2] ? 2 : -1;
    };
    const expected = RINGS.map(() => ({
      kindergartens: 0,
      cameras: 0,
      hospitals: 0,
      medical: 0,
      beds: 0,
      kiosks: 0,
      stations: 0,
      events: 0,
    }));
    for (const f of (await get('kindergarten-cameras')).features) {
      const i = ringOf(f.geometry.coordinates);
      if (i >= 0) {
        expected[i]!.kindergartens++;
        expected[i]!.cameras += Number(f.properties.cameras);
      }
    }
    for (const f of (await get('medical')).features) {
      const i = ringOf(f.geometry.coordinates);
      if (i >= 0) {
        expected[i]!.medical++;
        expected[i]!.beds += Number(f.properties.beds);
        if (f.properties.kind === 'hospital') expected[i]!.hospitals++;
      }
    }
    for (const f of (await get('kiosks')).features) {
      const i = ringOf(f.geometry.coordinates);
      if (i >= 0) expected[i]!.kiosks++;
    }
    for (const f of (await get('5g-stations')).features) {
      const i = ringOf(f.geometry.coordinates);
      if (i >= 0) expected[i]!.stations++;
    }
    for (const e of await listAll(apiUrl, 'status=reported,dispatched,handling')) {
      const i = ringOf(e.location);
      if (i >= 0 && e.id !== incident.id) expected[i]!.events++;
    }
    await toggle.click(); // on again, to read the table
    await table.waitFor();
    // A row per thing counted, a column per ring: read back as one record per ring.
    const shown = await table.locator('tbody td').evaluateAll((cells) => {
      const rings: Record<string, number>[] = [];
      for (const td of cells as HTMLTableCellElement[]) {
        const i = Number(td.dataset.ring);
        rings[i] = { ...rings[i], [td.dataset.col!]: Number(td.textContent!.replace(/,/g, '')) };
      }
      return rings;
    });
    expect(shown.map(({ residents: _r, ...rest }) => rest)).toEqual(expected);
    expect(expected.reduce((n, r) => n + r.stations, 0)).toBeGreaterThan(0); // the comparison is not vacuous
    expect(shown.some((r) => (r.residents ?? 0) > 0)).toBe(true);
  });

  it('writes the wall screenshot at its design size', async () => {
    const toggle = page.getByRole('button', { name: '平战切换' });
    if ((await toggle.getAttribute('aria-pressed')) === 'true') await toggle.click(); // peacetime
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    const res = await postAction(apiUrl, 'district-demo', incident.id, {
      action: 'dispatch',
      toRegionId: LONGGANG,
    });
    expect(res.status).toBe(200);
    await page.getByRole('region', { name: '特别严重事件' }).waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(() => page.getByRole('status').filter({ hasText: '自动轮播' }).count()).toBe(1);
    await settle(page);
    keepScreenshot('screenshot-mode-wall.png', await page.screenshot());
    expect(watch.consoleErrors.filter((e) => e.startsWith('uncaught'))).toEqual([]);
  });
});
