/**
 * Single sign-on through the page, in Chromium, against a real OpenID provider (oidc-provider
 * with its development login and consent pages, test/server/oidcProvider.ts) and a real
 * server that is not the demo: the sign-in page's 统一身份认证登录 goes to the provider, its
 * forms are filled in the browser, and the app comes back signed in as the person the claims
 * name, with their role and region (a street account for 平湖: the console is 平湖's). No
 * request the app made carried a token in its address. A refused sign-in (no account here,
 * accounts not created by sign-in) comes back to the sign-in page, which says why.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/start';
import { freePort, OIDC_LABEL, oidcConfig, startProvider, type TestProvider } from '../server/oidcProvider';
import { PINGHU, waitLive } from './events-steps';
import { browserAvailable, DIST_DIR, launchBrowser, VIEWPORT, watchPage } from './harness';
import { realServerConfig } from './realServer';
import { colours } from './pixels';

/** The provider's people: their claims. */
const PEOPLE: Record<string, Record<string, unknown>> = {
  'sub-pinghu': {
    preferred_username: 'pinghu.sso',
    name: '平湖统一认证员',
    ioc_role: 'street',
    ioc_region: PINGHU,
  },
  'sub-stranger': { preferred_username: 'stranger', name: '路人', ioc_role: 'street', ioc_region: PINGHU },
};

/** On the provider's development pages: sign in as `sub` (any password), then consent. */
async function atProvider(page: Page, issuer: string, sub: string): Promise<void> {
  await page.waitForURL((u) => u.origin === issuer, { timeout: 30_000 });
  const login = page.locator('input[name="login"]');
  await login.waitFor({ timeout: 30_000 });
  await login.fill(sub);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  // Consent, the first time this person meets this client.
  const consent = page.getByRole('button', { name: 'Continue' });
  await page.waitForURL((u) => u.origin !== issuer || u.pathname.includes('/interaction/'), {
    timeout: 30_000,
  });
  if (new URL(page.url()).origin === issuer) {
    await consent.waitFor({ timeout: 30_000 });
    await consent.click();
  }
}

describe.skipIf(!browserAvailable())('single sign-on through the page (oidc-provider, real server)', () => {
  let dataDir: string;
  let seeded: RunningServer;
  let server: RunningServer;
  let idp: TestProvider;
  let browser: Browser;
  let base = '';

  /** A browser context that reaches loopback only (the provider's page asks for Google's fonts). */
  async function newContext() {
    const context = await browser.newContext({ viewport: VIEWPORT });
    await context.route(
      (u) => u.hostname !== '127.0.0.1',
      (route) => route.abort(),
    );
    return context;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ioc-e2e-sso-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const redirectUrl = `${base}/api/v1/session/oidc/callback`;
    idp = await startProvider(PEOPLE, redirectUrl);
    const config = realServerConfig(dataDir);
    // A real server refuses an empty database: the demo's first start fills it, then the
    // server under test runs on it with the demo off and single sign-on on.
    [seeded, browser] = await Promise.all([
      startServer({ ...config, demo: true, staticDir: undefined }),
      launchBrowser(),
    ]);
    server = await startServer(
      { ...config, port, demo: false, staticDir: DIST_DIR, oidc: oidcConfig(idp.issuer, redirectUrl) },
      { db: seeded.ctx.db },
    );
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await seeded?.close();
    await idp?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs a street person in through the provider, into their street', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${base}/?lang=zh-CN`);
    await page.getByRole('heading', { name: '登录', exact: true }).waitFor({ timeout: 30_000 });

    await page.getByRole('link', { name: OIDC_LABEL, exact: true }).click();
    await atProvider(page, idp.issuer, 'sub-pinghu');

    // Back in the app, signed in: the header names the person, role and street; 平湖 only.
    await page.waitForURL((u) => u.origin === base, { timeout: 30_000 });
    // The console errors from here on are the app's (the provider's page failed to get its fonts).
    const appErrorsFrom = watch.consoleErrors.length;
    await waitLive(page, 60_000);
    const person = page.getByRole('region', { name: '当前用户' });
    expect(await person.textContent()).toContain('平湖统一认证员');
    expect(await person.textContent()).toContain('平湖');
    expect(await page.getByText('本街道：平湖').count()).toBe(1);
    expect(await page.getByRole('link', { name: '切换坐席（演示）' }).count()).toBe(0);
    const [account] = await server.ctx.db.query<{ role: string; region_id: string }>(
      "SELECT role, region_id FROM users WHERE login = 'pinghu.sso'",
    );
    expect(account).toEqual({ role: 'street', region_id: PINGHU });

    // The app, drawn: not the provider's page, nor the sign-in page.
    const url = new URL(page.url());
    expect(url.origin).toBe(base);
    expect(url.pathname).toBe('/');
    expect(url.search).not.toMatch(/code=|state=|token/u);
    expect(await page.locator('input[name="login"]').count()).toBe(0);
    expect(await page.getByRole('heading', { name: '登录', exact: true }).count()).toBe(0);
    expect(colours(await page.screenshot()), 'colours in the app').toBeGreaterThan(8);

    // No address asked for carried a token or the session's secret.
    const cookie = (await context.cookies(base)).find((c) => c.name === 'ioc_session');
    expect(cookie?.httpOnly).toBe(true);
    const leaks = watch.requests.filter(
      (u) =>
        /[?&#](access_|id_|refresh_)?token=|bearer|apiToken/iu.test(u) ||
        (cookie !== undefined && u.includes(cookie.value)),
    );
    expect(leaks).toEqual([]);
    expect(watch.consoleErrors.slice(appErrorsFrom).filter((e) => !/401|Unauthorized/u.test(e))).toEqual([]);
    await context.close();
  });

  it('a refused sign-in comes back to the sign-in page, which says why', async () => {
    const oidc = server.ctx.oidc;
    if (!oidc) throw new Error('no oidc');
    (oidc.o as { createUsers: boolean }).createUsers = false;
    try {
      const context = await newContext();
      const page = await context.newPage();
      await page.goto(`${base}/?lang=zh-CN`);
      await page.getByRole('link', { name: OIDC_LABEL, exact: true }).click();
      await atProvider(page, idp.issuer, 'sub-stranger');

      await page.waitForURL((u) => u.origin === base, { timeout: 30_000 });
      await page.getByRole('heading', { name: '登录', exact: true }).waitFor({ timeout: 30_000 });
      expect(await page.getByRole('alert').textContent()).toContain('本系统没有您的账号');
      // The reason has left the address: a reload does not say it again.
      expect(new URL(page.url()).searchParams.get('signin')).toBeNull();
      expect((await context.cookies(base)).some((c) => c.name === 'ioc_session')).toBe(false);

      // A provider's answer this browser did not ask for: refused, said on the page too.
      await page.goto(`${base}/api/v1/session/oidc/callback?code=abc&state=def`);
      await page.getByRole('heading', { name: '登录', exact: true }).waitFor({ timeout: 30_000 });
      expect(await page.getByRole('alert').textContent()).toContain('不是在此浏览器中开始的');
      await context.close();
    } finally {
      (oidc.o as { createUsers: boolean }).createUsers = true;
    }
  });
});
