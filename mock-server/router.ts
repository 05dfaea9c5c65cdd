/**
 * Routes → handlers. The API lives under `/api/v1/` wherever the deployment mounts it
 * (any prefix before it is ignored); test controls under `/__mock/`. Every error leaves as
 * `{ error: { code, message } }`. An API request is checked as the server checks it, in the
 * same order: the route (404, 405 with Allow), the URL (@ioc/contract/input: no token in it,
 * each query key once, text the API can hold, bounded ids: 400), a body that is not JSON
 * (415) or not JSON (400), then the caller (401, 403 for a token on the wrong side of
 * intake), then a body its route's schema refuses (400, naming the field).
 */
import { authenticate } from './auth';
import { sessionIdOf } from './sessions';
import { signedIn } from './routes/session';
import type { AppState, Handler } from './context';
import { checkBody, NOT_JSON } from '@ioc/contract/body';
import { allowHeader, badRequest, forbidden, HttpError } from '@ioc/contract/http';
import { checkPathParams, checkQuery, decodeSegment } from '@ioc/contract/input';
import {
  type BodyOf,
  type Method,
  pathRegExp,
  ROUTE_NAMES,
  ROUTES,
  type RouteDecl,
  type RouteName,
} from '@ioc/contract/routes';
import { errorResponse } from './http';
import { getRegions, getMeta } from './routes/geo';
import { getKpis, listEvents, postAction, streamEvents } from './routes/events';
import { getEvent, getMilestones, listChanges } from './routes/replay';
import { getCatalog, getFeatures } from './routes/layers';
import { getState, injectEvent } from './routes/mock';
import { reportEvents } from './routes/intake';
import { getTile } from './routes/tiles';
import { getEmergency, postEmergency } from './routes/emergency';
import { deleteSession, getSession, getSessionOptions, postSession } from './routes/session';
import { getAudit } from './routes/audit';
import { adminOnly, getPairing, noSso, postPairing } from './routes/devices';

interface Route {
  /** The contract's route (@ioc/contract/routes); none for the mock's own controls. */
  name?: RouteName;
  method: Method;
  path: RegExp;
  handler: Handler;
  /** For intake tokens only (which may call nothing else). */
  intake?: true;
  /** An action: an account that reads only is refused before its body is checked. */
  acts?: true;
  /** Signing in and out: a session that has ended is no refusal here. */
  open?: true;
}

/** What answers each of the contract's routes (@ioc/contract/routes): every one, by name. */
const HANDLERS: { [N in RouteName]: Handler<BodyOf<N>> } = {
  getMeta,
  getRegions,
  getCatalog,
  getFeatures,
  getTile,
  getKpis,
  listEvents,
  streamEvents,
  getMilestones,
  listChanges,
  getEvent,
  postAction,
  getEmergency,
  postEmergency,
  reportEvents,
  postSession,
  getSession,
  deleteSession,
  getSessionOptions,
  beginOidc: noSso,
  finishOidc: noSso,
  getAudit,
  postPairing,
  getPairing,
  approveDevice: adminOnly('devices'),
  getDevices: adminOnly('devices'),
  deleteDevice: adminOnly('devices'),
  listUsers: adminOnly('accounts'),
  createUser: adminOnly('accounts'),
  changeUser: adminOnly('accounts'),
  listSessions: adminOnly('sessions'),
  endSession: adminOnly('sessions'),
  listTokens: adminOnly('machine tokens'),
  createToken: adminOnly('machine tokens'),
  revokeToken: adminOnly('machine tokens'),
};

const api: Route[] = ROUTE_NAMES.map((name) => {
  const r: RouteDecl = ROUTES[name];
  return {
    name,
    method: r.method,
    path: pathRegExp(r.path),
    handler: HANDLERS[name] as Handler,
    ...(r.caller === 'intake' ? { intake: true as const } : {}),
    ...(r.acts ? { acts: true as const } : {}),
    // Signing in and out, and asking who is signed in, read the cookie themselves.
    ...(r.caller === 'open' || name === 'getSession' ? { open: true as const } : {}),
  };
});
const mock: Route[] = [
  { method: 'POST', path: /^\/events$/u, handler: injectEvent },
  { method: 'GET', path: /^\/state$/u, handler: getState },
];

const API_MARK = '/api/v1';
const MOCK_MARK = '/__mock';

function split(pathname: string): { routes: Route[]; rest: string; authenticated: boolean } | null {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/u, '') : pathname;
  const a = path.indexOf(`${API_MARK}/`);
  if (a >= 0) return { routes: api, rest: path.slice(a + API_MARK.length), authenticated: true };
  const m = path.indexOf(`${MOCK_MARK}/`);
  if (m >= 0) return { routes: mock, rest: path.slice(m + MOCK_MARK.length), authenticated: false };
  return null;
}

