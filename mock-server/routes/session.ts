/**
 * Sign-in in the mock, in the server's shapes: POST /session signs in a demo account
 * (mock-server/people.ts, with the public demo password) and keeps the session under a cookie
 * (mock-server/sessions.ts), GET /session says who it is, DELETE /session ends it, and
 * GET /session/options lists the demo accounts. Requests with the session act as that person
 * (mock-server/auth.ts): their street, their name in the history, read-only for planner and wall.
 */
import type { SessionInfo, SessionOptions } from '@ioc/contract/contract';
import { HttpError } from '@ioc/contract/http';
import type { BodyOf } from '@ioc/contract/routes';
import { canAct, loginKey } from '@ioc/domain/people';
import { formatIso, HOUR } from '@ioc/domain/time';
import type { AppState, Handler } from '../context';
import { errorResponse, json } from '../http';
import { DEMO_PASSWORD, type DemoPerson, demoPeople } from '../people';
import { MOCK_SESSION_HEADER, newSessionId, sessionCookie } from '../sessions';

const unauthorized = (message: string) => new HttpError(401, 'unauthorized', message);

function findPerson(app: AppState, login: string): DemoPerson | undefined {
  return demoPeople(app.regions).find((p) => loginKey(p.login) === loginKey(login));
}

/** The demo account a session id stands for, or null. */
export function signedIn(app: AppState, session: string | null): DemoPerson | null {
  const login = session === null ? undefined : app.sessions.get(session);
  return (login && findPerson(app, login)) || null;
}

function infoOf(app: AppState, person: DemoPerson): SessionInfo {
  const region = app.regions.get(person.regionId);
  return {
    id: person.id,
    login: person.login,
    name: person.name,
    role: person.role,
    regionId: person.regionId,
    regionName: region?.name ?? person.regionId,
    regionLevel: region?.level ?? 'district',
    canAct: canAct(person.role),
    expiresAt: formatIso(app.clock.now() + 12 * HOUR),
  };
}

/** An answer that sets (or clears) the session cookie, and tells the in-browser demo to. */
function withCookie(res: Response, id: string | null): Response {
  res.headers.append('set-cookie', sessionCookie(id));
  res.headers.set(MOCK_SESSION_HEADER, id ?? '');
  return res;
}

export const getSession: Handler = ({ app, session }) => {
  const person = signedIn(app, session);
  if (person) return json(infoOf(app, person));
  const nobody = errorResponse(401, 'unauthorized', 'not signed in');
  // An ended session's cookie is cleared, as the server clears it, so the page reads as nobody.
  return session === null ? nobody : withCookie(nobody, null);
};

export const postSession: Handler<BodyOf<'postSession'>> = async ({ app, body }) => {
  const person = findPerson(app, body.login);
  if (!person || body.password !== DEMO_PASSWORD) throw unauthorized('the login or the password is wrong');
  // Every sign-in is a new session, as on the server.
  const id = newSessionId();
  app.sessions.set(id, person.login);
  return withCookie(json(infoOf(app, person)), id);
};

export const deleteSession: Handler = ({ app, session }) => {
  if (session !== null) app.sessions.delete(session);
  return withCookie(new Response(null, { status: 204 }), null);
};

export const getSessionOptions: Handler = ({ app }) => {
  const options: SessionOptions = {
    demo: true,
    demoPassword: DEMO_PASSWORD,
    demoAccounts: demoPeople(app.regions).map(({ login, name, role, regionId }) => ({
      login,
      name,
      role,
      regionId,
    })),
  };
  return json(options);
};
