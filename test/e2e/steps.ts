/** Steps shared by the browser tests, written the way a user meets the app. */
import type { Page } from 'playwright-core';

export const MAP_NAME = /龙岗区地图|Map of Longgang District/;

/** Opens the app and waits until the map has drawn the basemap and the street frame. */
export async function openApp(page: Page, url: string): Promise<void> {
  const regions = page.waitForResponse((r) => r.url().includes('/regions') && r.ok(), { timeout: 60_000 });
  await page.goto(url);
  await regions;
  await page.locator('section[aria-busy="false"]').waitFor({ timeout: 60_000 });
  // deck.gl draws in its own animation frame after the data arrives.
  await page.waitForTimeout(800);
}

/** Waits for the basemap to be idle and deck.gl to have drawn the latest layers. */
export async function settle(page: Page): Promise<void> {
  await page.locator('section[aria-busy="false"]').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(600);
}

export async function screenshotMap(page: Page): Promise<Buffer> {
  return page.getByRole('region', { name: MAP_NAME }).screenshot();
}

export async function mapSize(page: Page): Promise<{ width: number; height: number }> {
  const box = await page.getByRole('region', { name: MAP_NAME }).boundingBox();
  if (!box) throw new Error('map not visible');
  return { width: box.width, height: box.height };
}
