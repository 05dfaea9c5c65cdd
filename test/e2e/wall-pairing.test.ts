/**
 * A wall pairing on a real server that is not the demo (embedded PostgreSQL, the built app
 * served by the server as `npm start` does): `/?mode=wall` without a session shows the pairing
 * screen, not the sign-in form; the code read off the screen is approved with the server's own
 * device functions (as `npm run device -- approve` does), and the screen comes up as the wall,
 * with no secret in any address it asked for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvePairing } from '../../server/auth/devices';
import { browserAvailable, watchPage } from './harness';
import { type RealDeployment, realDeployment } from './realServer';
import { colours } from './pixels';

const WALL_VIEWPORT = { width: 1920, height: 1080 };

describe.skipIf(!browserAvailable())('a wall pairing on a real server (not the demo)', () => {
  let real: RealDeployment;
  let server: RealDeployment['server'];
  let browser: RealDeployment['browser'];

  beforeAll(async () => {
    real = await realDeployment('pair');
    ({ server, browser } = real);
  });
  afterAll(() => real?.close());

  it('shows a code, and once an administrator approves it comes up as the wall', async () => {
    const context = await browser.newContext({ viewport: WALL_VIEWPORT });
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}/?mode=wall&lang=zh-CN`);

    // The pairing screen: the code in its region, no password field anywhere.
    const region = page.getByRole('region', { name: '配对码' });
    await region.waitFor({ timeout: 30_000 });
    const code = ((await region.locator('.pairing__digits').textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-Z0-9]{6}$/u);
    expect(await page.getByText(`npm run device -- approve ${code}`, { exact: false }).count()).toBe(1);
    expect(await page.getByLabel('密码', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('link', { name: '用账号登录' }).isVisible()).toBe(true);
    const pairingShot = await page.screenshot();

    // Approved as the CLI approves it.
    const device = await approvePairing(
      server.ctx.db,
      server.ctx.regions,
      { code, regionId: server.ctx.regions.district.id, name: '指挥大厅主屏（联调）' },
      { key: 'cli:e2e', userId: null, name: 'cli:e2e', role: null },
    );
    expect(device.regionId).toBe(server.ctx.regions.district.id);

    // The screen picks it up at its next poll and starts again as the wall.
    const kpis = page.getByRole('complementary', { name: '关键指标' });
    await kpis.getByRole('region').first().waitFor({ timeout: 60_000 });
    expect(await page.getByRole('region', { name: '配对码' }).count()).toBe(0);
    const wallShot = await page.screenshot();
    expect(colours(wallShot), 'colours on the wall').toBeGreaterThan(8);
    expect(wallShot.equals(pairingShot)).toBe(false);

    // The session is the device's cookie, never an address.
    const cookie = (await context.cookies()).find((c) => c.name === 'ioc_session');
    expect(cookie?.httpOnly).toBe(true);
    const leaks = watch.requests.filter(
      (u) =>
        /[?&](access_)?token=|bearer|apiToken/iu.test(u) ||
        (cookie !== undefined && u.includes(cookie.value)),
    );
    expect(leaks).toEqual([]);
    await context.close();
  });
});
