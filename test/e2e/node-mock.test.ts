/**
 * The same build re-pointed, by config.json alone, at the Node mock server: the shared
 * world a wall and several consoles use. Also what a user sees when the API is down or
 * the config is broken.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeServer } from '../../mock-server/node';
import type { RegionCollection } from '@ioc/contract/contract';
import {
  browserAvailable,
  launchBrowser,
  type Served,
  serveDist,
  VIEWPORT,
  watchPage,
  withConfig,
} from './harness';
import { decodePng, project } from './pixels';
import { mapSize, openApp, screenshotMap } from './steps';

const basemap = { type: 'style', url: 'basemap/style-dark.json', lightUrl: 'basemap/style-light.json' };
const camera = { center: [114.19, 22.69] as [number, number], zoom: 10.4 };

describe.skipIf(!browserAvailable())('against the Node mock server', () => {
  let browser: Browser;
  let app: Served;
  let api: Awaited<ReturnType<typeof startNodeServer>>;
  let apiOrigin: string;

  beforeAll(async () => {
    [browser, app, api] = await Promise.all([
      launchBrowser(),
      serveDist(),
      startNodeServer({ port: 0, host: '127.0.0.1', seed: 7 }),
    ]);
    apiOrigin = new URL(api.url).origin;
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await api?.close();
  });

  it('draws the streets served by the Node API and talks to no other host', async () => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const watch = watchPage(page);
    await withConfig(page, { apiBaseUrl: `${apiOrigin}/api/v1`, embeddedMock: { enabled: false }, basemap });
    await openApp(page, `${app.url}?c=${camera.center.join(',')},${camera.zoom}`);
    await expect
      .poll(() => page.getByRole('status', { name: '数据接口' }).textContent(), { timeout: 30_000 })
      .toContain('接口正常');
    expect(watch.requests.filter((u) => u.startsWith(`${apiOrigin}/api/v1/regions`)).length).toBeGreaterThan(
      0,
    );
    expect(watch.outsideRequests([new URL(app.url).origin, apiOrigin])).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);

    const streets = (await (
      await fetch(`${apiOrigin}/api/v1/regions?level=street`)
    ).json()) as RegionCollection;
    const img = decodePng(await screenshotMap(page));
    const size = await mapSize(page);
    const labelled = streets.features.filter((f) => {
      const [x, y] = project(f.properties.center!, camera, size);
      let bright = 0;
      for (let dx = -30; dx <= 30; dx++)
        for (let dy = -10; dy <= 10; dy++) {
          const i = (Math.round(y + dy) * img.width + Math.round(x + dx)) * 4;
          if (img.data[i]! > 180 && img.data[i + 1]! > 190 && img.data[i + 2]! > 200) bright++;
        }
      return bright > 15;
    });
    expect(labelled).toHaveLength(11);
    await page.close();
  });

  it('says the API is unreachable in the header while the basemap still shows', async () => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const watch = watchPage(page);
    // A port nobody listens on: the API is down.
    await withConfig(page, {
      apiBaseUrl: 'http://127.0.0.1:9/api/v1',
      embeddedMock: { enabled: false },
      basemap,
    });
    await page.goto(app.url);
    await page.locator('section[aria-busy="false"]').waitFor({ timeout: 60_000 });
    await expect
      .poll(async () => page.getByRole('status', { name: '数据接口' }).textContent(), { timeout: 30_000 })
      .toContain('无法连接数据接口');
    const img = decodePng(await screenshotMap(page));
    const size = await mapSize(page);
    // Inside Longgang the basemap's district fill is drawn, not an empty page.
    const [x, y] = project([114.21, 22.66], camera, size).map(Math.round) as [number, number];
    const i = (y * img.width + x) * 4;
    expect(img.data[i]! + img.data[i + 1]! + img.data[i + 2]!).toBeGreaterThan(30);
    expect(watch.consoleErrors.filter((e) => e.startsWith('uncaught'))).toEqual([]);
    await page.close();
  });

  it('shows a full-page message for a missing or malformed config.json', async () => {
    for (const [body, status, expected] of [
      ['not here', 404, '未找到配置文件'],
      ['{"apiBaseUrl": ', 200, '不是有效的 JSON'],
      [JSON.stringify({ apiBaseUrl: 'x', basemap: { type: 'wms' } }), 200, 'basemap'],
    ] as const) {
      const page = await browser.newPage({ viewport: VIEWPORT, locale: 'zh-CN' });
      await withConfig(page, body, status);
      await page.goto(app.url);
      await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 }).toContain(expected);
      await page.close();
    }
  });
});
