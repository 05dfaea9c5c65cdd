/**
 * The embedded database: PGlite with PostGIS, in this process. One connection only, so
 * its transaction() queues every other query until it ends (transactions are serialised).
 * PostGIS here lacks ST_AsMVT (built without protobuf): tiles are encoded by the server.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import type { Db, Row, Sql } from './driver';
import { copyDevice } from './copyDevice';
import { dropInstallScript, leanPostgis } from './leanPostgis';

/** Same value types as the pg driver gives: int8 as number, json as its text. */
const parsers = {
  [types.INT8]: (v: string) => Number(v),
  [types.JSON]: (v: string) => v,
  [types.JSONB]: (v: string) => v,
};

/**
 * PostgreSQL's page cache inside PGlite's memory, which the process holds whole from the
 * start (PostgreSQL's default, 128 MB, was 170 MB of the server's resident memory). Pages
 * that miss it are read from the data folder, which the operating system caches anyway.
 */
const SHARED_BUFFERS = '16MB';

function wrap(q: { query: PGlite['query'] }): Sql {
  return {
    async query<T extends Row>(text: string, params: readonly unknown[] = []) {
      const r = await q.query<T>(text, params as unknown[]);
      return r.rows;
    },
  };
}

/**
 * PGlite must never have two processes on one data folder (a server and a backup, say):
 * the folder is claimed with a lock file naming the owner's pid; a dead owner's claim (a
 * killed server) is taken over.
 */
function claim(dataDir: string): () => void {
  const file = join(dataDir, 'ioc.lock');
  let owner = Number.NaN;
  try {
    owner = Number(readFileSync(file, 'utf8'));
  } catch {
    // no lock yet
  }
  if (Number.isInteger(owner) && owner !== process.pid && alive(owner)) {
    throw new Error(`${dataDir} is in use by process ${owner} (stop the server first)`);
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

export async function openPglite(dataDir: string): Promise<Db> {
  mkdirSync(dataDir, { recursive: true });
  const release = claim(dataDir);
  let pg: PGlite | undefined;
  try {
    pg = await PGlite.create(join(dataDir, 'pgdata'), {
      extensions: { postgis: leanPostgis(dataDir) },
      parsers,
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`],
    });
    await dropInstallScript(pg);
  } catch (e) {
    await pg?.close().catch(() => {});
    release();
    throw e;
  }
  const sql = wrap(pg);
  const copy = copyDevice(pg);
  return {
    kind: 'pglite',
    query: sql.query,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    exec: async (text) => {
      await pg.exec(text);
    },
    copyOut:
      copy ??
      (async (selects, take) => {
        for (const select of selects) {
          const r = await pg.query(`COPY (${select}) TO '/dev/blob' WITH (FORMAT binary)`);
          take(new Uint8Array((await r.blob?.arrayBuffer()) ?? new ArrayBuffer(0)));
        }
      }),
    close: async () => {
      await pg.close();
      release();
    },
  };
}