/** A JSON body's Content-Type (`application/json`, with any parameters). */
const isJson = (type: string | null) => type?.split(';')[0]?.trim().toLowerCase() === 'application/json';

/**
 * The body of a route that declares one, read as Fastify reads it on the server: JSON (else
 * 400); an empty body is no body (null). Its schema is checked once the caller is known.
 */
async function bodyOf(name: RouteName, request: Request): Promise<unknown> {
  if (!(ROUTES[name] as RouteDecl).body) return undefined;
  const text = await request.text();
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest(NOT_JSON);
  }
}

export async function route(
  app: AppState,
  request: Request,
  cookies?: Record<string, string>,
): Promise<Response> {
  try {
    const url = new URL(request.url);
    const found = split(url.pathname);
    if (!found) throw new HttpError(404, 'not_found', `no such endpoint: ${url.pathname}`);
    const matches = found.routes
      .map((r) => ({ r, m: r.path.exec(found.rest) }))
      .filter((x): x is { r: Route; m: RegExpExecArray } => x.m !== null);
    if (matches.length === 0) throw new HttpError(404, 'not_found', `no such endpoint: ${url.pathname}`);
    const hit = matches.find(
      (x) => x.r.method === request.method || (request.method === 'HEAD' && x.r.method === 'GET'),
    );
    if (request.method === 'OPTIONS' && found.authenticated) {
      // A CORS preflight, answered as the server answers it (the Node server adds the CORS headers).
      checkQuery(url.searchParams);
      return new Response(null, {
        status: 204,
        headers: { allow: allowHeader(matches.map((x) => x.r.method)) },
      });
    }
    if (!hit) {
      const allow = allowHeader(matches.map((x) => x.r.method));
      throw new HttpError(
        405,
        'method_not_allowed',
        `${request.method} is not allowed on ${url.pathname}; it allows ${allow}`,
        { allow },
      );
    }
    let body: unknown;
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(hit.m.groups ?? {})) params[k] = decodeSegment(k, v);
    if (found.authenticated) {
      checkQuery(url.searchParams);
      checkPathParams(params);
      // As the server: a body (or a declared type) that is not JSON is refused before the
      // caller is known; a body its route's schema refuses, after.
      const type = request.headers.get('content-type');
      if (request.method === 'POST' && (type === null ? request.body !== null : !isJson(type)))
        throw new HttpError(
          415,
          'unsupported_media_type',
          'a request body must be JSON, sent with Content-Type: application/json',
        );
      if (hit.r.name) body = await bodyOf(hit.r.name, request);
    }
    const session = sessionIdOf(request, cookies);
    const person = signedIn(app, session);
    // As on the server: a cookie whose session has ended is refused, not read as nobody.
    if (
      found.authenticated &&
      !hit.r.open &&
      session !== null &&
      !person &&
      !request.headers.has('authorization')
    )
      throw new HttpError(401, 'unauthorized', 'the session has ended: sign in again');
    const caller = found.authenticated
      ? authenticate(request, app.regions, person)
      : { scope: { kind: 'district' as const }, by: 'mock' };
    if (found.authenticated && (hit.r.intake === true) !== (caller.intake === true)) {
      if (hit.r.intake && caller.by === 'anonymous')
        throw new HttpError(401, 'unauthorized', 'reporting events needs an intake token', {
          'www-authenticate': 'Bearer',
        });
      throw new HttpError(
        403,
        'forbidden',
        hit.r.intake
          ? 'reporting events needs an intake token'
          : 'an intake token may only report events (POST /api/v1/events)',
      );
    }
    // As on the server, before the body: nobody signed in may not switch, nor an account
    // that reads only act.
    if (hit.r.name === 'postEmergency' && !person && caller.by === 'anonymous')
      throw new HttpError(401, 'unauthorized', 'the emergency switch needs a person signed in');
    if (hit.r.acts && caller.readOnly)
      throw forbidden(
        hit.r.name === 'postEmergency'
          ? `a ${person?.role ?? 'read-only'} account reads only: it may not switch emergency focus`
          : `${caller.by} reads only: a planner's or a wall's account may not act`,
      );
    // bodyOf read a body (null when empty) only for a route that declares one.
    if (hit.r.name && body !== undefined) body = checkBody(hit.r.name, body);
    return await hit.r.handler({ request, url, body, params, caller, app, session });
  } catch (e) {
    if (e instanceof HttpError) return errorResponse(e.status, e.code, e.message, e.headers);
    const message = e instanceof Error ? e.message : String(e);
    return errorResponse(500, 'internal', message);
  }
}
