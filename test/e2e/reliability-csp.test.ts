/**
 * The Content-Security-Policy: the built app (embedded demo, service worker and all) runs
 * under it without one violation; a deployment re-pointed at another API with
 * `npm run csp` runs under its new policy; and a request to any other host is blocked
 * before it leaves the browser (a second server on another port records every hit: none).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeServer, startNodeServer } from '../../mock-server/node';
import { applyCsp } from '../../scripts/csp';
import { browserAvailable, DIST_DIR, launchBrowser, type Served, serveDist, watchPage } from './harness';
import { waitLive } from './events-steps';
import { BASEMAP } from './reliability-rig';
import { settle } from './steps';

/** Records every CSP violation the page reports, from the first script on. */
const recordViolations = () => {
  const seen: string[] = [];
  (window as unknown as { __csp: string[] }).__csp = seen;
  document.addEventListener('securitypolicyviolation', (e) => {
    seen.push(`${e.violatedDirective} ${e.blockedURI}`);
  });
};
const violations = (page: Page) =>
  page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.slice());
/** The map has drawn and no panel is still loading: every request of the first screen is made. */
async function everythingLoaded(page: Page): Promise<void> {
  await settle(page);
  await expect.poll(() => page.locator('[aria-busy="true"]').count(), { timeout: 60_000 }).toBe(0);
}

describe.skipIf(!browserAvailable())('reliability: Content-Security-Policy', () => {
  let browser: Browser;
  let api: NodeServer;
  let other: Server;
  let otherOrigin: string;
  const hits: string[] = [];
  let dir: string;

  beforeAll(async () => {
    other = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/plain' });
      res.end('window.__otherHostRan = true;');
    });
    other.listen(0, '127.0.0.1');
    [browser, api] = await Promise.all([
      launchBrowser(),
      startNodeServer({ port: 0, seed: 7, heartbeatMs: 2000 }),
    ]);
    otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'ioc-csp-'));
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    other?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the build carries a policy that allows only its own origin for the embedded demo', async () => {
    const html = readFileSync(`${DIST_DIR}/index.html`, 'utf8');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/u.exec(html)?.[1] ?? '';
    expect(csp).toContain("connect-src 'self' data: blob:");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/u);

    let app: Served | undefined;
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    try {
      app = await serveDist();
      const watch = watchPage(page);
      await page.addInitScript(recordViolations);
      await page.goto(`${app.url}?mode=wall&lang=zh-CN&layers=admin-boundaries,medical,live-events`);
      await waitLive(page, 60_000);
      await everythingLoaded(page);
      expect(await violations(page)).toEqual([]);
      expect(watch.outsideRequests([new URL(app.url).origin])).toEqual([]);
      expect(watch.consoleErrors).toEqual([]);
    } finally {
      await page.close();
      await app?.close();
    }
  });

  it('re-pointed with `npm run csp`, talks to its API and nothing else', async () => {
    cpSync(DIST_DIR, dir, { recursive: true });
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        apiBaseUrl: api.url,
        embeddedMock: { enabled: false },
        basemap: BASEMAP,
        streamHeartbeatMs: 2000,
        wall: { tourEnabled: false },
      }),
    );
    const policy = applyCsp(join(dir, 'config.json'), join(dir, 'index.html'));
    const apiOrigin = new URL(api.url).origin;
    expect(policy).toContain(`connect-src 'self' ${apiOrigin} data: blob:`);

    const app = await serveDist(dir);
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    try {
      const watch = watchPage(page);
      const answered: string[] = [];
      page.on('response', (r) => answered.push(r.url()));
      await page.addInitScript(recordViolations);
      await page.goto(`${app.url}?mode=wall&lang=zh-CN&layers=admin-boundaries,live-events`);
      await waitLive(page, 60_000);
      await everythingLoaded(page);
      expect(await violations(page)).toEqual([]);
      const appOrigin = new URL(app.url).origin;
      expect(watch.outsideRequests([appOrigin, apiOrigin])).toEqual([]);

      // What injected code would try: fetch, an image, a script, a beacon to another host.
      const outcome = await page.evaluate(async (to) => {
        const results: string[] = [];
        try {
          await fetch(`${to}/fetch`);
          results.push('fetch sent');
        } catch {
          results.push('fetch blocked');
        }
        const img = new Image();
        const loaded = new Promise<string>((r) => {
          img.onload = () => r('img loaded');
          img.onerror = () => r('img blocked');
        });
        img.src = `${to}/img.png`;
        results.push(await loaded);
        const script = document.createElement('script');
        const ran = new Promise<string>((r) => {
          script.onload = () => r('script loaded');
          script.onerror = () => r('script blocked');
        });
        script.src = `${to}/script.js`;
        document.head.append(script);
        results.push(await ran);
        results.push(navigator.sendBeacon(`${to}/beacon`, 'x') ? 'beacon queued' : 'beacon refused');
        return results;
      }, otherOrigin);
      expect(outcome.slice(0, 3)).toEqual(['fetch blocked', 'img blocked', 'script blocked']);
      // A beacon is sent after the page moves on; a blocked one is reported as a violation.
      await expect
        .poll(async () => (await violations(page)).some((v) => v.includes(`${otherOrigin}/beacon`)), {
          timeout: 10_000,
        })
        .toBe(true);
      expect(hits).toEqual([]);
      expect(answered.filter((u) => u.startsWith(otherOrigin))).toEqual([]);
      expect(
        await page.evaluate(() => (window as unknown as { __otherHostRan?: boolean }).__otherHostRan),
      ).toBe(undefined);
      expect((await violations(page)).filter((v) => v.includes(otherOrigin)).length).toBeGreaterThanOrEqual(
        3,
      );
      expect(watch.consoleErrors.filter((e) => e.startsWith('uncaught'))).toEqual([]);
    } finally {
      await page.close();
      await app.close();
    }
  });
});
