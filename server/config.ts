/** The server's settings, from the environment (see README "Server"). */
import type { OidcConfig } from './auth/oidc';
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
  /**
   * Days of events a new demo database holds (HISTORY_DAYS; default 3 here, 7 from the
   * environment): the last three at once, the days before them back-filled in the background.
   */
  historyDays?: number;
  heartbeatMs: number;
  /** How often the stream reads the log for other writers' changes. */
  pollMs: number;
  staticDir: string | undefined;
  /** People's sessions end after this many minutes without a request (default 120). */
  sessionIdleMinutes?: number;
  /** …and this many hours after sign-in at the latest (default 12: one long shift). */
  sessionMaxHours?: number;
  /** Session cookies always Secure (else Secure when the request came over HTTPS). */
  cookieSecure?: boolean;
  /** Origins besides the server's own that may send cookie-authenticated changes. */
  allowedOrigins?: string[];
  /** Single sign-on (OIDC_ISSUER and the rest), or none. */
  oidc?: OidcConfig;
  /** A paired wall's session lasts this many days (default 365). */
  deviceSessionDays?: number;
  /** How often open event streams check that their session still holds (default 5 s). */
  sessionCheckMs?: number;
  /** Behind a reverse proxy: trust X-Forwarded-For/-Proto/-Host (Fastify's trustProxy). */
  trustProxy?: boolean | number | string;
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
    historyDays: Math.min(400, Math.max(1, Math.trunc(num(env, 'HISTORY_DAYS', 7)))),
    heartbeatMs: Math.max(10, num(env, 'HEARTBEAT_MS', 15_000)),
    pollMs: Math.max(20, num(env, 'POLL_MS', 200)),
    staticDir: env.STATIC_DIR?.trim() || 'dist',
    ...peopleFromEnv(env),
    ...oidcFromEnv(env),
  };
}

/** Single sign-on, when OIDC_ISSUER is set (README "Sign-in, roles and devices"). */
function oidcFromEnv(env: NodeJS.ProcessEnv): Partial<ServerConfig> {
  const issuer = env.OIDC_ISSUER?.trim();
  if (!issuer) return {};
  const need = (name: string) => {
    const v = env[name]?.trim();
    if (!v) throw new Error(`${name} must be set with OIDC_ISSUER`);
    return v;
  };
  const redirectUrl = need('OIDC_REDIRECT_URL');
  if (!/\/api\/v1\/session\/oidc\/callback$/u.test(new URL(redirectUrl).pathname))
    throw new Error("OIDC_REDIRECT_URL must be this server's public …/api/v1/session/oidc/callback");
  const label = env.OIDC_LABEL?.trim();
  return {
    oidc: {
      issuer,
      clientId: need('OIDC_CLIENT_ID'),
      clientSecret: env.OIDC_CLIENT_SECRET?.trim() || undefined,
      redirectUrl,
      roleClaim: env.OIDC_ROLE_CLAIM?.trim() || 'ioc_role',
      regionClaim: env.OIDC_REGION_CLAIM?.trim() || 'ioc_region',
      createUsers: bool(env, 'OIDC_CREATE_USERS', false),
      scope: env.OIDC_SCOPE?.trim() ?? 'profile',
      ...(label ? { label } : {}),
      allowHttp: bool(env, 'OIDC_ALLOW_HTTP', false),
    },
  };
}

/** Sessions, cookies and the proxy in front (README "Sign-in, roles and devices"). */
function peopleFromEnv(env: NodeJS.ProcessEnv): Partial<ServerConfig> {
  const origins = (env.ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '')
    .map((o) => {
      try {
        return new URL(o).origin;
      } catch {
        throw new Error(
          `ALLOWED_ORIGINS must be comma-separated origins like https://ioc.example (got "${o}")`,
        );
      }
    });
  const proxy = env.TRUST_PROXY?.trim() ?? '';
  let trustProxy: boolean | number | string = false;
  if (/^\d+$/u.test(proxy)) trustProxy = Number(proxy);
  else if (proxy !== '')
    trustProxy = /^(true|yes|on)$/iu.test(proxy) ? true : /^(false|no|off)$/iu.test(proxy) ? false : proxy;
  return {
    sessionIdleMinutes: Math.max(1, num(env, 'SESSION_IDLE_MINUTES', 120)),
    sessionMaxHours: Math.max(0.1, num(env, 'SESSION_MAX_HOURS', 12)),
    cookieSecure: bool(env, 'COOKIE_SECURE', false),
    deviceSessionDays: Math.max(1, num(env, 'DEVICE_SESSION_DAYS', 365)),
    sessionCheckMs: Math.max(100, num(env, 'SESSION_CHECK_SECONDS', 5) * 1000),
    allowedOrigins: origins,
    trustProxy,
  };
}

/** Where the database is, in words, without a password. */
export function describeDb(config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>): string {
  if (!config.databaseUrl) return `embedded PostgreSQL (PGlite) in ${config.dataDir}`;
  const u = new URL(config.databaseUrl);
  return `PostgreSQL at ${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
}
