/**
 * A file dropped on the map becomes a layer (我的图层): a CSV in GCJ-02 and a GeoJSON in
 * WGS84 land where they belong (read from the map's pixels), are counted in the catalog,
 * filter by their own fields, count in a drawn polygon, leave in the GeoJSON export, and
 * are still there after a reload. A broken file says what and where, and changes nothing.
 */
import { readFile } from 'node:fs/promises';
import gcoord from 'gcoord';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, type Served, serveDist, watchPage } from './harness';
import { decodePng, distanceNear, type Image, project } from './pixels';
import { drawPolygon, MAP_NAME, mapSize, openApp, screenshotMap, settle } from './steps';

const SIZE = { width: 1920, height: 1080 };
// Close enough that GCJ-02's offset (~500 m here) is ~60 px: a point left unconverted would miss.
const CAMERA = { center: [114.21, 22.69] as [number, number], zoom: 14 };

type Pos = [number, number];
/** Where the features really are (WGS84), on a grid right of the centre, clear of the catalog. */
const grid = (dy: number): Pos[] =>
  Array.from({ length: 6 }, (_, i) => [
    CAMERA.center[0] + (i % 3) * 0.008,
    CAMERA.center[1] + dy - Math.floor(i / 3) * 0.006,
  ]);
const csvPoints = grid(0.008);
const jsonPoints = grid(-0.006);
const toGcj = (p: Pos) => gcoord.transform(p, gcoord.WGS84, gcoord.GCJ02) as Pos;
/** A point's fill is the legend's colour at 90 % over the basemap: within this of it. */
const COLOUR_NEAR = 40;

const CSV = [
  '名称,经度,纬度,类型,数量',
  ...csvPoints.map((p, i) => {
    const [lng, lat] = toGcj(p);
    return `监测点${i + 1},${lng.toFixed(7)},${lat.toFixed(7)},${i % 2 ? '乙' : '甲'},${10 + i}`;
  }),
].join('\n');
const GEOJSON = JSON.stringify({
  type: 'FeatureCollection',
  features: jsonPoints.map((p, i) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: p },
    properties: { name: `规划点${i + 1}`, 类型: i < 4 ? '甲' : '乙', 数量: i },
  })),
});

/** Drops a file on the map as a browser does: a DataTransfer with the file, dragover then drop. */
async function drop(page: Page, name: string, content: string, before?: () => Promise<void>): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ name, content }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([content], name));
      return dt;
    },
    { name, content },
  );
  await before?.();
  const map = page.getByRole('region', { name: MAP_NAME }).first();
  await map.dispatchEvent('dragover', { dataTransfer: transfer });
  await map.dispatchEvent('drop', { dataTransfer: transfer });
}

