/**
 * People's sessions: a sign-in sets a cookie holding a random secret whose SHA-256 alone is
 * stored, so every instance knows the session and an administrator can revoke it. A session
 * ends after an idle time without requests and at an absolute end, whichever comes first;
 * a revoked session, a disabled account or (outside the demo) a demo account is refused
 * (401, and the cookie is cleared) on its next request. Each request builds the caller from
 * the account's current role and region, so a role change applies at once.
 *
 * CSRF: a state-changing request that authenticates by the cookie must come from the
 * server's own origin (or ALLOWED_ORIGINS): its Origin, or lacking that Sec-Fetch-Site, is
 * checked. Bearer-token requests carry no ambient credential and are not checked.
 */
import { createHash, randomBytes } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { HttpError, forbidden } from '@ioc/contract/http';
import { type PersonRole, SESSION_COOKIE } from '@ioc/contract/contract';
import { canAct } from '@ioc/domain/people';
import type { RegionIndex } from '@ioc/domain/regions';
import { formatIso } from '@ioc/domain/time';
import type { ServerConfig } from '../config';
import type { Sql } from '../db/driver';
import type { ActScope } from '../events/store';
import { type Caller, scopeOf } from './caller';
import { DEFAULT_THROTTLE, type ThrottleLimits } from './throttle';

export interface PeopleSettings {
  /** A session ends after this long without a request… */
  idleMs: number;
  /** …and this long after sign-in at the latest. */
  maxMs: number;
  /** Always mark the cookie Secure (else only when the request came over HTTPS). */
  cookieSecure: boolean;
  /** Origins besides the server's own that may send cookie-authenticated changes. */
  allowedOrigins: readonly string[];
  throttle: ThrottleLimits;
  /** A device's session (a paired wall) lasts this long, and does not idle out. */
  deviceMs: number;
  /** The demo accounts' public password, only while the demo is on. */
  demoPassword?: string;
}

export const DEFAULT_IDLE_MINUTES = 120;
export const DEFAULT_MAX_HOURS = 12;
export const DEFAULT_DEVICE_DAYS = 365;

export function peopleSettings(config: ServerConfig, demoPassword?: string): PeopleSettings {
  return {
    idleMs: (config.sessionIdleMinutes ?? DEFAULT_IDLE_MINUTES) * 60_000,
    maxMs: (config.sessionMaxHours ?? DEFAULT_MAX_HOURS) * 3_600_000,
    cookieSecure: config.cookieSecure ?? false,
    deviceMs: (config.deviceSessionDays ?? DEFAULT_DEVICE_DAYS) * 86_400_000,
    allowedOrigins: config.allowedOrigins ?? [],
    throttle: DEFAULT_THROTTLE,
    ...(demoPassword !== undefined ? { demoPassword } : {}),
  };
}

/** What sessions need of the server. */
export interface SessionContext {
  db: Sql;
  regions: RegionIndex;
  demo: boolean;
  people: PeopleSettings;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

// ---------- the cookie ----------

const secure = (req: FastifyRequest, settings: PeopleSettings) =>
  settings.cookieSecure || req.protocol === 'https';

/** Set-Cookie for a new session: HttpOnly, SameSite=Lax, Path=/, Secure over HTTPS. */
export function sessionCookie(req: FastifyRequest, settings: PeopleSettings, secret: string): string {
  return fastifyCookie.serialize(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'lax',
    secure: secure(req, settings),
    path: '/',
    maxAge: Math.floor(settings.maxMs / 1000),
  });
}

/** Set-Cookie that removes the session cookie. */
export function clearedCookie(req: FastifyRequest, settings: PeopleSettings): string {
  return fastifyCookie.serialize(SESSION_COOKIE, '', {
    httpOnly: true,
    sameSite: 'lax',
    secure: secure(req, settings),
    path: '/',
    maxAge: 0,
  });
}

/** The session secret the request carries, if any. */
export function cookieSecret(req: FastifyRequest): string | null {
  const v = req.cookies?.[SESSION_COOKIE];
  return v === undefined || v === '' ? null : v;
}

// ---------- CSRF ----------

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The server's own origin as the request reached it (the proxy's, with TRUST_PROXY). */
export const ownOrigin = (req: FastifyRequest) => `${req.protocol}://${req.host}`.toLowerCase();

/**
 * Refuses (403) a request from another origin: its Origin must be the server's own or an
 * allowed one; without Origin, Sec-Fetch-Site must not say cross-site or same-site (another
 * origin of the same site). A request with neither (not a browser's) passes.
 */
export function assertSameOrigin(req: FastifyRequest, allowed: readonly string[]): void {
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== '') {
    const o = origin.toLowerCase();
    if (o === ownOrigin(req) || allowed.some((a) => a.toLowerCase() === o)) return;
    throw forbidden(
      `cross-origin request refused: a signed-in change must come from ${ownOrigin(req)}, not ${origin}`,
    );
  }
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site')
    throw forbidden(`cross-origin request refused (Sec-Fetch-Site: ${site})`);
}

