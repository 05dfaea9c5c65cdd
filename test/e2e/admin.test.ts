/**
 * Administration in the app on a real server that is not the demo: an administrator signs in
 * through the page, opens 系统管理, creates a street account, approves a wall's pairing code
 * for its region, ends a session, issues a machine token (its secret shown once) and revokes
 * it, and finds each change under their name in the audit log. Every effect is checked
 * where a user would meet it: the account signs in, the wall comes up, the session and the
 * token are refused.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '@ioc/contract/contract';
import { createUser } from '../../server/auth/users';
import { PINGHU } from './events-steps';
import { browserAvailable, keepScreenshot, VIEWPORT, watchPage } from './harness';
import { type RealDeployment, realDeployment } from './realServer';
import { colours } from './pixels';

const ADMIN_PW = 'district-admin-2026!';
const DESK_PW = 'pinghu-desk-2026-pw';

describe.skipIf(!browserAvailable())('administration in the app on a real server', () => {
  let real: RealDeployment;
  let server: RealDeployment['server'];
  let browser: RealDeployment['browser'];

  beforeAll(async () => {
    real = await realDeployment('admin');
    ({ server, browser } = real);
    await createUser(
      server.ctx.db,
      { login: 'chief', name: '系统管理员', role: 'admin', regionId: '440307', password: ADMIN_PW },
      { key: 'cli:e2e', userId: null, name: 'cli:e2e', role: null },
    );
  });
  afterAll(() => real?.close());

  /** A sign-in from outside the browser (another desk); its cookie. */
  async function signInElsewhere(
    login: string,
    password: string,
  ): Promise<{ status: number; cookie: string }> {
    const res = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ login, password }),
    });
    const set = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`)) ?? '';
    return { status: res.status, cookie: /^[^=]+=([^;]*)/u.exec(set)?.[1] ?? '' };
  }
  const sessionOf = async (cookie: string) =>
    (await fetch(`${server.url}/api/v1/session`, { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } }))
      .status;

  const tab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true }).click();

  it('creates an account, pairs a wall, ends a session and revokes a token, all audited', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}/?lang=zh-CN`);
    await page.getByRole('textbox', { name: '账号', exact: true }).fill('chief');
    await page.getByLabel('密码', { exact: true }).fill(ADMIN_PW);
    await page.getByRole('button', { name: '登录', exact: true }).click();

    // The header offers administration to an administrator only.
    await page.getByRole('button', { name: '系统管理', exact: true }).click();
    const main = page.getByRole('main', { name: '系统管理' });
    await main.waitFor({ timeout: 30_000 });

    // A street account, created through the form, signs in.
    const form = page.getByRole('form', { name: '新建账号' });
    await form.getByRole('textbox', { name: '账号' }).fill('pinghu01');
    await form.getByRole('textbox', { name: '姓名' }).fill('平湖值班员');
    await form.getByRole('combobox', { name: '角色' }).selectOption('street');
    await expect
      .poll(() => form.getByRole('option', { name: '平湖街道' }).count(), { timeout: 15_000 })
      .toBe(1);
    await form.getByRole('combobox', { name: '区域' }).selectOption(PINGHU);
    await form.getByLabel('密码').fill(DESK_PW);
    await form.getByRole('button', { name: '创建账号' }).click();
    await expect.poll(() => page.getByRole('status').allTextContents()).toContain('已创建账号 pinghu01。');
    const users = page.getByRole('table', { name: /账号列表/u });
    await expect.poll(() => users.getByRole('row', { name: /平湖值班员/u }).count()).toBe(1);
    const usersShot = await page.screenshot();
    expect(colours(usersShot), 'colours on the accounts tab').toBeGreaterThan(8);
    keepScreenshot('admin-accounts.png', usersShot);
    const desk = await signInElsewhere('pinghu01', DESK_PW);
    expect(desk.status).toBe(200);

    // A wall shows its code; the administrator approves it here for Pinghu; it comes up.
    const wallContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const wall = await wallContext.newPage();
    await wall.goto(`${server.url}/?mode=wall&lang=zh-CN`);
    const codeRegion = wall.getByRole('region', { name: '配对码' });
    await codeRegion.waitFor({ timeout: 30_000 });
    const code = ((await codeRegion.locator('.pairing__digits').textContent()) ?? '').trim();
    await tab(page, '大屏设备');
    const approve = page.getByRole('form', { name: '批准大屏配对' });
    await approve.getByRole('textbox', { name: '配对码' }).fill(code.toLowerCase());
    await approve.getByRole('combobox', { name: '区域' }).selectOption(PINGHU);
    await approve.getByRole('textbox', { name: '设备名称' }).fill('平湖分中心大屏');
    await approve.getByRole('button', { name: '批准' }).click();
    await expect.poll(() => page.getByRole('row', { name: /平湖分中心大屏/u }).count()).toBe(1);
    await wall
      .getByRole('complementary', { name: '关键指标' })
      .getByRole('region')
      .first()
      .waitFor({ timeout: 60_000 });
    expect(await wall.getByRole('region', { name: '配对码' }).count()).toBe(0);
    await wallContext.close();

    // The desk's session is listed with who and from where, and ended here.
    await tab(page, '会话');
    const deskRow = page.getByRole('row', { name: /平湖值班员/u });
    await expect.poll(() => deskRow.count()).toBe(1);
    expect(await page.getByRole('row', { name: /本会话/u }).count()).toBe(1);
    await deskRow.getByRole('button', { name: '结束 平湖值班员 的会话' }).click();
    await expect.poll(() => sessionOf(desk.cookie)).toBe(401);
    await expect.poll(() => deskRow.count()).toBe(0);

    // A machine token: its secret is shown once and works; revoked here, it is refused.
    await tab(page, '机器令牌');
    const newToken = page.getByRole('form', { name: '新建机器令牌' });
    await newToken.getByRole('combobox', { name: '用途' }).selectOption('street');
    await newToken.getByRole('combobox', { name: '区域' }).selectOption(PINGHU);
    await newToken.getByRole('textbox', { name: '名称' }).fill('平湖统计脚本');
    await newToken.getByRole('button', { name: '创建令牌' }).click();
    const secret = page.getByRole('textbox', { name: '令牌' });
    await secret.waitFor();
    const token = await secret.inputValue();
    const read = () =>
      fetch(`${server.url}/api/v1/events?region=${PINGHU}&limit=1`, {
        headers: { authorization: `Bearer ${token}` },
      }).then((r) => r.status);
    expect(await read()).toBe(200);
    await page.getByRole('button', { name: '我已保存' }).click();
    expect(await secret.count()).toBe(0);
    await page.getByRole('button', { name: '撤销 平湖统计脚本' }).click();
    await expect.poll(read).toBe(401);

    // Each change, under the administrator's name.
    await tab(page, '审计日志');
    const log = page.getByRole('table', { name: /审计日志/u });
    for (const kind of ['创建账号', '批准大屏', '结束会话', '创建令牌', '撤销令牌'])
      await expect
        .poll(() => log.getByRole('row', { name: new RegExp(`${kind}.*系统管理员`, 'u') }).count(), {
          timeout: 15_000,
        })
        .toBeGreaterThan(0);
    keepScreenshot('admin-audit.png', await page.screenshot());

    // Back to the map: the console the administrator left is there again.
    await page.getByRole('button', { name: '返回地图', exact: true }).click();
    await page.locator('#map').waitFor({ timeout: 30_000 });
    expect(watch.consoleErrors.filter((e) => !/401|Unauthorized/u.test(e))).toEqual([]);
    await context.close();
  });
});
