/**
 * One interface over both homes of the database: PGlite (PostgreSQL compiled to WASM, in
 * this process, persisted in DATA_DIR) and a real PostgreSQL server (DATABASE_URL). Every
 * query in the server is written once and runs on both.
 */

import type { CopyOut } from './copyDevice';

export type Row = Record<string, unknown>;

export interface Sql {
  query<T extends Row = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Db extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** Several statements at once, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Calls `onNotify` on every NOTIFY on `channel`, from this process or another, and once
   * after each reconnection (what was notified meanwhile is missed). PostgreSQL only:
   * PGlite serves one process, whose writers wake their readers themselves.
   */
  listen?(channel: string, onNotify: () => void, onError: (e: unknown) => void): Promise<() => Promise<void>>;
  /**
   * The rows of each SELECT (no parameters) in PostgreSQL's binary COPY format, in one piece
   * per SELECT, handed to `take` in turn; the bytes are valid only until it returns.
   * PGlite only: there it skips the wire protocol's row-by-row answer, several times faster
   * for a large read (a tile index); PostgreSQL's driver streams rows well enough.
   */
  copyOut?: CopyOut;
  close(): Promise<void>;
}

export interface DbConfig {
  /** postgres://… for a PostgreSQL server; absent for the embedded database. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded database (PGlite's data directory). */
  dataDir: string;
}

export async function openDb(config: DbConfig): Promise<Db> {
  if (config.databaseUrl) {
    const { openPostgres } = await import('./postgres');
    return openPostgres(config.databaseUrl);
  }
  const { openPglite } = await import('./pglite');
  return openPglite(config.dataDir);
}

/** Is this error PostgreSQL's unique_violation (SQLSTATE 23505)? Both drivers set `code`. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}

/** Errors of reaching the database (not of a statement): refused, reset, timed out, closed. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/** SQLSTATEs of a database that is down, restarting, gone or full: retrying later may work. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '3D000']);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Cannot use a pool after calling end|not currently accepting connections|PGlite is closed|the database system is (starting up|shutting down|in recovery mode)/u;

/**
 * Is this error the database being unreachable (a 503 with Retry-After to the caller), rather
 * than a statement that failed? Both drivers: node-postgres' network errors and SQLSTATE
 * class 08 (connection exception), an administrator's shutdown or a database that is gone,
 * and a closed PGlite.
 */
export function isUnavailable(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.has(code))) return true;
  if (typeof code === 'string' && /^08[0-9A-Z]{3}$/u.test(code)) return true;
  const message = (e as { message?: unknown }).message;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message);
}
