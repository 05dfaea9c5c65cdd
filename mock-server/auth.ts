/**
 * Callers: `Authorization: Bearer <token>` with the demo tokens of data/tokens.json, else a
 * demo account signed in (its session cookie), else nobody: district scope (the demo). An
 * unknown token is refused (401). A token is never read from the URL: the router refuses a
 * query that holds one (@ioc/contract/input). A token wins over a session, as on the server.
 */
import tokensJson from './data/tokens.json';
import { resolveRegion as regionFor, type Scope, scopeOfRegion } from '@ioc/domain/events/scope';
import { forbidden, HttpError } from '@ioc/contract/http';
import type { Region, RegionIndex } from '@ioc/domain/regions';
import { canAct } from '@ioc/domain/people';
import type { DemoPerson } from './people';

export interface Caller {
  scope: Scope;
  /** Who the history says acted: the token, or `anonymous` without one. */
  by: string;
  /** An intake token: it may only report events (POST /events), anywhere in the district. */
  intake?: true;
  /** A planner's or a wall's account: it reads, and its actions are refused (403). */
  readOnly?: true;
}

type TokenDef =
  | { scope: 'district' }
  | { scope: 'street'; streetId: string }
  | { scope: 'community'; communityId: string }
  | { scope: 'intake' };
const TOKENS = (tokensJson as { tokens: Record<string, TokenDef> }).tokens;

/** The region a demo token is bound to (the district for district and intake tokens). */
export function tokenRegion(def: TokenDef, district: string): string {
  return def.scope === 'street' ? def.streetId : def.scope === 'community' ? def.communityId : district;
}

export function authenticate(
  request: Request,
  regions: RegionIndex,
  person: DemoPerson | null = null,
): Caller {
  const header = request.headers.get('authorization');
  if ((header === null || header.trim() === '') && person) {
    // The history names the person, as the server's does.
    const scope: Scope =
      person.role === 'admin' || person.role === 'district'
        ? { kind: 'district' }
        : (scopeOfRegion(regions, person.regionId) ?? { kind: 'district' });
    return { scope, by: person.name, ...(canAct(person.role) ? {} : { readOnly: true as const }) };
  }
  if (header === null || header.trim() === '') return { scope: { kind: 'district' }, by: 'anonymous' };
  const m = /^Bearer\s+(\S+)\s*$/iu.exec(header);
  if (!m)
    throw new HttpError(401, 'unauthorized', 'Authorization must be "Bearer <token>"', {
      'www-authenticate': 'Bearer',
    });
  const token = m[1] as string;
  const def = Object.hasOwn(TOKENS, token) ? TOKENS[token] : undefined;
  if (!def) throw new HttpError(401, 'unauthorized', 'unknown token', { 'www-authenticate': 'Bearer' });
  if (def.scope === 'intake') return { scope: { kind: 'district' }, by: token, intake: true };
  const scope = scopeOfRegion(regions, tokenRegion(def, regions.district.id));
  if (!scope) throw forbidden(`the token's region is unknown`);
  return { scope, by: token };
}

/** The demo tokens, for the server's demo seed. */
export const demoTokens = (): [string, TokenDef][] => Object.entries(TOKENS);

/** The region a request is about (@ioc/domain/events/scope): `region=`, else the caller's own. */
export const resolveRegion = (regions: RegionIndex, caller: Caller, param: string | null): Region =>
  regionFor(regions, caller.scope, param);