// ---------- sessions in the database ----------

export interface SessionUser {
  sessionId: string;
  expiresAt: Date;
  userId: string;
  login: string;
  name: string;
  role: PersonRole;
  regionId: string;
}

/** A new session for the account: its secret (for the cookie, shown only now), id and end. */
export async function createSession(
  db: Sql,
  userId: string,
  settings: PeopleSettings,
  from: { address: string | null; userAgent: string | null },
): Promise<{ secret: string; id: string; expiresAt: Date }> {
  const secret = randomBytes(32).toString('base64url');
  const id = randomBytes(9).toString('base64url');
  const [row] = await db.query<{ expires_at: Date }>(
    `INSERT INTO sessions (id, secret_sha256, user_id, expires_at, address, user_agent)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5, $6) RETURNING expires_at`,
    [id, sha256(secret), userId, settings.maxMs / 1000, from.address, from.userAgent?.slice(0, 400) ?? null],
  );
  // Sessions long over are deleted as new ones begin (revocations stay in the audit log).
  await db.query(
    "DELETE FROM sessions WHERE expires_at < now() - interval '1 day' OR revoked_at < now() - interval '1 day'",
  );
  return { secret, id, expiresAt: (row as { expires_at: Date }).expires_at };
}

/** The live session of this secret with its account, or null (unknown, revoked, idle, ended, disabled). */
export async function findSession(ctx: SessionContext, secret: string): Promise<SessionUser | null> {
  const [row] = await ctx.db.query<{
    session_id: string;
    expires_at: Date;
    stale: boolean;
    id: string;
    login: string;
    name: string;
    role: PersonRole;
    region_id: string;
  }>(
    `SELECT s.id AS session_id, s.expires_at, s.last_seen_at < now() - interval '60 seconds' AS stale,
       u.id, u.login, u.name, u.role, u.region_id
     FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.secret_sha256 = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
       AND (u.device OR s.last_seen_at > now() - make_interval(secs => $2))
       AND u.disabled_at IS NULL AND (NOT u.demo OR $3)`,
    [sha256(secret), ctx.people.idleMs / 1000, ctx.demo],
  );
  if (!row) return null;
  // The idle clock moves at most once a minute: not a write per request.
  if (row.stale)
    await ctx.db.query('UPDATE sessions SET last_seen_at = now() WHERE id = $1', [row.session_id]);
  return {
    sessionId: row.session_id,
    expiresAt: row.expires_at,
    userId: row.id,
    login: row.login,
    name: row.name,
    role: row.role,
    regionId: row.region_id,
  };
}

/** Ends the session of this secret (whatever its state); its account, if it was live. */
export async function revokeSession(
  db: Sql,
  secret: string,
): Promise<{ sessionId: string; userId: string } | null> {
  const [row] = await db.query<{ id: string; user_id: string }>(
    'UPDATE sessions SET revoked_at = now() WHERE secret_sha256 = $1 AND revoked_at IS NULL RETURNING id, user_id',
    [sha256(secret)],
  );
  return row ? { sessionId: row.id, userId: row.user_id } : null;
}

/** Ends every live session of an account; how many. */
export async function revokeUserSessions(sql: Sql, userId: string): Promise<number> {
  const rows = await sql.query(
    'UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id',
    [userId],
  );
  return rows.length;
}

// ---------- the caller ----------

/** A person's caller: scope from role and region, `by` the display name, key `user:<id>`. */
export function personCaller(regions: RegionIndex, s: SessionUser): Caller {
  const scope: ActScope =
    s.role === 'admin' || s.role === 'district' ? { kind: 'district' } : scopeOf(regions, s.regionId);
  return {
    scope,
    by: s.name,
    key: `user:${s.userId}`,
    anonymous: false,
    person: {
      userId: s.userId,
      login: s.login,
      role: s.role,
      regionId: s.regionId,
      sessionId: s.sessionId,
      canAct: canAct(s.role),
      expiresAt: formatIso(s.expiresAt.getTime()),
    },
  };
}

/** 401 for a cookie that no longer opens a session; the answer clears it. */
function sessionEnded(req: FastifyRequest, settings: PeopleSettings): HttpError {
  return new HttpError(
    401,
    'unauthorized',
    'the session has ended (signed out, expired or revoked): sign in again',
    {
      'set-cookie': clearedCookie(req, settings),
    },
  );
}

/**
 * The caller of a request's session cookie, for `authenticate` (a bearer token goes first,
 * so this is asked only without one), or null without a cookie. A state-changing request
 * must pass the origin check before its session is looked up.
 */
export function sessionOf(ctx: SessionContext, req: FastifyRequest): (() => Promise<Caller>) | null {
  const secret = cookieSecret(req);
  if (secret === null) return null;
  return async () => {
    if (!SAFE_METHODS.has(req.method)) assertSameOrigin(req, ctx.people.allowedOrigins);
    const s = await findSession(ctx, secret);
    if (!s) throw sessionEnded(req, ctx.people);
    return personCaller(ctx.regions, s);
  };
}
