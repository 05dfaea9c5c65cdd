/**
 * A real server under a browser test: embedded database, no feeder, quick heartbeats; and a
 * deployment that is not the demo, as the sign-in, pairing and administration tests use it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { DEFAULT_SEED } from '../../mock-server/api';
import type { ServerConfig } from '../../server/config';
import { type RunningServer, startServer } from '../../server/start';
import { DIST_DIR, launchBrowser } from './harness';

export const realServerConfig = (dataDir: string) => ({
  port: 0,
  host: '127.0.0.1',
  databaseUrl: undefined,
  dataDir,
  seed: DEFAULT_SEED,
  eventRate: 0,
  heartbeatMs: 2000,
  pollMs: 100,
});

export interface RealDeployment {
  server: RunningServer;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * The built app served by a server with the demo off, as `npm run server` serves it, and a
 * browser. A real server refuses an empty database: the demo's first start fills it (the
 * city and its layers), then the server under test runs on it with the demo off.
 */
export async function realDeployment(
  name: string,
  over: Partial<ServerConfig> = {},
): Promise<RealDeployment> {
  const dataDir = mkdtempSync(join(tmpdir(), `ioc-e2e-${name}-`));
  const config = realServerConfig(dataDir);
  const [seeded, browser] = await Promise.all([
    startServer({ ...config, demo: true, staticDir: undefined }),
    launchBrowser(),
  ]);
  const server = await startServer(
    { ...config, demo: false, staticDir: DIST_DIR, ...over },
    { db: seeded.ctx.db },
  );
  return {
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
      await seeded.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
