/**
 * Signing in on a real server that is not the demo (embedded PostgreSQL, the built app served
 * by the server as `npm start` does): the address shows the sign-in page, not 401 panels; a
 * street account created with the server's own user functions signs in through the page, the
 * header names them, their console is their street's, a dispatch made there names them in
 * the event's history, and no request the app made carried a secret in its URL.
 */
import type { IocEvent } from '@ioc/contract/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/auth/users';
import { newEvent } from '../server/fixtures';
import { BANTIAN, PINGHU, row, waitLive } from './events-steps';
import { browserAvailable, VIEWPORT, watchPage } from './harness';
import { type RealDeployment, realDeployment } from './realServer';
import { colours } from './pixels';

const PASSWORD = 'pinghu-duty-2026!';

/** An event the district has already dispatched to a street, waiting for the street's desk. */
function atStreet(id: string, street: string, title: string): IocEvent {
  const ev = newEvent(id, street);
  const at = ev.reportedAt;
  return {
    ...ev,
    title,
    status: 'dispatched',
    assignee: { level: 'street', regionId: street },
    history: [
      ...ev.history,
      { at, action: 'dispatch', by: 'district', fromStatus: 'reported', toStatus: 'dispatched' },
    ],
  };
}

describe.skipIf(!browserAvailable())('signing in on a real server (not the demo)', () => {
  let real: RealDeployment;
  let server: RealDeployment['server'];
  let browser: RealDeployment['browser'];

  beforeAll(async () => {
    real = await realDeployment('signin');
    ({ server, browser } = real);
    await createUser(
      server.ctx.db,
      { login: 'pinghu01', name: '平湖值班员', role: 'street', regionId: PINGHU, password: PASSWORD },
      { key: 'cli:e2e', userId: null, name: 'cli:e2e', role: null },
    );
  });
  afterAll(() => real?.close());

  it('signs a street duty officer in to their street, and their dispatch names them', async () => {
    const mine = atStreet(`EV-signin-${Date.now()}`, PINGHU, '平湖街道路灯不亮（登录联调）');
    const other = atStreet(`EV-signin-b-${Date.now()}`, BANTIAN, '坂田街道积水（登录联调）');
    await server.ctx.store.create(mine);
    await server.ctx.store.create(other);
    await server.ctx.tail.wake();

    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}/?lang=zh-CN`);

    // The sign-in page, drawn, and no demo accounts on a real deployment.
    await page.getByRole('heading', { name: '登录', exact: true }).waitFor({ timeout: 30_000 });
    const account = page.getByRole('textbox', { name: '账号', exact: true });
    const password = page.getByLabel('密码', { exact: true });
    const submit = page.getByRole('button', { name: '登录', exact: true });
    expect(await account.isVisible()).toBe(true);
    expect(await page.getByRole('region', { name: '演示账号' }).count()).toBe(0);
    expect(colours(await page.screenshot()), 'colours on the sign-in page').toBeGreaterThan(8);

    // A wrong password is told in words; then the right one.
    await account.fill('pinghu01');
    await password.fill('not-the-password');
    await submit.click();
    expect(await page.getByRole('alert').textContent()).toContain('账号或密码错误（401）');
    await password.fill(PASSWORD);
    await submit.click();
    await waitLive(page, 60_000);

    // The header names the person; the console is Pinghu's, with no street chooser.
    const person = page.getByRole('region', { name: '当前用户' });
    expect(await person.textContent()).toContain('平湖值班员');
    expect(await person.textContent()).toContain('平湖');
    expect(await page.getByText('本街道：平湖').count()).toBe(1);
    expect(await page.getByRole('link', { name: '切换坐席（演示）' }).count()).toBe(0);
    await expect.poll(() => row(page, mine.id).count(), { timeout: 15_000 }).toBe(1);
    expect(await row(page, other.id).count()).toBe(0);

    // A dispatch to a community, made here, names the person in the event's history.
    await row(page, mine.id).click();
    const detail = page.getByRole('region', { name: '事件详情' });
    await expect.poll(() => detail.textContent()).toContain(mine.title);
    await page.keyboard.press('d');
    await expect
      .poll(async () => (await server.ctx.store.get([mine.id]))[0]?.assignee?.level, { timeout: 15_000 })
      .toBe('community');
    const history = (await server.ctx.store.get([mine.id]))[0]?.history ?? [];
    expect(history.at(-1)).toMatchObject({ action: 'dispatch', by: '平湖值班员' });
    await expect
      .poll(() => page.getByRole('region', { name: '处置记录' }).textContent(), { timeout: 15_000 })
      .toContain('平湖值班员');

    // Nothing secret in any address the app asked for: no token, no password, no session.
    const cookie = (await context.cookies()).find((c) => c.name === 'ioc_session');
    expect(cookie?.httpOnly).toBe(true);
    const leaks = watch.requests.filter(
      (u) =>
        /[?&](access_)?token=|bearer|apiToken/iu.test(u) ||
        u.includes(PASSWORD) ||
        (cookie !== undefined && u.includes(cookie.value)),
    );
    expect(leaks).toEqual([]);

    // Signing out returns to the sign-in page.
    await page.getByRole('button', { name: '登出', exact: true }).click();
    await page.getByRole('heading', { name: '登录', exact: true }).waitFor({ timeout: 30_000 });
    expect(watch.consoleErrors.filter((e) => !/401|Unauthorized/u.test(e))).toEqual([]);
    await context.close();
  });
});
