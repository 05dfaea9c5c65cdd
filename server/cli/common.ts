/** What the commands share: the database the environment names, opened and migrated. */
import { userInfo } from 'node:os';
import type { RegionIndex } from '@ioc/domain/regions';
import type { AuditActor } from '../auth/audit';
import { configFromEnv, describeDb } from '../config';
import { type Db, openDb } from '../db/driver';
import { migrate } from '../db/migrate';
import { prepareLayerFigures } from '../kpis/index';
import { regionIndex } from '../regions';
import { TileIndexes, tileIndexDir } from '../tiles/indexes';

export async function withDb<T>(fn: (db: Db) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const config = configFromEnv();
  console.error(`[ioc] ${describeDb(config)}`);
  const db = await openDb(config);
  try {
    if (options.migrate !== false) await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

/**
 * On the embedded database, writes the tile indexes of the tiled point layers (or of `only`)
 * into its data folder, so the server's first tile after its next start reads one file
 * instead of every row (PostgreSQL's instances build theirs in memory: nothing to do).
 */
export async function prepareTiles(db: Db, only?: string): Promise<void> {
  if (db.kind !== 'pglite') return;
  const started = performance.now();
  const { dataDir } = configFromEnv();
  const done = await new TileIndexes(db, {
    cacheDir: tileIndexDir(dataDir),
    onCacheError: (e) =>
      console.error(
        `[ioc] keeping a tile index on disk failed: ${e instanceof Error ? e.message : String(e)}`,
      ),
  }).prepare(only);
  if (done.length > 0)
    console.error(
      `[ioc] tile index of ${done.join(', ')} kept in ${tileIndexDir(dataDir)} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
}

/**
 * Counts the layer figures GET /kpis reads and keeps them in the database, so that no
 * server's first answer waits for them (seconds at a million stations).
 */
export async function prepareFigures(db: Db, regions?: RegionIndex): Promise<void> {
  const started = performance.now();
  await prepareLayerFigures(db, regions ?? (await regionIndex(db)));
  console.error(
    `[ioc] layer figures for GET /kpis kept (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}

export function run(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    console.error(`[ioc] ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}

/** Who a command acts as in the audit log: the operating-system user who ran it. */
export function cliActor(): AuditActor {
  let os = 'unknown';
  try {
    os = userInfo().username;
  } catch {
    // no passwd entry (a container's numeric user): the log says unknown
  }
  return { key: `cli:${os}`, userId: null, name: `cli:${os}`, role: null };
}
