/**
 * Sign-in in the in-browser demo, in the server's shapes: the mock keeps no sessions, so
 * GET /session is always 401 (nobody is signed in), POST /session answers the demo accounts
 * (mock-server/people.ts, with the public demo password) with who they are, DELETE /session
 * is 204, and GET /session/options lists the demo accounts. Requests stay anonymous
 * (district scope) whatever was signed in.
 */
import type { SessionInfo, SessionOptions } from '@ioc/contract/contract';
import { SessionRequest } from '@ioc/contract/contract';
import { badRequest, HttpError } from '@ioc/contract/http';
import { canAct, loginKey } from '@ioc/domain/people';
import { formatIso, HOUR } from '@ioc/domain/time';
import type { Handler } from '../context';
import { json } from '../http';
import { DEMO_PASSWORD, demoPeople } from '../people';

export const getSession: Handler = () => {
  throw new HttpError(401, 'unauthorized', 'not signed in');
};

export const postSession: Handler = async ({ app, request }) => {
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    throw badRequest('body must be JSON: { login, password }');
  }
  const parsed = SessionRequest.safeParse(body);
  if (!parsed.success) throw badRequest('body must be { login, password }: two non-empty strings');
  const person = demoPeople(app.regions).find((p) => loginKey(p.login) === loginKey(parsed.data.login));
  if (!person || parsed.data.password !== DEMO_PASSWORD)
    throw new HttpError(401, 'unauthorized', 'the login or the password is wrong');
  const region = app.regions.get(person.regionId);
  const info: SessionInfo = {
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
  return json(info);
};

export const deleteSession: Handler = () => new Response(null, { status: 204 });

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
