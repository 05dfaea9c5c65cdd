/** PostgreSQL ≥ 15 with PostGIS 3 through a connection pool (node-postgres). */
import pg from 'pg';
import type { Db, Row, Sql } from './driver';

/** int8 (counts, sequence numbers) as numbers and json as text, like the PGlite side. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8) return (v: string) => Number(v);
    if (oid === pg.types.builtins.JSON || oid === pg.types.builtins.JSONB) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

function wrap(client: pg.Pool | pg.PoolClient): Sql {
  return {
    async query<T extends Row>(text: string, params: readonly unknown[] = []) {
      const r = await client.query<T>(text, params as unknown[]);
      return r.rows;
    },
  };
}

export async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, types, max: 10, application_name: 'ioc-server' });
  // An idle client's error (the server restarted) must not crash the process.
  pool.on('error', () => {});
  await pool.query('SELECT 1');
  const sql = wrap(pool);
  return {
    kind: 'postgres',
    query: sql.query,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    exec: async (text) => {
      await pool.query(text);
    },
    close: () => pool.end(),
  };
}
