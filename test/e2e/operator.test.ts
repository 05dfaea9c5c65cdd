/**
 * The street console in a real browser, on the Node mock server with Pinghu's token: it
 * opens scoped to 平湖 and cannot be widened, the event queue comes first and the map
 * second, and the keyboard alone moves through the queue and dispatches, claims and
 * resolves an event (checked at the API). `npm run screenshots` keeps its screenshot in docs/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../mock-server/api';
import {
  closeWorld,
  handlingInPinghu,
  inject,
  manualClock,
  OPERATOR_TOKEN,
  openConsole,
  PINGHU,
  row,
  startWorld,
  type World,
} from './events-steps';
import { settle } from './steps';
import { browserAvailable, keepScreenshot, type Served, watchPage } from './harness';

const LAYERS = 'admin-boundaries,kiosks,medical,live-events';

describe.skipIf(!browserAvailable())('the street console', () => {
  let world: World;
  let browser: Browser;
  let app: Served;
  let api: Api;
  let apiUrl: string;
  let origin: string;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;
  const clock = manualClock();
  const selected = () => page.locator('.event-row--selected').getAttribute('data-event-id');

  beforeAll(async () => {
    world = await startWorld({ seed: 12, tickMs: 0, clock, eventRate: 2, heartbeatMs: 2000 });
    ({ browser, app, api, apiUrl, origin } = world);
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    watch = watchPage(page);
    await openConsole(page, app.url, apiUrl, 'operator', OPERATOR_TOKEN, LAYERS);
  }, 120_000);
  afterAll(() => closeWorld(world));

  it('opens scoped to 平湖, queue first and map second, with its keys on screen', async () => {
    await expect.poll(() => new URL(page.url()).searchParams.get('scope'), { timeout: 10_000 }).toBe(PINGHU);
    const queue = page.getByRole('region', { name: '事件队列' });
    await expect.poll(() => queue.textContent(), { timeout: 10_000 }).toContain('本街道：平湖');
    expect(await queue.getAttribute('aria-keyshortcuts')).toContain('J');
    expect(await queue.textContent()).toContain('R 办结');
    const q = (await queue.boundingBox())!;
    const map = (await page.locator('#map').boundingBox())!;
    expect(q.x).toBeLessThan(map.x);
    expect(q.width).toBeGreaterThanOrEqual(560);
    // The street's own KPIs (the column follows the scope) with its sub-center readiness.
    const kpis = page.getByRole('complementary', { name: /指标/ });
    await expect.poll(() => kpis.textContent(), { timeout: 20_000 }).toContain('平湖');
    // It cannot be widened: the scope choice offers its street only.
    const options = await page.getByLabel('范围', { exact: true }).locator('option').allTextContents();
    expect(options.length).toBeGreaterThan(0);
    expect(options.every((o) => o.includes('平湖'))).toBe(true);
    expect(options).not.toContain('全区');
    expect(await kpis.textContent()).toContain('街道分中心建设');
  });

  it('the keyboard alone moves through the queue and resolves an event (checked at the API)', async () => {
    const ev = await handlingInPinghu(origin, apiUrl, '平湖街道井盖缺失（键盘办结）');
    await row(page, ev.id).waitFor({ timeout: 10_000 });
    await page.locator('body').focus();
    await page.keyboard.press('j'); // the first row: the newest change, ours
    await expect.poll(selected).toBe(ev.id);
    const detail = page.getByRole('region', { name: '事件详情' });
    await expect.poll(() => detail.textContent()).toContain('平湖街道井盖缺失（键盘办结）');
    await page.keyboard.press('ArrowDown');
    await expect.poll(selected).not.toBe(ev.id);
    await page.keyboard.press('k');
    await expect.poll(selected).toBe(ev.id);
    await page.keyboard.press('r');
    await expect.poll(() => api.store.get(ev.id)?.status, { timeout: 10_000 }).toBe('resolved');
    expect(api.store.get(ev.id)!.history.at(-1)).toMatchObject({ action: 'resolve', by: OPERATOR_TOKEN });
  });

  it('dispatches to a community of the street and claims, by keyboard', async () => {
    const dueAt = new Date(Date.now() + 60 * 86_400_000).toISOString();
    const ev = await inject(origin, {
      regionId: PINGHU,
      title: '平湖市场占道经营（键盘派发）',
      severity: 2,
      dueAt,
    });
    await row(page, ev.id).waitFor({ timeout: 10_000 });
    await page.keyboard.press('k');
    await page.keyboard.press('k'); // the top of the queue: the newest, ours
    await expect.poll(selected).toBe(ev.id);
    await page.keyboard.press('d');
    await expect.poll(() => api.store.get(ev.id)?.status, { timeout: 10_000 }).toBe('dispatched');
    const assignee = api.store.get(ev.id)!.assignee!;
    expect(assignee.level).toBe('community');
    expect(assignee.regionId.startsWith(PINGHU)).toBe(true);
    await expect.poll(() => row(page, ev.id).textContent(), { timeout: 10_000 }).toContain('已派发');
    await page.keyboard.press('c');
    await expect.poll(() => api.store.get(ev.id)?.status, { timeout: 10_000 }).toBe('handling');
  });

  it('ends the session with no uncaught error (and the console screenshot at 1920×1080)', async () => {
    await settle(page);
    keepScreenshot('screenshot-mode-operator.png', await page.screenshot());
    expect(watch.consoleErrors.filter((e) => e.startsWith('uncaught'))).toEqual([]);
  });
});
