/** Steps shared by the browser tests, written the way a user meets the app. */
import type { Page } from 'playwright-core';

export const MAP_NAME = /龙岗区地图|Map of Longgang District/;

/** Opens the app and waits until the map has drawn the basemap and the street frame. */
export async function openApp(page: Page, url: string): Promise<void> {
  const regions = page.waitForResponse((r) => r.url().includes('/regions') && r.ok(), { timeout: 60_000 });
  await page.goto(url);
  await regions;
  await settle(page);
}

/**
 * Waits until every map on the page is idle: the basemap has drawn, the data of every layer
 * that is on has arrived, and deck.gl has drawn what it was last given (the map's aria-busy
 * covers all three), and stays so for a few frames, so a change that is about to start
 * (a click's re-render, a fetch it triggers) is not mistaken for the end of the last one.
 */
export async function settle(page: Page, timeout = 60_000): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __idleFrames?: number }).__idleFrames = 0;
  });
  await page.waitForFunction(
    () => {
      const w = window as unknown as { __idleFrames?: number };
      const maps = [...document.querySelectorAll('section.map-canvas')];
      const idle = maps.length > 0 && maps.every((m) => m.getAttribute('aria-busy') === 'false');
      w.__idleFrames = idle ? (w.__idleFrames ?? 0) + 1 : 0;
      return w.__idleFrames >= 3;
    },
    undefined,
    { polling: 'raf', timeout },
  );
}

/** The page's own clock has run `ms` on (negative checks: "still held after a dwell"). */
export async function pageTimePasses(page: Page, ms: number): Promise<void> {
  const until = await page.evaluate((d) => performance.now() + d, ms);
  await page.waitForFunction((t) => performance.now() >= t, until, { polling: 100, timeout: ms + 60_000 });
}

export async function screenshotMap(page: Page): Promise<Buffer> {
  return page.getByRole('region', { name: MAP_NAME }).screenshot();
}

export async function mapSize(page: Page): Promise<{ width: number; height: number }> {
  const box = await page.getByRole('region', { name: MAP_NAME }).boundingBox();
  if (!box) throw new Error('map not visible');
  return { width: box.width, height: box.height };
}

/** With the area statistics tab open: draws a polygon through `corners` (page pixels) and finishes it. */
export async function drawPolygon(
  page: Page,
  corners: readonly (readonly [number, number])[],
): Promise<void> {
  await page.getByRole('button', { name: '画多边形' }).click();
  for (const [i, [x, y]] of corners.entries()) {
    await page.mouse.click(Math.round(x), Math.round(y));
    // Each click is a vertex once the tool says so.
    await page.getByText(`已点击 ${i + 1} 个点`).waitFor();
  }
  await page.getByRole('button', { name: '完成' }).click();
}
