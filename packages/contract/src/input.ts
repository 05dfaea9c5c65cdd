/**
 * What the API accepts from a caller, checked alike by every implementation of the contract
 * before anything else reads it: text (no NUL, no unpaired surrogate: PostgreSQL cannot
 * store the one, JSON cannot carry the other), ids of a bounded length, a query whose every
 * key appears once and never holds a credential, and times in the range the API represents.
 * A refusal is a 400 that names the field.
 */
import { badRequest } from './http';

/** The longest id the API accepts (events, regions, layers, clientActionId, externalId). */
export const ID_MAX = 128;
/** The longest query value the API accepts (a cursor is far shorter). */
export const QUERY_VALUE_MAX = 1024;

/**
 * The times the API represents: 2000-01-01 to 2100-01-01 (UTC). Stored times outside it are
 * not listed, and `since` or a cursor outside it is a 400. Both JavaScript and PostgreSQL
 * hold these times exactly, and they format as the contract's four-digit years.
 */
export const TIME_MIN_MS = Date.UTC(2000, 0, 1);
export const TIME_MAX_MS = Date.UTC(2100, 0, 1);
/** How far ahead of the server's clock a reporting system's clock may run. */
export const FUTURE_SKEW_MS = 5 * 60_000;
/** How old a reported event may be (`reportedAt`), and how far ahead its deadline (`dueAt`). */
export const REPORT_WINDOW_MS = 400 * 24 * 3600_000;

// With the u flag a surrogate pair is one code point: only an unpaired half matches.
const LONE_SURROGATE = /\p{Cs}/u;

/** Why the API cannot hold this text, or null when it can. */
export function textFault(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(s)) return 'must not contain unpaired UTF-16 surrogates';
  return null;
}

/** A caller's text in a message: bounded, with control characters shown as escapes. */
export function shown(s: string, max = 64): string {
  const cut = s.length > max ? `${s.slice(0, max)}…` : s;
  return JSON.stringify(cut).slice(1, -1);
}

/**
 * A query key that looks like a credential (access_token, token, api_key, password, …), by
 * its decoded name, whatever its case and separators. Such a parameter is never accepted (a
 * token goes in the Authorization header) and never written to a log.
 */
export function isCredentialKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z0-9]/gu, '');
  return (
    /(token|apikey|password|passwd|passphrase|secret|credentials?|authorization|signature)$/u.test(k) ||
    ['auth', 'bearer', 'jwt', 'pwd', 'key', 'sessionid', 'sid'].includes(k)
  );
}

/** Query keys whose values are ids, held to ID_MAX. */
const ID_KEYS = new Set(['region', 'parent']);

/** What checkQuery reads of a URLSearchParams (the package takes in no DOM or Node types). */
export interface QueryParams {
  keys(): Iterable<string>;
  [Symbol.iterator](): Iterator<[string, string]>;
}

/**
 * The query as the API reads it, or a 400 naming the key: no credential, each key at most
 * once (`,` separates alternatives), keys and values text the API can hold, values bounded.
 */
export function checkQuery(params: QueryParams): void {
  for (const key of params.keys()) {
    if (isCredentialKey(key))
      throw badRequest(
        `a token never goes in the URL (query parameter ${shown(key)}): send it in the Authorization header as "Bearer <token>"`,
      );
  }
  const seen = new Set<string>();
  for (const [key, value] of params) {
    const keyFault = textFault(key);
    if (keyFault) throw badRequest(`query parameter names ${keyFault} (${shown(key)})`);
    if (seen.has(key))
      throw badRequest(
        `${shown(key)} is given more than once; send it once (separate alternatives with ",")`,
      );
    seen.add(key);
    const fault = textFault(value);
    if (fault) throw badRequest(`${shown(key)} ${fault}`);
    const max = ID_KEYS.has(key) ? ID_MAX : QUERY_VALUE_MAX;
    if (value.length > max) throw badRequest(`${shown(key)} is longer than ${max} characters`);
  }
}

/** A path segment, decoded: a 400 naming it when it is not valid percent-encoded UTF-8. */
export function decodeSegment(name: string, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw badRequest(`${name} is not valid percent-encoded UTF-8`);
  }
}

/** Path parameters (ids and tile numbers): text the API can hold, at most ID_MAX long. */
export function checkPathParams(params: Readonly<Record<string, string | undefined>>): void {
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const fault = textFault(value);
    if (fault) throw badRequest(`${name} ${fault}`);
    if (value.length > ID_MAX) throw badRequest(`${name} is longer than ${ID_MAX} characters`);
  }
}

/** Is this instant (ms) one the API represents? */
export const representable = (ms: number): boolean => ms >= TIME_MIN_MS && ms < TIME_MAX_MS;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/u;

/**
 * `since` as the list reads it: an ISO-8601 time with an offset, in the range the API
 * represents, taken from the start of its second. Updated times are kept in whole seconds
 * (the contract's timestamps have no fraction), so `since=…:05.500` includes every event
 * updated in second :05, as a cursor does.
 */
export function parseSince(raw: string): number {
  const ms = ISO.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(ms)) throw badRequest('since must be an ISO-8601 timestamp with offset');
  if (!representable(ms))
    throw badRequest('since must lie between 2000-01-01 and 2100-01-01 (the times the API holds)');
  return Math.floor(ms / 1000) * 1000;
}

/**
 * A moment to replay to (`at`, `from`, `to`): ISO-8601 with an offset, in the range the API
 * represents and not ahead of the clock beyond FUTURE_SKEW_MS (the history of the future is
 * not written yet), taken as its whole second: times are kept in whole seconds, so whatever
 * happened in that second counts.
 */
export function parseMoment(raw: string, name: string, now: number): number {
  const ms = ISO.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(ms)) throw badRequest(`${name} must be an ISO-8601 timestamp with offset`);
  if (!representable(ms))
    throw badRequest(`${name} must lie between 2000-01-01 and 2100-01-01 (the times the API holds)`);
  if (ms > now + FUTURE_SKEW_MS) throw badRequest(`${name} is in the future`);
  return Math.floor(ms / 1000) * 1000;
}

/** `limit` of a list: a positive integer up to `max`, else a 400 naming it. */
export function parseLimit(raw: string | null, fallback: number, max: number): number {
  if (raw === null) return fallback;
  if (!/^\d+$/u.test(raw)) throw badRequest('limit must be a positive integer');
  const limit = Number(raw);
  if (limit < 1 || limit > max) throw badRequest(`limit must be between 1 and ${max}`);
  return limit;
}

/**
 * `from` and `to` of a replay range (moments, see parseMoment): `to` defaults to now, `from`
 * to a day before `to`; `from` after `to`, or a range longer than `maxMs`, is a 400 naming `from`.
 */
export function parseRange(
  fromRaw: string | null,
  toRaw: string | null,
  now: number,
  maxMs: number,
): { from: number; to: number } {
  const to = toRaw === null ? Math.floor(now / 1000) * 1000 : parseMoment(toRaw, 'to', now);
  const from =
    fromRaw === null ? Math.max(TIME_MIN_MS, to - 24 * 3600_000) : parseMoment(fromRaw, 'from', now);
  if (from > to) throw badRequest('from must not be after to');
  if (to - from > maxMs) throw badRequest(`from must be at most ${maxMs / 86_400_000} days before to`);
  return { from, to };
}
