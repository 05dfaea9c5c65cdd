/** The server's settings, from the environment (see README "Server"). */
import { DEFAULT_SEED } from './seed/defaults';

export interface ServerConfig {
  port: number;
  host: string;
  /** postgres://… for PostgreSQL; absent for the embedded database in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** The demo city: anonymous reads, demo tokens, and the feeder that keeps the city alive. */
  demo: boolean;
  /** Seed of the demo city (the mock's DEFAULT_SEED). */
  seed: number;
  /** Multiplies the demo city's layers when it is seeded (100: a million 5G stations; default 1). */
  layerScale?: number;
  /** The demo feeder's event rate (1 = DATA.md's rates), 0 = no feeder. */
  eventRate: number;
  heartbeatMs: number;
  /** How often the stream reads the log for other writers' changes. */
  pollMs: number;
  staticDir: string | undefined;
}

function num(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a non-negative number (got "${raw}")`);
  return v;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new Error(`${name} must be true or false (got "${env[name]}")`);
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//u.test(databaseUrl)) {
    throw new Error('DATABASE_URL must be a postgres:// URL');
  }
  // The embedded database is the demo unless told otherwise; a PostgreSQL server is production.
  const demo = bool(env, 'DEMO', !databaseUrl);
  return {
    port: num(env, 'PORT', 4173),
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl,
    dataDir: env.DATA_DIR?.trim() || './data',
    demo,
    seed: Math.trunc(num(env, 'SEED', DEFAULT_SEED)),
    layerScale: num(env, 'LAYER_SCALE', 1),
    eventRate: num(env, 'EVENT_RATE', demo ? 1 : 0),
    heartbeatMs: Math.max(10, num(env, 'HEARTBEAT_MS', 15_000)),
    pollMs: Math.max(20, num(env, 'POLL_MS', 200)),
    staticDir: env.STATIC_DIR?.trim() || 'dist',
  };
}

/** Where the database is, in words, without a password. */
export function describeDb(config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>): string {
  if (!config.databaseUrl) return `embedded PostgreSQL (PGlite) in ${config.dataDir}`;
  const u = new URL(config.databaseUrl);
  return `PostgreSQL at ${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
}
