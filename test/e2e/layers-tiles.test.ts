/**
 * A layer too large for GeoJSON, drawn from vector tiles through its own definition: with
 * the tile threshold lowered in config.json, the 5G stations come as .mvt tiles (never
 * GET /features), show where they are, and hovering or clicking one still names it.
 */
import { readFileSync } from 'node:fs';
import gcoord from 'gcoord';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../mock-server/api';
import type { Feature, StationProps } from '@ioc/contract/contract';
import { changedAt } from './diff';
import {
  browserAvailable,
  launchBrowser,
  type PageWatch,
  type Served,
  serveDist,
  VIEWPORT,
  watchPage,
  withConfig,
} from './harness';
import { decodePng, project } from './pixels';
import { MAP_NAME, mapSize, openApp, screenshotMap, settle } from './steps';

const ZOOM = 15;
type Station = Feature<StationProps>;
const wgs = (s: Station) =>
  gcoord.transform(s.geometry.coordinates as [number, number], gcoord.GCJ02, gcoord.WGS84) as [
    number,
    number,
  ];

/** The same world the page's embedded mock generates (same seed), read without the page asking. */
async function stations(): Promise<Station[]> {
  const api = createApi({ tickMs: 0 });
  const res = await api.handle(new Request('http://mock.test/api/v1/layers/5g-stations/features'));
  api.close();
  return ((await res.json()) as { features: Station[] }).features;
}

/**
 * A macro station with no other station within ~150 m (so the pointer lands on it alone)
 * and as many as possible within ~1.5 km (so the view around it has stations to look for).
 */
function loneMacro(all: Station[]): Station {
  const pos = all.map(wgs);
  const near = (k: number, d: number) =>
    pos.filter((p, j) => j !== k && Math.abs(p[0] - pos[k]![0]) < d && Math.abs(p[1] - pos[k]![1]) < d)
      .length;
  let best = -1;
  let bestCount = -1;
  all.forEach((s, k) => {
    if (s.properties.kind !== 'macro' || s.properties.issue || k % 7 !== 0 || near(k, 0.0015) > 0) return;
    const count = near(k, 0.015);
    if (count > bestCount) [best, bestCount] = [k, count];
  });
  return all[best]!;
}

