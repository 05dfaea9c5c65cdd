/**
 * Who is calling. Machines send `Authorization: Bearer <token>`, looked up by its hash; a token
 * is never read from the URL (a query that holds one is refused before this:
 * @ioc/contract/input), so none ends up in a log, a proxy's history or a Referer. People sign
 * in and carry a session cookie (./sessions.ts). The order is a bearer token, else the session
 * cookie, else anonymous: 401, except in the embedded demo, where an anonymous caller reads
 * at district scope (as the in-browser mock allows).
 */
import { HttpError, forbidden } from '@ioc/contract/http';
import type { Region, RegionIndex } from '@ioc/domain/regions';
import { homeRegion as home, resolveRegion as regionFor, scopeOfRegion } from '@ioc/domain/events/scope';
import type { PersonRole } from '@ioc/contract/contract';
import type { Sql } from '../db/driver';
import type { ActScope } from '../events/store';
import { type IntakeLimit, lookupToken } from './tokens';

export interface Caller {
  /** The region the caller may see and act in (an intake token's: where it may report). */
  scope: ActScope;
  /** Who the history says acted: the token's name, or `anonymous`. */
  by: string;
  /** The caller's stable identity (`token:<id>`): its idempotency keys are its own. */
  key: string;
  anonymous: boolean;
  /** An intake token (which may only report events): its id and rate limit. */
  intake?: { tokenId: string; limit: IntakeLimit };
  /** A person signed in with a session cookie (its key is `user:<id>`, its `by` the display name). */
  person?: Person;
}

/** The account and session behind a person's requests. */
export interface Person {
  userId: string;
  login: string;
  role: PersonRole;
  regionId: string;
  /** The session's public handle (not the cookie). */
  sessionId: string;
  /** false for planner and wall: they read only. */
  canAct: boolean;
  /** The session's absolute end (ISO). */
  expiresAt: string;
}

const challenge = { 'www-authenticate': 'Bearer' };

export function bearerToken(authorization: string | undefined): string | null {
  if (authorization === undefined || authorization.trim() === '') return null;
  const m = /^Bearer\s+(\S+)\s*$/iu.exec(authorization);
  if (!m) throw new HttpError(401, 'unauthorized', 'Authorization must be "Bearer <token>"', challenge);
  return m[1] as string;
}

export async function authenticate(
  db: Sql,
  regions: RegionIndex,
  token: string | null,
  demo: boolean,
  /** The session cookie's caller, when the request carries one (./sessions.ts `sessionOf`). */
  session?: (() => Promise<Caller>) | null,
): Promise<Caller> {
  if (token === null) {
    if (session) return session();
    if (demo) return { scope: { kind: 'district' }, by: 'anonymous', key: 'anonymous', anonymous: true };
    throw new HttpError(401, 'unauthorized', 'a bearer token is required', challenge);
  }
  const grant = await lookupToken(db, token);
  if (!grant) throw new HttpError(401, 'unauthorized', 'unknown or revoked token', challenge);
  const caller: Caller = {
    scope: scopeOf(regions, grant.regionId),
    by: grant.name,
    key: `token:${grant.id}`,
    anonymous: false,
  };
  if (grant.role === 'intake' && grant.intake) caller.intake = { tokenId: grant.id, limit: grant.intake };
  return caller;
}

export function scopeOf(regions: RegionIndex, regionId: string): ActScope {
  const scope = scopeOfRegion(regions, regionId);
  if (!scope) throw forbidden(`the caller's region ${regionId} is unknown`);
  return scope;
}

/** The caller's own region: the district, its street or its community. */
export const homeRegion = (regions: RegionIndex, caller: Caller): Region => home(regions, caller.scope);

/** The region a request is about (@ioc/domain/events/scope): `region=`, else the caller's own. */
export const resolveRegion = (regions: RegionIndex, caller: Caller, param: string | null): Region =>
  regionFor(regions, caller.scope, param);
