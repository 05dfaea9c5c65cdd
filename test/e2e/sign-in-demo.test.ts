/**
 * The embedded demo (the in-browser mock) keeps zero friction: it opens at once for anonymous
 * viewers, and 登录 in the header offers the demo accounts in one click. A street desk's
 * account opens its street's console; signing out returns to anonymous viewing.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitLive } from './events-steps';
import { browserAvailable, launchBrowser, type Served, serveDist, VIEWPORT, watchPage } from './harness';

describe.skipIf(!browserAvailable())('signing in to the embedded demo', () => {
  let browser: Browser;
  let app: Served;

  beforeAll(async () => {
    [browser, app] = await Promise.all([launchBrowser(), serveDist()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('opens anonymously, then signs a demo street desk in with one click, and out again', async () => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const watch = watchPage(page);
    await page.goto(`${app.url}?mode=operator&street=district&lang=zh-CN`);
    await waitLive(page, 60_000);
    expect(await page.getByRole('region', { name: '当前用户' }).count()).toBe(0);

    await page.getByRole('button', { name: '登录', exact: true }).click();
    const demo = page.getByRole('region', { name: '演示账号' });
    expect(await demo.textContent()).toContain('演示账号');
    await demo.getByRole('button', { name: '平湖街道坐席（演示账号）' }).click();

    // The page starts again for the person.
    const person = page.getByRole('region', { name: '当前用户' });
    await person.waitFor({ timeout: 60_000 });
    await waitLive(page, 60_000);
    expect(await person.textContent()).toContain('平湖街道坐席');
    expect(await page.getByText('本街道：平湖').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('mode')).toBe('operator');

    await person.getByRole('button', { name: '登出' }).click();
    await page.getByRole('button', { name: '登录', exact: true }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('region', { name: '当前用户' }).count()).toBe(0);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });
});
