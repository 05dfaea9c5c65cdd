/**
 * The reliability suite's rig: the built app against the Node mock server with the
 * hostile fault injector in front of it (mock-server/hostile), short heartbeats and
 * refresh intervals so faults show and heal in seconds.
 */
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { createApi } from '../../mock-server/api';
import { type HostileApi, type HostileRule, withHostility } from '../../mock-server/hostile';
import { PWNED_FLAG } from '../../mock-server/hostile/transform';
import { type NodeServer, startNodeServer } from '../../mock-server/node';
import { launchBrowser, type PageWatch, type Served, serveDist, watchPage, withConfig } from './harness';
import { waitLive } from './events-steps';

export const BASEMAP = {
  type: 'style',
  url: 'basemap/style-dark.json',
  lightUrl: 'basemap/style-light.json',
};
export const HEARTBEAT_MS = 2000;

export interface Rig {
  browser: Browser;
  app: Served;
  api: HostileApi;
  server: NodeServer;
  apiUrl: string;
  origin: string;
  config: Record<string, unknown>;
  /** Switches a hostile case on (several may be on). */
  set(rule: HostileRule): Promise<void>;
  /** Switches every case off. */
  clear(): Promise<void>;
  /** Stops the HTTP server (the API disappears) and starts it again on the same port. */
  stop(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startRig(dist?: string): Promise<Rig> {
  const api = withHostility(createApi({ seed: 7, heartbeatMs: HEARTBEAT_MS, eventRate: 2 }));
  const [browser, app, first] = await Promise.all([
    launchBrowser(),
    serveDist(dist),
    startNodeServer({ port: 0, api }),
  ]);
  let server = first;
  const origin = new URL(server.url).origin;
  const control = async (method: string, body?: unknown) => {
    const res = await fetch(`${origin}/__mock/hostile`, {
      method,
      ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    expect(res.status).toBe(200);
  };
  const rig: Rig = {
    browser,
    app,
    api,
    get server() {
      return server;
    },
    apiUrl: server.url,
    origin,
    config: {
      apiBaseUrl: server.url,
      embeddedMock: { enabled: false },
      basemap: BASEMAP,
      streamHeartbeatMs: HEARTBEAT_MS,
      refresh: { kpiMs: 2000, layersMs: 3000 },
      wall: { tourEnabled: false },
    },
    set: (rule) => control('POST', rule),
    clear: () => control('DELETE'),
    stop: () => server.close(),
    async restart() {
      server = await startNodeServer({ port: server.port, api });
    },
    async close() {
      await browser?.close();
      await app?.close();
      await server?.close();
      api.close();
    },
  };
  return rig;
}

/**
 * Opens the wall on the rig's API; waits until the map has drawn and the stream is live
 * (each for up to `timeoutMs`: a heavy case on a busy machine may need more than a minute).
 */
export async function openWall(
  rig: Rig,
  layers = 'admin-boundaries,live-events',
  live = true,
  mode: 'wall' | 'operator' = 'wall',
  timeoutMs = 60_000,
): Promise<{ page: Page; watch: PageWatch }> {
  const page = await rig.browser.newPage({ viewport: { width: 1600, height: 900 } });
  const watch = watchPage(page);
  await withConfig(page, rig.config);
  await page.goto(`${rig.app.url}?mode=${mode}&lang=zh-CN&theme=dark&layers=${layers}`);
  await page.locator('section.map-canvas[aria-busy="false"]').waitFor({ timeout: timeoutMs });
  if (live) await waitLive(page, timeoutMs);
  return { page, watch };
}

export const kpiPanel = (page: Page, title: string) =>
  page.getByRole('complementary', { name: '关键指标' }).getByRole('region', { name: title });

/** Did any injected markup run? (Each payload would set this flag.) */
export const pwned = (page: Page) =>
  page.evaluate((flag) => (window as unknown as Record<string, unknown>)[flag] ?? null, PWNED_FLAG);

/** Uncaught errors and console errors, less the browser's own report of failed requests. */
export const uncaught = (watch: PageWatch) =>
  watch.consoleErrors.filter((e) => !e.startsWith('Failed to load resource'));

export interface RequestLog {
  /** Requests whose path matches, made in [from, to) (ms, Date.now on the test's side). */
  count(path: RegExp, from?: number, to?: number): number;
  /** When the n-th request (1-based) to a matching path was made; null before it was. */
  at(path: RegExp, n: number): number | null;
}

/** Every request the page makes to the API, with its path and when. */
export function logRequests(page: Page, apiUrl: string): RequestLog {
  const base = new URL(apiUrl).pathname.replace(/\/+$/u, '');
  const log: { path: string; at: number }[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith(base)) log.push({ path: url.pathname.slice(base.length), at: Date.now() });
  });
  const matching = (path: RegExp) => log.filter((e) => path.test(e.path));
  return {
    count: (path, from = 0, to = Number.POSITIVE_INFINITY) =>
      matching(path).filter((e) => e.at >= from && e.at < to).length,
    at: (path, n) => matching(path)[n - 1]?.at ?? null,
  };
}

/**
 * Records the time of every animation frame from now on (on the page's side); `longestGap`
 * is the longest time between two frames since, in ms: how long the page was frozen.
 */
export async function watchFrames(page: Page): Promise<{ longestGap(): Promise<number> }> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[] };
    w.__frames = [];
    const tick = (t: number) => {
      w.__frames.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  return {
    longestGap: () =>
      page.evaluate(() => {
        const f = (window as unknown as { __frames: number[] }).__frames;
        const last = performance.now();
        let gap = last - (f.at(-1) ?? last);
        for (let i = 1; i < f.length; i++) gap = Math.max(gap, f[i]! - f[i - 1]!);
        return gap;
      }),
  };
}
