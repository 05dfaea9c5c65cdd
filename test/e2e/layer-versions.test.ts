/**
 * Layers in a replay, in a real browser on the embedded demo (issue 22): a link to a moment
 * before the demo's demolition revision draws and counts the boundaries as they were then
 * (one in ten fewer), its row naming that version and not 当前数据; a layer that kept no
 * version says 当前数据, and so does the banner for the rest.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIso, HOUR } from '@ioc/domain/time';
import { demolitionRevisedAt } from '../../mock-server/history';
import { browserAvailable, launchBrowser, type Served, serveDist, VIEWPORT, withConfig } from './harness';
import { openApp, settle } from './steps';

const BEFORE = demolitionRevisedAt(Date.now());

describe.skipIf(!browserAvailable())('layers in a replay', () => {
  let browser: Browser;
  let app: Served;
  let page: Page;
  const row = (name: string) => page.getByRole('listitem', { name, exact: true });

  beforeAll(async () => {
    [browser, app] = await Promise.all([launchBrowser(), serveDist()]);
    page = await browser.newPage({ viewport: VIEWPORT });
    const config = JSON.parse(readFileSync('public/config.json', 'utf8')) as object;
    await withConfig(page, { ...config, wall: { tourEnabled: false } });
    const at = encodeURIComponent(formatIso((BEFORE as number) - HOUR));
    await openApp(page, `${app.url}?mode=wall&layers=demolition&t=${at}`);
    await page.getByRole('button', { name: '图层', exact: true }).click();
    await row('拆除范围').getByText('加载中…').waitFor({ state: 'hidden', timeout: 30_000 });
    await settle(page);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('the demolition boundaries as they were: the kept version counted and drawn, no 当前数据', async () => {
    expect(BEFORE).not.toBeNull();
    await expect.poll(() => row('拆除范围').textContent(), { timeout: 30_000 }).toContain('453 个');
    const text = (await row('拆除范围').textContent()) ?? '';
    expect(text).toContain('起的版本');
    expect(text).not.toContain('当前数据');
    // Every boundary counted is drawn: none of today's 503.
    expect(text).not.toMatch(/显示 \d/u);
  });

  it('a layer that kept no version says 当前数据, and the banner says which follow', async () => {
    expect(await row('24小时政务服务自助区').textContent()).toContain('当前数据');
    expect(await page.getByRole('region', { name: '回放状态' }).textContent()).toContain(
      '有保留版本的图层随回放时刻',
    );
  });
});
