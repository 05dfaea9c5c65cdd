/**
 * The embedded demo in a real browser: it loads cleanly, stays on its own origin, and
 * the canvas shows Longgang's real shape and its eleven streets.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegionCollection } from '@ioc/contract/contract';
import { edgeDistancePx, insideAny, toWgs84Rings } from './geo';
import { browserAvailable, launchBrowser, type Served, serveDist, VIEWPORT, watchPage } from './harness';
import { colorDistance, decodePng, project } from './pixels';
import { mapSize, openApp, screenshotMap, settle } from './steps';

const camera = { center: [114.19, 22.69] as [number, number], zoom: 10.4 };

describe.skipIf(!browserAvailable())('embedded demo', () => {
  let browser: Browser;
  let app: Served;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;

  beforeAll(async () => {
    [browser, app] = await Promise.all([launchBrowser(), serveDist()]);
    page = await browser.newPage({ viewport: VIEWPORT });
    watch = watchPage(page);
    // Only the district frame: live events would dot the fill this test reads.
    await openApp(
      page,
      `${app.url}?c=${camera.center.join(',')},${camera.zoom}&theme=dark&layers=admin-boundaries`,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('loads with no console error and no request to any other host', async () => {
    await expect
      .poll(() => page.getByRole('status', { name: '数据接口' }).textContent(), { timeout: 30_000 })
      .toContain('接口正常');
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.outsideRequests([new URL(app.url).origin])).toEqual([]);
    expect(watch.requests.some((u) => u.includes('/api/v1/regions'))).toBe(true);
  });

  it("draws the district's real shape: pixels inside Longgang differ from pixels outside it", async () => {
    const district = (await page.evaluate(() =>
      fetch('api/v1/regions?level=district').then((r) => r.json()),
    )) as RegionCollection;
    const streets = (await page.evaluate(() =>
      fetch('api/v1/regions?level=street').then((r) => r.json()),
    )) as RegionCollection;
    const outline = toWgs84Rings(district);
    const streetRings = toWgs84Rings(streets);
    const img = decodePng(await screenshotMap(page));
    const size = await mapSize(page);
    const labels = streets.features.map((f) => project(f.properties.center!, camera, size));

    const inside: number[][] = [];
    const outside: number[][] = [];
    let insideBboxOutside = 0;
    const [minLng, maxLng, minLat, maxLat] = [113.95, 114.45, 22.52, 22.86];
    for (let lng = minLng; lng <= maxLng; lng += 0.006) {
      for (let lat = minLat; lat <= maxLat; lat += 0.006) {
        const px = project([lng, lat], camera, size);
        if (px[0] < 4 || px[1] < 4 || px[0] > size.width - 4 || px[1] > size.height - 4) continue;
        // Skip edges (anti-aliased lines) and labels; what is left is plain fill.
        if (edgeDistancePx(px, [...outline, ...streetRings], camera, size) < 6) continue;
        if (labels.some((l) => Math.abs(l[0] - px[0]) < 60 && Math.abs(l[1] - px[1]) < 16)) continue;
        const i = (Math.round(px[1]) * img.width + Math.round(px[0])) * 4;
        const color = [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
        if (insideAny([lng, lat], outline)) inside.push(color);
        else {
          outside.push(color);
          if (lng > 114.05 && lng < 114.38 && lat > 22.57 && lat < 22.82) insideBboxOutside++;
        }
      }
    }
    // The district is not a box: plenty of its bounding box lies outside it.
    expect(insideBboxOutside).toBeGreaterThan(50);
    expect(inside.length).toBeGreaterThan(200);
    const median = (cs: number[][]) =>
      [0, 1, 2].map((k) => cs.map((c) => c[k]!).sort((a, b) => a - b)[Math.floor(cs.length / 2)]!);
    const districtColor = median(inside);
    const near = (c: number[]) => colorDistance(c, districtColor) < 12;
    const insideShare = inside.filter(near).length / inside.length;
    const outsideShare = outside.filter(near).length / outside.length;
    expect(insideShare).toBeGreaterThan(0.95);
    expect(outsideShare).toBeLessThan(0.02);
  });

  it('labels each of the 11 streets on the canvas', async () => {
    const streets = (await page.evaluate(() =>
      fetch('api/v1/regions?level=street').then((r) => r.json()),
    )) as RegionCollection;
    expect(streets.features).toHaveLength(11);
    const img = decodePng(await screenshotMap(page));
    const size = await mapSize(page);
    for (const f of streets.features) {
      const [x, y] = project(f.properties.center!, camera, size);
      let bright = 0;
      for (let dx = -30; dx <= 30; dx++) {
        for (let dy = -10; dy <= 10; dy++) {
          const i = (Math.round(y + dy) * img.width + Math.round(x + dx)) * 4;
          if (img.data[i]! > 180 && img.data[i + 1]! > 190 && img.data[i + 2]! > 200) bright++;
        }
      }
      expect(bright, `label of ${f.properties.name}`).toBeGreaterThan(15);
    }
  });

  it('switches to the light theme from its labelled button and the canvas follows', async () => {
    const before = decodePng(await screenshotMap(page));
    await page.getByRole('button', { name: '主题' }).click();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
    await settle(page);
    const after = decodePng(await screenshotMap(page));
    // A corner far out at sea: dark navy before, pale after.
    const sea = (img: typeof before) => {
      const i = ((img.height - 10) * img.width + (img.width - 10)) * 4;
      return img.data[i]! + img.data[i + 1]! + img.data[i + 2]!;
    };
    expect(sea(after) - sea(before)).toBeGreaterThan(300);
    expect(new URL(page.url()).searchParams.get('theme')).toBe('light');
  });
});
