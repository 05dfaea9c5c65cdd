/**
 * A layer is one file: a copy of the project with one extra file in layers/ builds into an
 * app whose catalog lists that layer and whose map draws it, whose click opens it in the
 * drawer, whose area statistics count it, and whose emergency rings and "nearby" count it
 * by the roles it declares, with no change in src/. And the catalog stays usable with the
 * real platform's 380 layers.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import gcoord from 'gcoord';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeServer } from '../../mock-server/node';
import type { LayerInfo } from '@ioc/contract/contract';
import { changedAt } from './diff';
import { browserAvailable, launchBrowser, type Served, serveDist, VIEWPORT, withConfig } from './harness';
import { decodePng, project } from './pixels';
import { drawPolygon, MAP_NAME, mapSize, openApp, screenshotMap, settle } from './steps';

const camera = { center: [114.19, 22.69] as [number, number], zoom: 10.4 };
// Sensors on a grid over Longgang, in the API's CRS (GCJ-02).
const sensors = Array.from({ length: 30 }, (_, i) => {
  const wgs: [number, number] = [114.1 + (i % 6) * 0.035, 22.62 + Math.floor(i / 6) * 0.035];
  return {
    wgs,
    feature: {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: gcoord.transform(wgs, gcoord.WGS84, gcoord.GCJ02) },
      properties: { id: `ns-${i}`, name: `噪声监测点${i + 1}`, regionId: '440307001', decibels: 50 + i },
    },
  };
});

describe.skipIf(!browserAvailable())('a layer is one file', () => {
  let browser: Browser;
  let app: Served;
  let api: Awaited<ReturnType<typeof startNodeServer>>;
  let copy: string;

  beforeAll(async () => {
    copy = mkdtempSync(join(tmpdir(), 'ioc-plugin-'));
    for (const p of [
      'index.html',
      'vite.config.ts',
      'package.json',
      'scripts',
      'src',
      'layers',
      'mock-server',
      'public',
    ]) {
      cpSync(p, join(copy, p), { recursive: true });
    }
    symlinkSync(resolve('node_modules'), join(copy, 'node_modules'));
    cpSync('test/fixtures/layers/noise-sensors.layer.ts', join(copy, 'layers/noise-sensors.layer.ts'));
    await build({
      root: copy,
      configFile: join(copy, 'vite.config.ts'),
      logLevel: 'silent',
      build: { outDir: join(copy, 'dist') },
    });
    [browser, app, api] = await Promise.all([
      launchBrowser(),
      serveDist(join(copy, 'dist')),
      startNodeServer({ port: 0, host: '127.0.0.1' }),
    ]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await api?.close();
    rmSync(copy, { recursive: true, force: true });
  });

  async function open(extra: (page: Page) => Promise<void>, query = 'mode=planner'): Promise<Page> {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await withConfig(page, {
      apiBaseUrl: `${new URL(api.url).origin}/api/v1`,
      embeddedMock: { enabled: false },
      basemap: { type: 'style', url: 'basemap/style-dark.json' },
    });
    await page.route('**/api/v1/layers/noise-sensors/features**', (route) =>
      route.fulfill({ json: { type: 'FeatureCollection', features: sensors.map((s) => s.feature) } }),
    );
    await extra(page);
    await openApp(
      page,
      `${app.url}?${query}&layers=admin-boundaries&c=${camera.center.join(',')},${camera.zoom}`,
    );
    return page;
  }

  it('lists the new layer in the catalog and draws its data on the map', async () => {
    const page = await open(async () => {});
    const before = decodePng(await screenshotMap(page));
    await page.getByRole('checkbox', { name: '噪声监测点', exact: true }).check();
    await expect
      .poll(() => page.getByRole('listitem', { name: '噪声监测点' }).textContent())
      .toContain('30 个');
    await settle(page);
    const after = decodePng(await screenshotMap(page));
    const size = await mapSize(page);
    const drawn = sensors.filter((s) => {
      const [x, y] = project(s.wgs, camera, size);
      return x > 380 && changedAt(before, after, x, y, 2);
    });
    const visible = sensors.filter((s) => project(s.wgs, camera, size)[0] > 380);
    expect(visible.length).toBeGreaterThan(10);
    // A sensor may sit under a panel floating on the map; nearly all must show.
    expect(drawn.length).toBeGreaterThanOrEqual(Math.floor(visible.length * 0.9));
    expect(await page.getByRole('list', { name: '噪声监测点 图例' }).textContent()).toContain('监测点');

    // Hovering names a sensor, a click opens it in the drawer (the default click role); the
    // boundaries, drawn above and clicked to scope, are turned off first.
    await page.getByRole('checkbox', { name: '行政区划', exact: true }).uncheck();
    await settle(page);
    const box = (await page.getByRole('region', { name: MAP_NAME }).boundingBox())!;
    const target = drawn[0]!;
    const [cx, cy] = project(target.wgs, camera, size);
    await page.mouse.move(box.x + cx, box.y + cy);
    await expect
      .poll(() => page.locator('.deck-tooltip').textContent())
      .toContain(target.feature.properties.name);
    await page.mouse.click(box.x + cx, box.y + cy);
    const drawer = page.getByRole('region', { name: target.feature.properties.name });
    await expect.poll(() => drawer.textContent()).toContain(`${target.feature.properties.decibels} 分贝`);

    // Area statistics count it: a rectangle drawn over the middle of the map.
    await page.getByRole('tab', { name: '框选统计' }).click();
    const [x0, x1, y0, y1] = [
      box.x + box.width * 0.4,
      box.x + box.width * 0.8,
      box.y + box.height * 0.25,
      box.y + box.height * 0.75,
    ].map(Math.round) as [number, number, number, number];
    await drawPolygon(page, [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
    ]);
    const inside = (m: number) =>
      sensors.filter((s) => {
        const [x, y] = project(s.wgs, camera, size);
        return box.x + x > x0 + m && box.x + x < x1 - m && box.y + y > y0 + m && box.y + y < y1 - m;
      }).length;
    const cell = page
      .getByRole('table', { name: '所选范围内各图层数量与数值合计' })
      .locator('tr[data-layer="noise-sensors"]');
    await expect
      .poll(async () => Number(await cell.getAttribute('data-count')))
      .toBeGreaterThanOrEqual(inside(2));
    expect(Number(await cell.getAttribute('data-count'))).toBeLessThanOrEqual(inside(-2));
    expect(inside(2)).toBeGreaterThan(3);
    await page.close();
  });

  it('takes part in the emergency rings and in "nearby" by the roles it declares', async () => {
    const apiRoot = `${new URL(api.url).origin}/api/v1`;
    const page0 = (await (
      await fetch(`${apiRoot}/events?status=reported,dispatched,handling&limit=1`)
    ).json()) as {
      items: { id: string; location: [number, number] }[];
    };
    const incident = page0.items[0]!;
    // Sensors due north of the incident, in the API's CRS: two in 封控 (≤ 500 m), one in
    // 管控, one in 防范, one beyond the rings; three within the 1 km of the nearby role.
    const around = [100, 300, 800, 1500, 2500].map((m, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [incident.location[0], incident.location[1] + m / 111_195] },
      properties: { id: `near-${i}`, name: `近处监测点${i}`, regionId: '440307001', decibels: 60 },
    }));
    const page = await open(
      async (p) => {
        await p.route('**/api/v1/layers/noise-sensors/features**', (route) =>
          route.fulfill({ json: { type: 'FeatureCollection', features: around } }),
        );
      },
      `mode=operator&event=${encodeURIComponent(incident.id)}&emergency=1`,
    );
    const table = page.getByRole('table', { name: '管控圈内资源' });
    await table.waitFor({ timeout: 60_000 });
    expect(await table.getByRole('rowheader', { name: '噪声监测点' }).count()).toBe(1);
    await expect
      .poll(() => table.locator('td[data-col="noise"]').allTextContents(), { timeout: 30_000 })
      .toEqual(['2', '1', '1']);
    const nearby = page.getByRole('region', { name: '周边资源' });
    await expect.poll(() => nearby.textContent(), { timeout: 30_000 }).toContain('1 公里内噪声监测点3 处');
    await page.close();
  });

  it('stays usable with 380 layers: groups fold, search finds one, and only layers turned on load', async () => {
    const requested: string[] = [];
    const page = await open(async (p) => {
      const real = (await (await fetch(`${new URL(api.url).origin}/api/v1/layers`)).json()) as LayerInfo[];
      const extra: LayerInfo[] = Array.from({ length: 374 }, (_, i) => ({
        id: `platform-layer-${i}`,
        title: `平台图层${String(i).padStart(3, '0')}`,
        group: `专题${(i % 34) + 1}`,
        geometry: 'Point',
        count: 10,
        updatedAt: '2026-11-20T08:00:00+08:00',
        fields: [{ key: 'name', label: '名称', type: 'string' }],
      }));
      await p.route('**/api/v1/layers', (route) => route.fulfill({ json: [...real, ...extra] }));
      await p.route('**/api/v1/layers/platform-layer-*/features**', (route) => {
        requested.push(route.request().url());
        route.fulfill({
          json: { type: 'FeatureCollection', features: sensors.slice(0, 5).map((s) => s.feature) },
        });
      });
    });
    await expect.poll(() => page.locator('details.catalog__group').count()).toBeGreaterThan(30);
    // Folded: the 380 checkboxes are not all on screen at once.
    expect(await page.locator('details.catalog__group[open]').count()).toBe(0);
    await page.getByRole('searchbox', { name: '搜索图层' }).fill('平台图层123');
    const box = page.getByRole('checkbox', { name: '平台图层123', exact: true });
    await box.waitFor();
    // Of the catalog's 380, only the one found is left (the planner's own controls aside).
    expect(await page.locator('#layer-catalog').getByRole('checkbox').count()).toBe(1);
    expect(requested).toEqual([]);
    await box.check();
    await expect.poll(() => requested.length).toBe(1);
    expect(requested[0]).toContain('platform-layer-123');
    await page.close();
  });
});
