/**
 * Signing in and out (GET/POST/DELETE /session, GET /session/options). Plain fetches beside
 * the API client: they run before the client exists (start-up decides who the app is for),
 * and a 401 here means "nobody", not an expired session. The cookie travels by itself
 * (`credentials: 'same-origin'`); nothing secret is ever put in a URL or in storage.
 */
import { SessionInfo, SessionOptions } from '@ioc/contract/contract';
import type { BodyOf } from '@ioc/contract/routes';

/** A refused sign-in, in the server's own words where it gave some. */
export class SignInError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
    /** 429: seconds until a sign-in may be tried again. */
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

const send = (url: string, init: RequestInit = {}) =>
  fetch(url, {
    credentials: 'same-origin',
    ...init,
    headers: { Accept: 'application/json', ...init.headers },
  });

/** Who is signed in; null when nobody is (401) or the server cannot say. */
export async function readSession(base: string): Promise<SessionInfo | null> {
  try {
    const res = await send(`${base}/session`);
    if (res.status === 401) rememberSignedIn(false);
    if (!res.ok) return null;
    const parsed = SessionInfo.safeParse(await res.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * How one may sign in here; null from an API without sessions (404: an older server, another
 * implementation), or one that cannot answer now (down, failing): the app is then read as
 * before, anonymously or with its token, and its panels say what the API does.
 */
export async function readSessionOptions(base: string): Promise<SessionOptions | null> {
  try {
    const res = await send(`${base}/session/options`);
    if (!res.ok) return null;
    const parsed = SessionOptions.safeParse(await res.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function serverWords(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: unknown } };
    const m = body.error?.message;
    return typeof m === 'string' ? m.replace(/\s+/gu, ' ').trim().slice(0, 300) : '';
  } catch {
    return '';
  }
}

export async function signIn(base: string, login: string, password: string): Promise<SessionInfo> {
  let res: Response;
  try {
    res = await send(`${base}/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login, password } satisfies BodyOf<'postSession'>),
    });
  } catch (e) {
    throw new SignInError(null, (e as Error).message);
  }
  if (!res.ok) {
    const retry = Number(res.headers.get('retry-after'));
    throw new SignInError(
      res.status,
      await serverWords(res),
      Number.isFinite(retry) && retry > 0 ? retry : undefined,
    );
  }
  const parsed = SessionInfo.safeParse(await res.json());
  if (!parsed.success) throw new SignInError(res.status, 'the answer is not a session');
  rememberSignedIn(true);
  return parsed.data;
}

/** Ends the session; whatever the answer, the page then forgets who was signed in. */
export async function signOut(base: string): Promise<void> {
  try {
    await send(`${base}/session`, { method: 'DELETE' });
    rememberSignedIn(false);
  } catch {
    // unreachable: the server ends the session by itself after its idle time
  }
}

/**
 * A hint, not a secret: this browser signed in here and has not signed out. The demo asks the
 * server who is signed in only then, so its anonymous visitors' consoles show no 401.
 */
const HINT = 'ioc.signedIn';

export function rememberSignedIn(on: boolean): void {
  try {
    if (on) localStorage.setItem(HINT, '1');
    else localStorage.removeItem(HINT);
  } catch {
    // storage disabled: the demo then opens anonymously after a reload
  }
}

export function mayBeSignedIn(): boolean {
  try {
    return localStorage.getItem(HINT) === '1';
  } catch {
    return false;
  }
}
