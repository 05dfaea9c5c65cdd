/**
 * Cold start on the real path: the built app served by the API server as `npm run server`
 * runs it (built JavaScript, embedded database seeded with the demo city in a fresh folder),
 * beside the bare pages (bench/bare/) served by the same server from the same origin, so
 * both pay the same server, database and network. The same layout, camera and measures as
 * coldStart.ts (whose baseline runs against the Node mock): the map drawn against the
 * same-layers page, every panel filled against the simple page. Fresh context each run;
 * the three pages take turns.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { APP_DIST, BARE_DIST, markTime, type Rig, round } from '../lib';
import { startServer } from '../server/procs';
import { COLD_CAMERA, coldRounds, WATCH_PANELS } from './coldStart';

const VIEWPORT = { width: 1920, height: 1080 };

/**
 * The app as `npm run server` serves it: built server and app, the embedded database seeded
 * with the demo in a fresh folder (`env` adds to the demo's settings), the bare pages at /bare/.
 */
export async function servedApp(env: Record<string, string> = {}) {
  await build({ configFile: 'vite.server.config.ts', logLevel: 'warn' });
  // The app at /, the bare pages at /bare/ (built with relative asset paths).
  const staticDir = mkdtempSync(join(tmpdir(), 'ioc-cold-static-'));
  cpSync(APP_DIST, staticDir, { recursive: true });
  cpSync(BARE_DIST, join(staticDir, 'bare'), { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'ioc-cold-data-'));
  const started = performance.now();
  const server = await startServer(
    { dataDir },
    { DEMO: 'true', EVENT_RATE: '1', STATIC_DIR: staticDir, LOG_LEVEL: 'warn', ...env },
    true,
  );
  return {
    child: server.child,
    api: server.api,
    origin: server.api.replace(/\/api\/v1$/u, ''),
    seededSeconds: round((performance.now() - started) / 1000, 1),
    stop: async () => {
      await server.stop();
      rmSync(staticDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function coldStartServer(rig: Rig, runs = 5) {
  const server = await servedApp();
  const { origin, seededSeconds } = server;
  const open = async (url: string, initScript?: string) => {
    const context = await rig.browser.newContext({ viewport: VIEWPORT });
    if (initScript) await context.addInitScript(initScript);
    const page = await context.newPage();
    await page.goto(url);
    return page;
  };
  const bare = async (extra = '') => {
    const style = `${origin}/basemap/style-dark.json`;
    const page = await open(
      `${origin}/bare/index.html?api=${encodeURIComponent(server.api)}&style=${encodeURIComponent(style)}&c=${COLD_CAMERA}${extra}`,
    );
    const t = await markTime(page, 'bare:map-ready');
    await page.context().close();
    return t;
  };
  let ms: Awaited<ReturnType<typeof coldRounds>>;
  try {
    ms = await coldRounds(runs, bare, () =>
      open(`${origin}/?mode=wall&layers=admin-boundaries,5g-stations&c=${COLD_CAMERA}`, WATCH_PANELS),
    );
  } finally {
    await server.stop();
  }
  return {
    runs,
    served:
      'node dist-server/main.js, embedded PGlite seeded with the demo (fresh folder), app at /, bare pages at /bare/',
    seededSeconds,
    measures: `?mode=wall&layers=admin-boundaries,5g-stations&c=${COLD_CAMERA} at 1920×1080 (the desk layout)`,
    ms,
    mapRatio: round(ms.map.median / ms.same.median),
    allRatio: round(ms.all.median / ms.simple.median),
    targets: { mapOverSameLayers: 1.3, allOverSimple: 2 },
    met: { map: ms.map.median / ms.same.median <= 1.3, all: ms.all.median / ms.simple.median <= 2 },
  };
}