describe.skipIf(!browserAvailable())('a file dropped on the map is a layer', () => {
  let browser: Browser;
  let app: Served;
  let page: Page;
  /** The layers under 我的图层 (their rows, not the filters inside them). */
  const mine = () => page.getByRole('list', { name: '我的图层' }).locator(':scope > li');
  const row = (title: string) => page.getByRole('listitem', { name: title });

  beforeAll(async () => {
    [browser, app] = await Promise.all([launchBrowser(), serveDist()]);
    page = await browser.newPage({ viewport: SIZE, acceptDownloads: true });
    watchPage(page);
    await openApp(
      page,
      `${app.url}?mode=planner&layers=admin-boundaries&c=${CAMERA.center.join(',')},${CAMERA.zoom}`,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('draws a GCJ-02 CSV and a GeoJSON where they belong and lists them with their counts', async () => {
    const before = decodePng(await screenshotMap(page));
    await page.getByRole('combobox', { name: '文件坐标系' }).selectOption('GCJ02');
    await drop(page, '监测点.csv', CSV);
    await expect.poll(() => row('监测点').textContent(), { timeout: 30_000 }).toContain('6 个');
    await page.getByRole('combobox', { name: '文件坐标系' }).selectOption('WGS84');
    await drop(page, '规划点.geojson', GEOJSON);
    await expect.poll(() => row('规划点').textContent(), { timeout: 30_000 }).toContain('6 个');
    expect(await mine().count()).toBe(2);
    expect(await page.getByRole('status').filter({ hasText: '已添加“规划点”：6 个要素' }).count()).toBe(1);
    await settle(page);
    const after = decodePng(await screenshotMap(page));
    // The same map, so the same place is the same pixel in both pictures.
    expect([after.width, after.height]).toEqual([before.width, before.height]);
    const size = await mapSize(page);
    const at = (p: Pos) => project(p, CAMERA, size);
    // The legend's colour for each file, and where the map shows it: read from the picture,
    // so a basemap that redraws between the two pictures does not count as a point.
    const colourOf = async (title: string) =>
      ((await row(title).locator('li[data-color]').first().getAttribute('data-color')) ?? '')
        .split(',')
        .map(Number);
    const shows = (img: Image, colour: number[], p: Pos, radius: number) =>
      distanceNear(img, ...at(p), colour, radius) < COLOUR_NEAR;
    for (const [title, points] of [
      ['监测点', csvPoints],
      ['规划点', jsonPoints],
    ] as const) {
      const colour = await colourOf(title);
      for (const p of points) {
        expect(shows(before, colour, p, 2), `${title} ${p} before`).toBe(false);
        expect(shows(after, colour, p, 2), `${title} ${p}`).toBe(true);
      }
      // Drawn at the converted place, not at the GCJ-02 numbers the CSV holds.
      if (title === '监测点') expect(points.map(toGcj).filter((p) => shows(after, colour, p, 2))).toEqual([]);
    }
  });

  it('filters a file by its own fields, and counts it in a drawn polygon', async () => {
    await page.getByRole('group', { name: '监测点 筛选' }).getByRole('checkbox', { name: '甲' }).check();
    await expect.poll(() => row('监测点').textContent()).toContain('显示 3 / 共 6 个');
    await page.getByRole('tab', { name: '框选统计' }).click();
    const box = (await page.getByRole('region', { name: MAP_NAME }).boundingBox())!;
    const size = { width: box.width, height: box.height };
    const xs = [...csvPoints, ...jsonPoints].map((p) => box.x + project(p, CAMERA, size)[0]);
    const ys = [...csvPoints, ...jsonPoints].map((p) => box.y + project(p, CAMERA, size)[1]);
    const [x0, x1, y0, y1] = [
      Math.min(...xs) - 40,
      Math.max(...xs) + 40,
      Math.min(...ys) - 40,
      Math.max(...ys) + 40,
    ];
    await drawPolygon(page, [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
    ]);
    const table = page.getByRole('table', { name: '所选范围内各图层数量与数值合计' });
    const cell = (title: string) => table.getByRole('row', { name: new RegExp(title) });
    await expect.poll(() => cell('监测点').textContent()).toMatch(/^监测点3数量 36/);
    // 规划点: all six, their 数量 summed (0+1+…+5).
    expect(await cell('规划点').textContent()).toMatch(/^规划点6数量 15/);
    await page.getByRole('button', { name: '清除' }).click();
  });

  it('exports the files with the rest, filtered and in the basemap CRS', async () => {
    await page.getByRole('tab', { name: '导出' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 GeoJSON' }).click(),
    ]);
    const geo = JSON.parse(await readFile((await download.path())!, 'utf8')) as {
      metadata: { crs: string; layers: string[] };
      features: { geometry: { coordinates: Pos }; properties: Record<string, unknown> }[];
    };
    expect(geo.metadata.crs).toBe('WGS84');
    const mineIds = geo.metadata.layers.filter((l) => l.startsWith('mine-'));
    expect(mineIds).toHaveLength(2);
    const csvOut = geo.features.filter((f) => String(f.properties.name).startsWith('监测点'));
    expect(csvOut.map((f) => f.properties.类型)).toEqual(['甲', '甲', '甲']);
    for (const f of csvOut) {
      const i = Number(String(f.properties.name).slice(3)) - 1;
      expect(f.geometry.coordinates[0]).toBeCloseTo(csvPoints[i]![0], 5);
      expect(f.geometry.coordinates[1]).toBeCloseTo(csvPoints[i]![1], 5);
    }
    expect(geo.features.filter((f) => String(f.properties.name).startsWith('规划点'))).toHaveLength(6);
  });

  it('refuses a broken file with the problem and its line, and changes nothing', async () => {
    const url = page.url();
    await drop(
      page,
      '坏文件.geojson',
      '{\n  "type": "FeatureCollection",\n  "features": [\n    {"type": "Feature",,}\n  ]\n}',
    );
    const alert = page.getByRole('alert').filter({ hasText: '未能添加 坏文件.geojson' });
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toContain('第 4 行');
    expect(await mine().count()).toBe(2);
    expect(page.url()).toBe(url);
  });

  it('keeps the layers, their filter and their place across a reload', async () => {
    await page.reload();
    await settle(page);
    await expect.poll(() => row('监测点').textContent(), { timeout: 30_000 }).toContain('显示 3 / 共 6 个');
    expect(await row('规划点').textContent()).toContain('6 个');
    expect(await mine().count()).toBe(2);
    expect(await page.getByRole('checkbox', { name: '监测点', exact: true }).isChecked()).toBe(true);
  });

  it("reads a 50,000-feature file off the page's thread: no long task until it is added", async () => {
    const big = JSON.stringify({
      type: 'FeatureCollection',
      features: Array.from({ length: 50_000 }, (_, i) => ({
        type: 'Feature',
        geometry: {
          type: 'Point',
          coordinates: [114.0 + (i % 250) * 0.002, 22.55 + Math.floor(i / 250) * 0.001],
        },
        properties: { name: `点${i}`, 类型: i % 2 ? '甲' : '乙', 值: i },
      })),
    });
    // Watched from the drop (the test's own 5 MB hand-over to the page comes before it) to
    // the moment the catalog says the layer is added.
    const watch = () =>
      page.evaluate(() => {
        const w = window as unknown as { __tasks: number[]; __addedAt?: number };
        w.__tasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (w.__addedAt === undefined) w.__tasks.push(e.duration);
        }).observe({ type: 'longtask' });
        new MutationObserver((_, observer) => {
          const added = [...document.querySelectorAll('[role=status]')].some((s) =>
            s.textContent?.includes('已添加“五万点”'),
          );
          if (added) {
            w.__addedAt = performance.now();
            observer.disconnect();
          }
        }).observe(document.body, { childList: true, subtree: true, characterData: true });
      });
    await drop(page, '五万点.geojson', big, watch);
    await page
      .getByRole('status')
      .filter({ hasText: '已添加“五万点”：50000 个要素' })
      .waitFor({ timeout: 120_000 });
    // Reading, validating and storing 50,000 features held the page up nowhere: the worker
    // did it. (Drawing them is the page's, after this.)
    const tasks = await page.evaluate(() => (window as unknown as { __tasks: number[] }).__tasks);
    expect(Math.max(0, ...tasks)).toBeLessThan(200);
    await expect.poll(() => row('五万点').textContent(), { timeout: 120_000 }).toContain('50,000 个');
  });
});
