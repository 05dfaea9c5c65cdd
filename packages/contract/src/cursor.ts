/** The event lists' paging cursors: the last item's (second, id[, version]), opaque to clients. */
import { badRequest } from './http';
import { ID_MAX, TIME_MAX_MS, TIME_MIN_MS, textFault } from './input';

const toBase64Url = (s: string) => btoa(s).replace(/\+/gu, '-').replace(/\//gu, '_').replace(/=+$/u, '');
const fromBase64Url = (s: string) => atob(s.replace(/-/gu, '+').replace(/_/gu, '/'));

export function encodeCursor(c: { sec: number; id: string }): string {
  return toBase64Url(JSON.stringify([c.sec, c.id]));
}

/** GET /events/changes pages by the last change read: its (second, event id, version). */
export function encodeChangeCursor(c: { sec: number; id: string; version: number }): string {
  return toBase64Url(JSON.stringify([c.sec, c.id, c.version]));
}

/**
 * A cursor this API could have issued: a whole second in the range of times the API holds
 * and an id it accepts; a 400 otherwise (a huge or negative number is never a time here).
 */
export function decodeCursor(raw: string): { sec: number; id: string } {
  const [sec, id] = decodeParts(raw, 2);
  return { sec, id };
}

/** As decodeCursor, for GET /events/changes: the version is a positive integer. */
export function decodeChangeCursor(raw: string): { sec: number; id: string; version: number } {
  const [sec, id, version] = decodeParts(raw, 3);
  if (Number.isSafeInteger(version) && (version as number) > 0)
    return { sec, id, version: version as number };
  throw badRequest('cursor is not one this server issued');
}

function decodeParts(raw: string, n: number): [number, string, unknown] {
  try {
    const v = JSON.parse(fromBase64Url(raw)) as unknown;
    if (
      Array.isArray(v) &&
      v.length === n &&
      Number.isSafeInteger(v[0]) &&
      (v[0] as number) * 1000 >= TIME_MIN_MS &&
      (v[0] as number) * 1000 < TIME_MAX_MS &&
      typeof v[1] === 'string' &&
      v[1].length <= ID_MAX &&
      textFault(v[1]) === null
    ) {
      return [v[0] as number, v[1], v[2]];
    }
  } catch {
    // fall through to the 400 below
  }
  throw badRequest('cursor is not one this server issued');
}
