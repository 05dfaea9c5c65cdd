/**
 * The embedded database: PGlite with PostGIS, in this process. One connection only, so
 * its transaction() queues every other query until it ends (transactions are serialised).
 * PostGIS here lacks ST_AsMVT (built without protobuf): tiles are encoded by the server.
 */
import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Db, Row, Sql } from './driver';

/** Same value types as the pg driver gives: int8 as number, json as its text. */
const parsers = {
  [types.INT8]: (v: string) => Number(v),
  [types.JSON]: (v: string) => v,
  [types.JSONB]: (v: string) => v,
};

function wrap(q: { query: PGlite['query'] }): Sql {
  return {
    async query<T extends Row>(text: string, params: readonly unknown[] = []) {
      const r = await q.query<T>(text, params as unknown[]);
      return r.rows;
    },
  };
}

export async function openPglite(dataDir: string): Promise<Db> {
  mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir, { extensions: { postgis }, parsers });
  const sql = wrap(pg);
  return {
    kind: 'pglite',
    query: sql.query,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    exec: async (text) => {
      await pg.exec(text);
    },
    close: () => pg.close(),
  };
}
