/**
 * The planner's workbench in the browser: an analysis result equals a direct computation,
 * a drawn polygon counts what is inside it, exports parse and hold exactly the filtered
 * features, a saved view round-trips, and the mode's screenshot for docs/.
 */
import { readFile } from 'node:fs/promises';
import distance from '@turf/distance';
import gcoord from 'gcoord';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  keepScreenshot,
  launchBrowser,
  type Served,
  serveDist,
  watchPage,
} from './harness';
import { colorDistance, decodePng, insidePolygon, pixel, project } from './pixels';
import { MAP_NAME, openApp, settle } from './steps';

const SIZE = { width: 1920, height: 1080 };
const CAMERA = { center: [114.19, 22.69] as [number, number], zoom: 10.6 };

interface Feat {
  geometry: { type: string; coordinates: number[] };
  properties: Record<string, unknown> & { id: string; regionId: string };
}

/** The API's data as the page's own fetch gets it (the embedded mock answers in the page). */
async function apiGet<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (p) => (await fetch(`api/v1${p}`)).json(), path) as Promise<T>;
}

/** The API serves GCJ-02; the app shows WGS84 (the embedded basemap's CRS). */
const toWgs = (p: number[]) =>
  gcoord.transform(p as [number, number], gcoord.GCJ02, gcoord.WGS84) as [number, number];

