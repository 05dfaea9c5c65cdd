/** The event list's paging cursor: the last item's (updatedAt second, id), opaque to clients. */
import { badRequest } from './http';
import { ID_MAX, TIME_MAX_MS, TIME_MIN_MS, textFault } from './input';

const toBase64Url = (s: string) => btoa(s).replace(/\+/gu, '-').replace(/\//gu, '_').replace(/=+$/u, '');
const fromBase64Url = (s: string) => atob(s.replace(/-/gu, '+').replace(/_/gu, '/'));

export function encodeCursor(c: { sec: number; id: string }): string {
  return toBase64Url(JSON.stringify([c.sec, c.id]));
}

/**
 * A cursor this API could have issued: a whole second in the range of times the API holds
 * and an id it accepts; a 400 otherwise (a huge or negative number is never a time here).
 */
export function decodeCursor(raw: string): { sec: number; id: string } {
  try {
    const v = JSON.parse(fromBase64Url(raw)) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      Number.isSafeInteger(v[0]) &&
      (v[0] as number) * 1000 >= TIME_MIN_MS &&
      (v[0] as number) * 1000 < TIME_MAX_MS &&
      typeof v[1] === 'string' &&
      v[1].length <= ID_MAX &&
      textFault(v[1]) === null
    ) {
      return { sec: v[0] as number, id: v[1] };
    }
  } catch {
    // fall through to the 400 below
  }
  throw badRequest('cursor is not one this server issued');
}
