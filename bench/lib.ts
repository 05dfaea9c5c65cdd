/** Shared pieces of the benchmarks: servers, browser, statistics. */
import { existsSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { startNodeServer } from '../mock-server/node';
import { acceleratedClock } from '@ioc/domain/time';
import { buildCsp, withCspMeta } from '../scripts/csp';
import { launchBrowser, type Served, serveDist } from '../test/e2e/harness';

export const BARE_DIST = 'bench/results/bare-dist';
export const APP_DIST = process.env.DIST_DIR ?? 'dist';

export async function buildBare(): Promise<void> {
  await build({
    root: 'bench/bare',
    base: './',
    configFile: false,
    logLevel: 'silent',
    build: { outDir: `../../${BARE_DIST}`, emptyOutDir: true, target: 'es2022' },
  });
}

/**
 * The built app, its config.json answered by the static server as a deployment answers it.
 * Not by the browser tests' request interception: that sends every request of the page
 * (scripts, API calls) through the test process, a delay the bare pages do not pay.
 */
async function serveApp(dir: string): Promise<Served & { config: { current: unknown } }> {
  const config = { current: {} as unknown };
  const served = await serveDist(dir, [
    {
      name: 'bench-config',
      configurePreviewServer(s) {
        s.middlewares.use((req, res, next) => {
          const path = new URL(req.url ?? '/', 'http://x').pathname;
          res.setHeader('cache-control', 'no-store');
          if (path === '/config.json') {
            res.setHeader('content-type', 'application/json');
            res.end(JSON.stringify(config.current));
          } else if (path === '/' || path === '/index.html') {
            // The policy a deployment writes for its API host (scripts/csp.ts).
            const html = readFileSync(`${dir}/index.html`, 'utf8');
            res.setHeader('content-type', 'text/html');
            res.end(withCspMeta(html, buildCsp(config.current as never)));
          } else next();
        });
      },
    },
  ]);
  return { ...served, config };
}

export interface Rig {
  browser: Browser;
  app: Awaited<ReturnType<typeof serveApp>>;
  bare: Served;
  close(): Promise<void>;
}

export async function startRig(): Promise<Rig> {
  if (!existsSync(`${APP_DIST}/index.html`)) throw new Error(`${APP_DIST}/ missing: run npm run build`);
  await buildBare();
  const [browser, app, bare] = await Promise.all([
    launchBrowser(['--js-flags=--expose-gc']),
    serveApp(APP_DIST),
    serveDist(BARE_DIST),
  ]);
  return {
    browser,
    app,
    bare,
    close: async () => {
      await browser.close();
      await app.close();
      await bare.close();
    },
  };
}

export type Api = Awaited<ReturnType<typeof startNodeServer>>;

export function startApi(env: {
  layerScale?: number;
  eventRate?: number;
  clockSpeed?: number;
  heartbeatMs?: number;
}) {
  const { clockSpeed = 1, ...rest } = env;
  return startNodeServer({
    port: 0,
    host: '127.0.0.1',
    tickMs: 100,
    clock: acceleratedClock(clockSpeed),
    ...rest,
  });
}

/** A fresh page (no cache) of the app pointed at the Node API. */
export async function appPage(
  rig: Rig,
  api: Api,
  query: string,
  viewport = { width: 1920, height: 1080 },
  initScript?: string,
  /** More of config.json (e.g. the wall's scenes). */
  config: Record<string, unknown> = {},
): Promise<Page> {
  const context = await rig.browser.newContext({ viewport });
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  // Pages are opened one at a time, so the config answered is this page's.
  rig.app.config.current = {
    apiBaseUrl: api.url,
    embeddedMock: { enabled: false },
    basemap: { type: 'style', url: 'basemap/style-dark.json', lightUrl: 'basemap/style-light.json' },
    ...config,
  };
  await page.goto(`${rig.app.url}${query}`);
  return page;
}

export async function barePage(
  rig: Rig,
  api: Api,
  camera: string,
  viewport = { width: 1920, height: 1080 },
  /** Extra query, e.g. `&tiles=1` for the vector-tile baseline. */
  extra = '',
): Promise<Page> {
  const context = await rig.browser.newContext({ viewport });
  const page = await context.newPage();
  const style = new URL('basemap/style-dark.json', rig.app.url).toString();
  await page.goto(
    `${rig.bare.url}?api=${encodeURIComponent(api.url)}&style=${encodeURIComponent(style)}&c=${camera}${extra}`,
  );
  return page;
}

/**
 * The app's map as a bare page's `box=` (x,y,w,h in the page): the bare page then places and
 * sizes its map as the app's, in a window of the same size. Empty when the map is not there.
 */
export async function appMapBox(page: Page): Promise<string> {
  const b = await page.locator('section.map-canvas').boundingBox();
  return b ? `&box=${[b.x, b.y, b.width, b.height].map(Math.round).join(',')}` : '';
}

/** Milliseconds from navigation start to a User Timing mark. */
export async function markTime(page: Page, name: string, timeoutMs = 120_000): Promise<number> {
  const handle = await page.waitForFunction(
    (n) => performance.getEntriesByName(n)[0]?.startTime ?? null,
    name,
    { timeout: timeoutMs, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : Number.NaN;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : Number.NaN;
}

export const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

/** Median and spread (min–max) of a figure measured `n` times, in whole units. */
export function spread(xs: number[]): { n: number; median: number; min: number; max: number } {
  return {
    n: xs.length,
    median: round(median(xs), 0),
    min: round(Math.min(...xs), 0),
    max: round(Math.max(...xs), 0),
  };
}

/** Frames per second while a hand drags the map around for `ms`, and the longest task meanwhile. */
export async function panFps(
  page: Page,
  mapSelector: string,
  ms = 5000,
): Promise<{ fps: number; longestTaskMs: number }> {
  // The page settles first (2 s without a long task, 15 s at most): what is still loading
  // after the first frame (late basemap tiles, whose first drawing links a MapLibre program,
  // 2.2 s once in software WebGL; the charts) fell into the pan on one run and not the next.
  // A string, not a function: tsx would wrap inner functions in a helper the page lacks.
  await page.evaluate(`new Promise((resolve) => {
    let last = performance.now();
    const started = last;
    const o = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) last = Math.max(last, e.startTime + e.duration);
    });
    o.observe({ type: 'longtask' });
    const check = () => {
      const now = performance.now();
      if (now - last >= 2000 || now - started >= 15000) {
        o.disconnect();
        resolve(now - started);
      } else setTimeout(check, 200);
    };
    check();
  })`);
  await page.evaluate(`(() => {
    window.__frames = 0;
    window.__long = 0;
    window.__counting = true;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__long = Math.max(window.__long, e.duration);
    }).observe({ type: 'longtask' });
    const tick = () => {
      if (!window.__counting) return;
      window.__frames++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);

  const box = (await page.locator(mapSelector).boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const started = Date.now();
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  let step = 0;
  while (Date.now() - started < ms) {
    const a = (step++ / 30) * Math.PI;
    await page.mouse.move(cx + Math.cos(a) * box.width * 0.25, cy + Math.sin(a) * box.height * 0.25);
  }
  await page.mouse.up();
  const elapsed = Date.now() - started;
  const { frames, long } = await page.evaluate(() => {
    const w = window as unknown as { __frames: number; __long: number; __counting: boolean };
    w.__counting = false;
    return { frames: w.__frames, long: w.__long };
  });
  return { fps: (frames * 1000) / elapsed, longestTaskMs: long };
}

export async function heapMb(page: Page): Promise<number> {
  return page.evaluate(() => {
    (window as unknown as { gc?: () => void }).gc?.();
    return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize / 2 ** 20;
  });
}
