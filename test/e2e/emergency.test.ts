/**
 * The recorded emergency switch on a real server (not the demo): a street's duty officer
 * switches to 战时 in their browser, the button names them, the server holds the switch with
 * their name, and another screen signed in to the same street follows it by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../../server/auth/users';
import { PINGHU, waitLive } from './events-steps';
import { browserAvailable, VIEWPORT, watchPage } from './harness';
import { type RealDeployment, realDeployment } from './realServer';

const PASSWORD = 'pinghu-duty-2026!';

describe.skipIf(!browserAvailable())('the emergency switch on a real server', () => {
  let real: RealDeployment;
  let server: RealDeployment['server'];
  let browser: Browser;

  beforeAll(async () => {
    real = await realDeployment('emergency');
    ({ server, browser } = real);
    const cli = { key: 'cli:e2e', userId: null, name: 'cli:e2e', role: null };
    await createUser(
      server.ctx.db,
      { login: 'pinghu.desk', name: '平湖值班员', role: 'street', regionId: PINGHU, password: PASSWORD },
      cli,
    );
    await createUser(
      server.ctx.db,
      { login: 'pinghu.screen', name: '平湖大厅屏', role: 'street', regionId: PINGHU, password: PASSWORD },
      cli,
    );
  }, 240_000);
  afterAll(() => real?.close());

  async function signedIn(login: string): Promise<Page> {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    await page.goto(`${server.url}/?lang=zh-CN`);
    await page.getByRole('textbox', { name: '账号', exact: true }).fill(login, { timeout: 30_000 });
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await waitLive(page, 60_000);
    return page;
  }

  it("a desk's switch is recorded with their name, and another screen of the street follows it", async () => {
    const desk = await signedIn('pinghu.desk');
    const watch = watchPage(desk);
    const screen = await signedIn('pinghu.screen');
    const toggle = (p: Page) => p.getByRole('button', { name: '平战切换' });
    expect(await toggle(screen).getAttribute('aria-pressed')).toBe('false');
    expect(await toggle(desk).getAttribute('title')).toContain('切换将被记录');

    await toggle(desk).click();
    expect(await toggle(desk).getAttribute('aria-pressed')).toBe('true');
    await expect
      .poll(() => toggle(desk).getAttribute('title'), { timeout: 15_000 })
      .toMatch(/^平湖值班员 于 .* 切换到战时/u);
    const rows = await server.ctx.db.query<{ actor: string; switched_on: boolean; region_id: string }>(
      'SELECT actor, switched_on, region_id FROM emergency_switches',
    );
    expect(rows).toEqual([{ actor: '平湖值班员', switched_on: true, region_id: PINGHU }]);

    // The other screen asks every 15 seconds: it turns to incident focus by itself.
    await expect.poll(() => toggle(screen).getAttribute('aria-pressed'), { timeout: 40_000 }).toBe('true');
    expect(await toggle(screen).getAttribute('title')).toMatch(/^平湖值班员 于 /u);
    expect(watch.consoleErrors).toEqual([]);
  }, 180_000);
});
