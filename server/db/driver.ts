/**
 * One interface over both homes of the database: PGlite (PostgreSQL compiled to WASM, in
 * this process, persisted in DATA_DIR) and a real PostgreSQL server (DATABASE_URL). Every
 * query in the server is written once and runs on both.
 */

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