describe.skipIf(!browserAvailable())('planner workbench', () => {
  let browser: Browser;
  let app: Served;
  let page: Page;
  beforeAll(async () => {
    [browser, app] = await Promise.all([launchBrowser(), serveDist()]);
    page = await browser.newPage({ viewport: SIZE, acceptDownloads: true });
    watchPage(page);
    await openApp(
      page,
      `${app.url}?mode=planner&layers=admin-boundaries,kiosks,medical&c=114.19,22.69,10.6,0,0`,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows the 15-minute coverage by street and the screenshot of the mode', async () => {
    await page.getByRole('tab', { name: '15分钟圈' }).click();
    const table = page.getByRole('table', { name: '各街道15分钟圈人口覆盖率' });
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 60_000 }).toBe(11);
    // Every street's share is a percentage in 0..100 and the district line names the 50 kiosks.
    for (const cell of await table.locator('td[data-share]').all()) {
      const share = Number(await cell.getAttribute('data-share'));
      expect(share).toBeGreaterThanOrEqual(0);
      expect(share).toBeLessThanOrEqual(1);
    }
    await expect.poll(() => page.getByRole('tabpanel').textContent()).toContain('已建成自助区 50 个');

    // The same method, written again here from the API's data: a regular grid of about 48
    // points inside each community, each carrying an equal share of its population, covered
    // when an existing kiosk is within 940 m great-circle.
    const communities = await apiGet<{ features: Feat[] }>(page, '/regions?level=community');
    const kiosks = (await apiGet<{ features: Feat[] }>(page, '/layers/kiosks/features')).features
      .filter((k) => k.properties.status === 'existing')
      .map((k) => toWgs(k.geometry.coordinates));
    const coveredByStreet = new Map<string, number>();
    for (const c of communities.features) {
      const g = c.geometry as unknown as { type: string; coordinates: number[][][] | number[][][][] };
      const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][];
      const rings = polys.map((poly) => poly.map((ring) => ring.map((p) => toWgs(p))));
      const all = rings.flat(2);
      const [x0, x1] = [Math.min(...all.map((p) => p[0]!)), Math.max(...all.map((p) => p[0]!))];
      const [y0, y1] = [Math.min(...all.map((p) => p[1]!)), Math.max(...all.map((p) => p[1]!))];
      const step = Math.sqrt(((x1 - x0) * (y1 - y0)) / 48);
      const pts: [number, number][] = [];
      for (let y = y0 + step / 2; y < y1; y += step)
        for (let x = x0 + step / 2; x < x1; x += step)
          if (rings.some((r) => insidePolygon([x, y], r))) pts.push([x, y]);
      if (pts.length === 0) {
        const centre = c.properties.center as number[] | undefined;
        const ring = rings[0]![0]!;
        pts.push(
          centre
            ? toWgs(centre)
            : [
                ring.reduce((a, p) => a + p[0]!, 0) / ring.length,
                ring.reduce((a, p) => a + p[1]!, 0) / ring.length,
              ],
        );
      }
      const each = (c.properties.population as number) / pts.length;
      const covered = pts.filter((p) =>
        kiosks.some((k) => distance(p, k, { units: 'meters' }) <= 940),
      ).length;
      const street = c.properties.parentId as string;
      coveredByStreet.set(street, (coveredByStreet.get(street) ?? 0) + covered * each);
    }
    expect(coveredByStreet.size).toBe(11);
    for (const [street, covered] of coveredByStreet) {
      const cell = table.locator(`tr[data-region="${street}"] td`).nth(1);
      const shown = Number((await cell.textContent())!.replace(/,/g, ''));
      expect(Math.abs(shown - covered), street).toBeLessThanOrEqual(1);
    }
    await settle(page);
    keepScreenshot('screenshot-mode-planner.png', await page.screenshot());
  });

  it('medical allocation per 10,000 equals beds / population from the API', async () => {
    await page.getByRole('tab', { name: '医疗配置' }).click();
    const table = page.getByRole('table', { name: '各街道每万人床位数与医生数' });
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 30_000 }).toBe(11);
    const streets = await apiGet<{ features: Feat[] }>(page, '/regions?level=street');
    const communities = await apiGet<{ features: Feat[] }>(page, '/regions?level=community');
    const medical = await apiGet<{ features: Feat[] }>(page, '/layers/medical/features');
    const streetOf = new Map<string, string>();
    for (const s of streets.features) streetOf.set(s.properties.id, s.properties.id);
    for (const c of communities.features) streetOf.set(c.properties.id, c.properties.parentId as string);
    for (const s of streets.features) {
      const id = s.properties.id;
      const mine = medical.features.filter((f) => streetOf.get(f.properties.regionId) === id);
      const beds = mine.reduce((a, f) => a + (f.properties.beds as number), 0);
      const expected = (beds / (s.properties.population as number)) * 10_000;
      const row = table.locator(`tr[data-region="${id}"]`);
      const shown = (await row.locator('td').nth(2).textContent())!.replace(/,/g, '');
      expect(Number(shown)).toBeCloseTo(expected, 2);
      expect(Number((await row.locator('td').nth(1).textContent())!.replace(/,/g, ''))).toBe(beds);
    }
  });

  it('counts the features inside a polygon drawn on the map', async () => {
    await page.getByRole('tab', { name: '框选统计' }).click();
    await page.getByRole('button', { name: '画多边形' }).click();
    const box = (await page.getByRole('region', { name: MAP_NAME }).boundingBox())!;
    const size = { width: box.width, height: box.height };
    // A screen rectangle, clicked corner by corner on whole pixels.
    const [x0, x1, y0, y1] = [
      Math.round(box.x + box.width * 0.45),
      Math.round(box.x + box.width * 0.75),
      Math.round(box.y + box.height * 0.3),
      Math.round(box.y + box.height * 0.7),
    ];
    const corners = [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
    ] as const;
    for (const [i, [x, y]] of corners.entries()) {
      await page.mouse.click(x, y);
      // Each click is a vertex once the tool says so.
      await page.getByText(`已点击 ${i + 1} 个点`).waitFor();
    }
    await page.getByRole('button', { name: '完成' }).click();
    const table = page.getByRole('table', { name: '所选范围内各图层数量与数值合计' });
    for (const layer of ['kiosks', 'medical']) {
      const fc = await apiGet<{ features: Feat[] }>(page, `/layers/${layer}/features`);
      // Where each feature is on screen (same projection as the map); a feature within 2 px of
      // the edge may fall either way with sub-pixel rounding, so it is allowed on both sides.
      const at = fc.features.map((f) => {
        const [px, py] = project(toWgs(f.geometry.coordinates), CAMERA, size);
        return [box.x + px, box.y + py] as const;
      });
      const within = (m: number) =>
        at.filter(([x, y]) => x > x0 + m && x < x1 - m && y > y0 + m && y < y1 - m).length;
      const sure = within(2);
      const maybe = within(-2);
      expect(sure).toBeGreaterThan(0);
      await expect
        .poll(async () => Number(await table.locator(`tr[data-layer="${layer}"]`).getAttribute('data-count')))
        .toBeGreaterThanOrEqual(sure);
      const shown = Number(await table.locator(`tr[data-layer="${layer}"]`).getAttribute('data-count'));
      expect(shown).toBeLessThanOrEqual(maybe);
      // The test is not vacuous: few features sit in the uncertain band.
      expect(maybe - sure).toBeLessThanOrEqual(Math.max(3, sure * 0.1));
    }
    await page.getByRole('button', { name: '清除' }).click();
  });

  it('exports CSV and GeoJSON holding exactly the filtered features', async () => {
    await page
      .getByRole('group', { name: '24小时政务服务自助区 筛选' })
      .getByRole('checkbox', { name: '已建成' })
      .check();
    await page.getByRole('tab', { name: '导出' }).click();
    const kiosks = await apiGet<{ features: Feat[] }>(page, '/layers/kiosks/features');
    const medical = await apiGet<{ features: Feat[] }>(page, '/layers/medical/features');
    const existing = kiosks.features
      .filter((f) => f.properties.status === 'existing')
      .map((f) => f.properties.id);
    expect(existing.length).toBe(50);

    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 CSV' }).click(),
    ]);
    expect(csvDownload.suggestedFilename()).toMatch(/\.csv$/);
    const csv = (await readFile((await csvDownload.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const rows = csv
      .trim()
      .split(/\r?\n/)
      .map((r) => r.split(','));
    const header = rows[0]!;
    expect(header.slice(0, 3)).toEqual(['图层', '编号', '名称']);
    expect(header).toContain('状态');
    const idCol = header.indexOf('编号');
    const layerCol = header.indexOf('图层');
    const kioskRows = rows.slice(1).filter((r) => r[layerCol] === '24小时政务服务自助区');
    expect(kioskRows.map((r) => r[idCol]).sort()).toEqual([...existing].sort());
    expect(kioskRows.every((r) => r[header.indexOf('状态')] === 'existing')).toBe(true);
    expect(rows.length - 1 - kioskRows.length).toBe(medical.features.length);

    const [geoDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 GeoJSON' }).click(),
    ]);
    const geo = JSON.parse(await readFile((await geoDownload.path())!, 'utf8')) as {
      type: string;
      metadata: { crs: string };
      features: Feat[];
    };
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.metadata.crs).toBe('WGS84');
    const geoKiosks = geo.features.filter((f) => f.properties.layer === 'kiosks');
    expect(geoKiosks.map((f) => f.properties.id).sort()).toEqual([...existing].sort());
    // Coordinates are the basemap's (WGS84), converted from the API's GCJ-02.
    const first = geoKiosks[0]!;
    const source = kiosks.features.find((f) => f.properties.id === first.properties.id)!;
    const [lng, lat] = toWgs(source.geometry.coordinates);
    expect(first.geometry.coordinates[0]).toBeCloseTo(lng, 6);
    expect(first.geometry.coordinates[1]).toBeCloseTo(lat, 6);
    expect(geo.features.length - geoKiosks.length).toBe(medical.features.length);

    // The map picture: the map's size plus a 64-pixel title band, the map itself drawn into it.
    const [pngDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出地图 PNG' }).click(),
    ]);
    if (process.env.DEBUG_SHOTS) await pngDownload.saveAs('scratch/planner-export.png');
    const png = decodePng(await readFile((await pngDownload.path())!));
    const mapBox = (await page.getByRole('region', { name: MAP_NAME }).boundingBox())!;
    expect(png.width).toBe(Math.round(mapBox.width));
    expect(png.height).toBe(Math.round(mapBox.height) + 64);
    // Below the band, the picture is the map on screen: compare the middle of the map, clear
    // of the catalog (left) and the legend (bottom right) that lie over it on screen.
    const screen = decodePng(await page.getByRole('region', { name: MAP_NAME }).screenshot());
    let same = 0;
    let probes = 0;
    for (let y = Math.round(screen.height * 0.15); y < screen.height * 0.6; y += 23)
      for (let x = Math.round(screen.width * 0.35); x < screen.width * 0.75; x += 29) {
        probes++;
        if (colorDistance(pixel(png, x, y + 64), pixel(screen, x, y)) < 40) same++;
      }
    expect(probes).toBeGreaterThan(100);
    expect(same / probes).toBeGreaterThan(0.85);
  });

  it('saves a view, reopens it and shares it as a URL', async () => {
    await page.getByRole('tab', { name: '视图' }).click();
    await page.getByRole('textbox', { name: '视图名称' }).fill('已建成自助区');
    await page.getByRole('button', { name: '保存视图' }).click();
    await page.getByRole('checkbox', { name: '24小时政务服务自助区', exact: true }).uncheck();
    await page.getByRole('checkbox', { name: '医疗资源', exact: true }).uncheck();
    await page.getByRole('button', { name: '打开 已建成自助区' }).click();
    await expect
      .poll(() => page.getByRole('checkbox', { name: '医疗资源', exact: true }).isChecked())
      .toBe(true);
    expect(await page.getByRole('checkbox', { name: '24小时政务服务自助区', exact: true }).isChecked()).toBe(
      true,
    );
    expect(
      await page
        .getByRole('group', { name: '24小时政务服务自助区 筛选' })
        .getByRole('checkbox', { name: '已建成' })
        .isChecked(),
    ).toBe(true);
    await page.getByRole('button', { name: '复制 已建成自助区 链接' }).click();
    const link = await page.getByRole('textbox', { name: '已建成自助区 分享链接' }).inputValue();
    expect(link).toContain('mode=planner');
    expect(link).toContain('f=kiosks.status:existing');
    // Saved views outlive a reload.
    await page.reload();
    await page.getByRole('tab', { name: '视图' }).click();
    await expect.poll(() => page.getByRole('button', { name: '打开 已建成自助区' }).count()).toBe(1);
  });
  it('compares two layer sets with a swipe, cameras in step', async () => {
    await page.getByRole('tab', { name: '对比' }).click();
    await page
      .getByRole('group', { name: '地图 B 的图层' })
      .getByRole('checkbox', { name: '24小时政务服务自助区' })
      .check();
    await page.getByRole('button', { name: '显示卷帘对比' }).click();
    const mapB = page.getByRole('complementary', { name: '对比地图 B' });
    const idle = () => settle(page);
    await expect.poll(() => page.getByRole('region', { name: MAP_NAME }).count()).toBe(2);
    await idle();
    // Pan map A by hand, left of the swipe line and right of the catalog: map B follows.
    const box = (await page.getByRole('region', { name: MAP_NAME }).first().boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.42, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.42, { steps: 8 });
    await page.mouse.up();
    // The pan has ended once the camera it left behind is in the address.
    await expect
      .poll(() => Number(new URL(page.url()).searchParams.get('c')?.split(',')[0]), { timeout: 20_000 })
      .not.toBeCloseTo(114.19, 2);
    await idle();
    keepScreenshot('screenshot-mode-planner-compare.png', await page.screenshot());
    // B over the whole width, then A alone: where both draw the same layers, the same pixels.
    await page.getByRole('slider', { name: '卷帘位置' }).fill('0');
    await idle();
    const imgB = decodePng(await mapB.screenshot());
    await page.getByRole('button', { name: '显示卷帘对比' }).click();
    await expect.poll(() => page.getByRole('region', { name: MAP_NAME }).count()).toBe(1);
    await settle(page);
    const imgA = decodePng(await page.getByRole('region', { name: MAP_NAME }).screenshot());
    expect([imgB.width, imgB.height]).toEqual([imgA.width, imgA.height]);
    let n = 0;
    let differ = 0;
    for (let y = imgA.height * 0.25; y < imgA.height * 0.85; y += 4)
      for (let x = imgA.width * 0.45; x < imgA.width * 0.95; x += 4) {
        n++;
        if (colorDistance(pixel(imgA, x, y), pixel(imgB, x, y)) > 60) differ++;
      }
    expect(differ / n).toBeLessThan(0.05);
  });
});