describe.skipIf(!browserAvailable())('a layer drawn from vector tiles', () => {
  let browser: Browser;
  let app: Served;
  let page: Page;
  let watch: PageWatch;
  let all: Station[];
  let target: Station;
  let camera: { center: [number, number]; zoom: number };

  beforeAll(async () => {
    [browser, app, all] = await Promise.all([launchBrowser(), serveDist(), stations()]);
    target = loneMacro(all);
    camera = { center: wgs(target), zoom: ZOOM };
    page = await browser.newPage({ viewport: VIEWPORT });
    watch = watchPage(page);
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const config = JSON.parse(readFileSync('public/config.json', 'utf8')) as object;
    await withConfig(page, { ...config, tilesAboveFeatures: 1000, wall: { tourEnabled: false } });
    const tile = page.waitForResponse((r) => r.url().includes('.mvt') && r.ok(), { timeout: 60_000 });
    await openApp(page, `${app.url}?mode=wall&layers=5g-stations&c=${camera.center.join(',')},${ZOOM}`);
    await tile;
    // A critical event may arrive at any moment of the demo, and its card covers a corner of
    // the wall's map (and the pointer): this test is about the tiles, so the card stays out.
    await page.addStyleTag({ content: '.wall-alert { display: none !important; }' });
    await page.getByRole('button', { name: '图层', exact: true }).click();
    const row = page.getByRole('listitem', { name: '5G基站', exact: true });
    await row.getByText('加载中…').waitFor({ state: 'hidden', timeout: 30_000 });
    await settle(page);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('loads the stations as .mvt tiles and never as GeoJSON', () => {
    const tiles = watch.requests.filter((u) =>
      /\/api\/v1\/layers\/5g-stations\/tiles\/15\/\d+\/\d+\.mvt/.test(u),
    );
    expect(tiles.length).toBeGreaterThan(0);
    expect(watch.requests.filter((u) => u.includes('/layers/5g-stations/features'))).toEqual([]);
  });

  it('asks for each tile of the first view once: the layer takes the answers asked for before deck.gl held it', () => {
    const tiles = watch.requests.filter((u) => u.includes('/layers/5g-stations/tiles/'));
    expect(tiles.length).toBeGreaterThan(0);
    expect(tiles).toEqual([...new Set(tiles)]);
  });

  it("shows the API's count in the catalog, not the number of features in the tiles", async () => {
    const row = page.getByRole('listitem', { name: '5G基站', exact: true });
    expect(await row.textContent()).toContain('10,346 个');
    expect(await row.textContent()).not.toContain('显示');
  });

  it('draws the stations where they are, and nothing far from them', async () => {
    const size = await mapSize(page);
    const every = all.map((s) => project(wgs(s), camera, size));
    // Away from the catalog on the left and from the edges (tiles are cut in the data's CRS).
    const pts = every.filter(([x, y]) => x > 370 && y > 150 && x < size.width - 150 && y < size.height - 150);
    expect(pts.length).toBeGreaterThan(5);
    const on = decodePng(await screenshotMap(page));
    await page.getByRole('checkbox', { name: '5G基站', exact: true }).uncheck();
    await settle(page);
    const off = decodePng(await screenshotMap(page));
    const hit = pts.filter(([x, y]) => changedAt(off, on, x, y, 3)).length / pts.length;
    expect(hit, 'share of station positions where the canvas changed').toBeGreaterThan(0.8);
    let far = 0;
    let farChanged = 0;
    for (let x = 370; x < size.width; x += 17) {
      for (let y = 5; y < size.height; y += 23) {
        if (every.some(([px, py]) => Math.abs(px - x) < 60 && Math.abs(py - y) < 60)) continue;
        far++;
        if (changedAt(off, on, x, y, 0)) farChanged++;
      }
    }
    expect(far).toBeGreaterThan(50);
    expect(farChanged / far).toBeLessThan(0.03);
    await page.getByRole('checkbox', { name: '5G基站', exact: true }).check();
    await expect
      .poll(() => page.getByRole('listitem', { name: '5G基站', exact: true }).getByText('加载中…').count())
      .toBe(0);
    await settle(page);
  });

  it('names a station on hover and opens it on click', async () => {
    const size = await mapSize(page);
    const [x, y] = project(wgs(target), camera, size);
    const box = (await page.getByRole('region', { name: MAP_NAME }).boundingBox())!;
    await page.mouse.move(box.x + x, box.y + y);
    await expect.poll(() => page.locator('.deck-tooltip').textContent()).toContain(target.properties.name);
    await page.mouse.click(box.x + x, box.y + y);
    const drawer = page.getByRole('region', { name: target.properties.name });
    await expect.poll(() => drawer.textContent()).toContain('宏站');
  });

  it("asks a scoped view's tiles for that street only", async () => {
    const street = target.properties.regionId;
    const scoped = await browser.newPage({ viewport: VIEWPORT });
    const seen = watchPage(scoped);
    const config = JSON.parse(readFileSync('public/config.json', 'utf8')) as object;
    await withConfig(scoped, { ...config, tilesAboveFeatures: 1000, wall: { tourEnabled: false } });
    const tile = scoped.waitForResponse((r) => r.url().includes('.mvt') && r.ok(), { timeout: 60_000 });
    await openApp(
      scoped,
      `${app.url}?mode=wall&layers=5g-stations&scope=${street}&c=${camera.center.join(',')},13`,
    );
    await tile;
    const tiles = seen.requests.filter((u) => u.includes('/layers/5g-stations/tiles/'));
    expect(tiles.length).toBeGreaterThan(0);
    expect(tiles.every((u) => new URL(u).searchParams.get('region') === street)).toBe(true);
    expect(seen.requests.filter((u) => u.includes('/layers/5g-stations/features'))).toEqual([]);
    await scoped.close();
  });

  it('made no request to another host (the tile worker ships with the app), broke no CSP rule, logged no error', async () => {
    expect(watch.outsideRequests([new URL(app.url).origin])).toEqual([]);
    // What tiles could break: the worker script and the tile requests (URLs).
    const blocked = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    expect(blocked).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
  });
});
