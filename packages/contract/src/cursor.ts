/** The event list's paging cursor: the last item's (updatedAt second, id), opaque to clients. */
import { badRequest } from './http';

const toBase64Url = (s: string) => btoa(s).replace(/\+/gu, '-').replace(/\//gu, '_').replace(/=+$/u, '');
const fromBase64Url = (s: string) => atob(s.replace(/-/gu, '+').replace(/_/gu, '/'));

export function encodeCursor(c: { sec: number; id: string }): string {
  return toBase64Url(JSON.stringify([c.sec, c.id]));
}

export function decodeCursor(raw: string): { sec: number; id: string } {
  try {
    const v = JSON.parse(fromBase64Url(raw)) as unknown;
    if (Array.isArray(v) && v.length === 2 && Number.isInteger(v[0]) && typeof v[1] === 'string') {
      return { sec: v[0] as number, id: v[1] };
    }
  } catch {
    // fall through to the 400 below
  }
  throw badRequest('cursor is not one this server issued');
}
