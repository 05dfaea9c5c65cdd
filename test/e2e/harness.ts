/**
 * Browser test rig: the built app served by `vite preview`, driven in Debian's Chromium
 * through playwright-core (never a downloaded browser), WebGL by SwiftShader.
 */
import { existsSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type PluginOption, preview } from 'vite';
import { buildCsp, withCspMeta } from '../../scripts/csp';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** In CI a missing browser fails the run; on a developer machine the browser tests are skipped. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}: CI must install Debian's chromium`);
  console.warn(`[e2e] ${CHROMIUM} missing: browser tests skipped (they fail in CI)`);
  return false;
}

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      // withConfig serves index.html (with the CSP for the test's API) from the test rig;
      // Chromium would treat such a page as public and refuse its requests to 127.0.0.1.
      '--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessRespectPreflightResults',
      ...extraArgs,
    ],
  });
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** DIST_DIR lets parallel work build and test its own copy (`vite build --outDir`). */
export const DIST_DIR = process.env.DIST_DIR ?? 'dist';

/** `plugins`: more of the preview server (the benchmarks answer config.json with one). */
export async function serveDist(dir = DIST_DIR, plugins: PluginOption[] = []): Promise<Served> {
  if (!existsSync(`${dir}/index.html`)) throw new Error(`${dir}/ is missing: run \`npm run build\` first`);
  const server = await preview({
    // Only the built files are needed; the project's config would pin outDir to dist/.
    configFile: false,
    logLevel: 'silent',
    build: { outDir: dir },
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
    plugins,
  });
  const address = server.httpServer.address() as AddressInfo;
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}

export interface PageWatch {
  consoleErrors: string[];
  requests: string[];
  outsideRequests(allowedOrigins: string[]): string[];
}

/** Records console errors, uncaught exceptions and every request the page makes. */
export function watchPage(page: Page): PageWatch {
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  return {
    consoleErrors,
    requests,
    outsideRequests: (allowed) =>
      requests.filter((u) => {
        if (u.startsWith('data:') || u.startsWith('blob:')) return false;
        return !allowed.includes(new URL(u).origin);
      }),
  };
}

/**
 * Serves a different config.json to the page, as an operator re-pointing a deployment would,
 * and the Content-Security-Policy that `npm run csp` writes for it into index.html (the
 * build's policy allows only the hosts of public/config.json).
 */
export async function withConfig(page: Page, config: unknown | string, status = 200): Promise<void> {
  if (typeof config === 'object' && config !== null) {
    const csp = buildCsp(config);
    await page.route(
      (url) => url.pathname.endsWith('/') || url.pathname.endsWith('/index.html'),
      async (route) => {
        const res = await route.fetch();
        const html = await res.text();
        await route.fulfill({ response: res, body: withCspMeta(html, csp) });
      },
    );
  }
  await page.route('**/config.json', (route) =>
    route.fulfill({
      status,
      contentType: 'application/json',
      body: typeof config === 'string' ? config : JSON.stringify(config),
    }),
  );
}

export const VIEWPORT = { width: 1600, height: 900 };

/**
 * The screenshots in docs/ come from `npm run screenshots`, which runs some browser tests
 * with SCREENSHOTS=1; a plain `npm test` leaves the work tree as it found it.
 */
export function keepScreenshot(file: string, png: Buffer): void {
  if (process.env.SCREENSHOTS === '1') writeFileSync(`docs/${file}`, png);
}
