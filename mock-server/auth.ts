/**
 * Callers: `Authorization: Bearer <token>` with the demo tokens of data/tokens.json, else a
 * demo account signed in (its session cookie), else nobody: district scope (the demo). An
 * unknown token is refused (401). A token is never read from the URL: the router refuses a
 * query that holds one (@ioc/contract/input). A token wins over a session, as on the server.
 */
import tokensJson from './data/tokens.json';
import type { Scope } from '@ioc/domain/events/scope';
import { forbidden, HttpError, notFound } from '@ioc/contract/http';
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

type TokenDef = { scope: 'district' } | { scope: 'street'; streetId: string } | { scope: 'intake' };
const TOKENS = (tokensJson as { tokens: Record<string, TokenDef> }).tokens;

export function authenticate(request: Request, person: DemoPerson | null = null): Caller {
  const header = request.headers.get('authorization');
  if ((header === null || header.trim() === '') && person) {
    // The history names the person, as the server's does.
    const scope: Caller['scope'] =
      person.role === 'street' ? { kind: 'street', streetId: person.regionId } : { kind: 'district' };
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
  return def.scope === 'district'
    ? { scope: { kind: 'district' }, by: token }
    : { scope: { kind: 'street', streetId: def.streetId }, by: token };
}

/**
 * The region a request is about: `region=` if given (404 unknown, 403 outside the caller's
 * street), else the caller's own street, or the district.
 */
export function resolveRegion(regions: RegionIndex, caller: Caller, param: string | null): Region {
  if (param !== null) {
    const region = regions.get(param);
    if (!region) throw notFound(`unknown region ${param}`);
    if (caller.scope.kind === 'street' && !regions.within(region.id, caller.scope.streetId)) {
      throw forbidden(`region ${param} is outside the caller's street ${caller.scope.streetId}`);
    }
    return region;
  }
  if (caller.scope.kind === 'street') {
    const street = regions.street(caller.scope.streetId);
    if (!street) throw forbidden(`the caller's street ${caller.scope.streetId} is unknown`);
    return street;
  }
  return regions.district;
}
