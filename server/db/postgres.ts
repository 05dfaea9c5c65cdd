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

/** Longest wait between two attempts to get the listening connection back. */
const LISTEN_BACKOFF_MAX_MS = 5000;

/**
 * LISTEN on a connection of its own (a pooled one would be handed to others). When it
 * drops (the server restarts, a failover), it comes back with exponential back-off capped
 * at 5 s, and `onNotify` runs once it is back: readers catch up from the log by id.
 */
async function listen(
  url: string,
  channel: string,
  onNotify: () => void,
  onError: (e: unknown) => void,
): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/u.test(channel)) throw new Error(`bad channel name ${channel}`);
  let current: pg.Client | undefined;
  let stopped = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, application_name: 'ioc-listen', keepAlive: true });
    c.on('notification', () => onNotify());
    // 'end' follows an error on an open connection and brings it back.
    c.on('error', () => {});
    c.once('end', () => {
      if (current !== c) return;
      current = undefined;
      again();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
    } catch (e) {
      await c.end().catch(() => {});
      throw e;
    }
    if (stopped) {
      await c.end().catch(() => {});
      return;
    }
    current = c;
    failures = 0;
    onNotify();
  };
  const again = () => {
    if (stopped) return;
    const delay = Math.min(LISTEN_BACKOFF_MAX_MS, 100 * 2 ** failures++);
    timer = setTimeout(() => {
      connect().catch((e: unknown) => {
        onError(e);
        again();
      });
    }, delay);
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    const c = current;
    current = undefined;
    await c?.end().catch(() => {});
  };
}

export async function openPostgres(url: string): Promise<Db> {
  // A database that does not answer within 10 s is unavailable (a 503 to the caller), rather
  // than a request left waiting until its own timeout.
  const pool = new pg.Pool({
    connectionString: url,
    types,
    max: 10,
    application_name: 'ioc-server',
    connectionTimeoutMillis: 10_000,
  });
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
    listen: (channel, onNotify, onError) => listen(url, channel, onNotify, onError),
    close: () => pool.end(),
  };
}
