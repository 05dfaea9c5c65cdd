/**
 * Start-up at a million 5G stations, the embedded database (PGlite) beside PostgreSQL (the
 * baseline) in the same run, each server as `npm run server` runs it (the built JavaScript
 * under plain node, not tsx): its memory at rest once ready (nothing asked yet), the time to
 * its first vector tile, its memory after that tile and after a short read workload (40
 * tiles and 40 bbox reads). Two starts each: a cold one, whose first tile builds the tile
 * index from the database's rows (the embedded server's index file is removed first), then a
 * restart of the same database, as after a deploy or a crash (the embedded server reads the
 * index back from its file; PostgreSQL's instances build it again). The seeded databases
 * are the read case's (reads.ts).
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { round } from '../lib';
import { ensureDatabase, type Proc, startServer } from './procs';
import { seededServer, stationsUrl, timed, workload } from './reads';

export interface StartupOptions {
  layerScale: number;
  adminUrl: string;
  fresh: boolean;
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function oneStart(db: { databaseUrl?: string; dataDir?: string }) {
  const t0 = performance.now();
  const p: Proc = await startServer(db, {}, true);
  const readyMs = performance.now() - t0;
  try {
    // Let start-up's garbage settle before reading the resident set.
    await settle(2000);
    const restRssMb = p.rssMb();
    const w = workload(40);
    const base = stationsUrl(p.api);
    const first = await timed(`${base}/tiles/${w.tiles[0]}.mvt`);
    const afterFirstTileRssMb = p.rssMb();
    for (let i = 0; i < w.tiles.length; i++) {
      await timed(`${base}/tiles/${w.tiles[i]}.mvt`);
      await timed(`${base}/features?bbox=${w.boxes[i]}`);
    }
    return {
      readyMs: Math.round(readyMs),
      restRssMb,
      firstTileMs: Math.round(first.ms),
      afterFirstTileRssMb,
      afterReadsRssMb: p.rssMb(),
    };
  } finally {
    await p.stop();
  }
}

async function twoStarts(db: { databaseUrl?: string; dataDir?: string }) {
  if (db.dataDir) rmSync(join(db.dataDir, 'tile-index'), { recursive: true, force: true });
  const cold = await oneStart(db);
  const restart = await oneStart(db);
  return { cold, restart };
}

export async function startup(o: StartupOptions) {
  console.error('[bench] start-up: building the server (dist-server/)…');
  await build({ configFile: 'vite.server.config.ts', logLevel: 'warn' });
  const out: Record<string, unknown> = { layerScale: o.layerScale, server: 'node dist-server/main.js' };

  const dataDir = `bench/results/pglite-x${o.layerScale}`;
  console.error(`[bench] start-up, embedded (PGlite) in ${dataDir}…`);
  const seeded = await seededServer(
    { dataDir },
    o.layerScale,
    async () => {
      if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
    },
    o.fresh,
  );
  await seeded.proc.stop();
  const e = await twoStarts({ dataDir });
  out.embedded = e;

  const name = `ioc_bench_x${o.layerScale}`;
  console.error(`[bench] start-up, PostgreSQL database ${name}…`);
  const databaseUrl = await ensureDatabase(o.adminUrl, name, false);
  const pgSeeded = await seededServer(
    { databaseUrl },
    o.layerScale,
    async () => {
      await ensureDatabase(o.adminUrl, name, true);
    },
    o.fresh,
  );
  await pgSeeded.proc.stop();
  const p = await twoStarts({ databaseUrl });
  out.postgres = p;

  out.embeddedToPostgres = {
    restRss: round(e.restart.restRssMb / p.restart.restRssMb),
    afterReadsRss: round(e.restart.afterReadsRssMb / p.restart.afterReadsRssMb),
    firstTileCold: round(e.cold.firstTileMs / p.cold.firstTileMs),
    firstTileAfterRestart: round(e.restart.firstTileMs / p.restart.firstTileMs),
  };
  out.met = {
    embeddedUnder400MbAfterReads: e.restart.afterReadsRssMb < 400,
    embeddedFirstTileAfterRestartUnder2s: e.restart.firstTileMs < 2000,
  };
  return out;
}
