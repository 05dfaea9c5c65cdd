/**
 * The mock's sessions, as the server keeps them: a sign-in makes a random id, sent as the
 * cookie `ioc_session`, and the mock remembers which demo account it stands for until sign-out.
 * Where they are remembered is the caller's choice: in memory (Node, tests), or in the tab's
 * sessionStorage for the in-browser demo, whose mock starts afresh with every page load
 * (and the app reloads after a sign-in).
 */
import { SESSION_COOKIE } from '@ioc/contract/contract';

export interface SessionStore {
  /** The demo login a session id stands for. */
  get(id: string): string | undefined;
  set(id: string, login: string): void;
  delete(id: string): void;
}

export function memorySessions(): SessionStore {
  const byId = new Map<string, string>();
  return {
    get: (id) => byId.get(id),
    set: (id, login) => void byId.set(id, login),
    delete: (id) => void byId.delete(id),
  };
}

/**
 * A header the in-browser demo reads to set its cookie: a browser drops `Set-Cookie` from a
 * response made in the page (a forbidden response header), which is where MSW answers.
 */
export const MOCK_SESSION_HEADER = 'x-mock-session';

/** The session id a request carries: its Cookie header, or the cookies MSW read for it. */
export function sessionIdOf(request: Request, cookies?: Record<string, string>): string | null {
  const fromMsw = cookies?.[SESSION_COOKIE];
  if (fromMsw) return fromMsw;
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === SESSION_COOKIE && v.length > 0) return v.join('=');
  }
  return null;
}

export const newSessionId = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(18)), (b) => b.toString(16).padStart(2, '0')).join('');

export function sessionCookie(id: string | null): string {
  return id === null
    ? `${SESSION_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`
    : `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`;
}
