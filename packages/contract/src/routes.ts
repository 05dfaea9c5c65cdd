/**
 * The API's routes, declared once with the schemas of their bodies: the server mounts them
 * and Fastify validates each body with its schema (server/http/app.ts), the mock matches them
 * and checks bodies with the same schemas (mock-server/router.ts), the OpenAPI document
 * describes exactly them and takes each operation's request and answer schemas from here
 * (./openapi.ts), and the client types what it sends and reads with them. Each
 * implementation maps every name to a handler, so a route added here and forgotten there is
 * a type error.
 */
import { z } from 'zod';
import * as C from './contract';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RouteDecl {
  method: Method;
  /** Under /api/v1, with `{name}` path parameters as the OpenAPI document writes them. */
  path: string;
  /**
   * Who may call it: anyone the API knows (the default), intake tokens only (and they may
   * call nothing else), or nobody in particular (signing in and out: the handler reads the
   * cookie itself).
   */
  caller?: 'intake' | 'open';
  /**
   * An action on the city's records: nobody signed in (401) and an account that reads only
   * (a planner's, a wall's; 403) are refused as soon as they are known, before anything
   * about the body, and the server audits a known account's refusal.
   */
  acts?: true;
  /** The JSON request body, checked before the handler runs (a 400 naming the field otherwise). */
  body?: z.ZodType;
  /**
   * What a refusal of the body calls it ("invalid action: note: …"); for a union, one word
   * per option, the refusal naming the option the body came closest to.
   */
  bodyNoun?: string | readonly string[];
  /** The JSON of a successful answer (200 or 201), where the answer is JSON. */
  response?: z.ZodType;
}

export const ROUTES = {
  getMeta: { method: 'GET', path: '/meta', response: C.Meta },
  getRegions: { method: 'GET', path: '/regions', response: C.RegionCollection },
  getCatalog: { method: 'GET', path: '/layers', response: C.LayerCatalog },
  getFeatures: { method: 'GET', path: '/layers/{layerId}/features', response: C.AnyFeatureCollection },
  getTile: { method: 'GET', path: '/layers/{layerId}/tiles/{z}/{x}/{y}.mvt' },
  getKpis: { method: 'GET', path: '/kpis', response: C.KpiResponse },
  listEvents: { method: 'GET', path: '/events', response: C.EventPage },
  streamEvents: { method: 'GET', path: '/events/stream' },
  getMilestones: { method: 'GET', path: '/milestones', response: C.MilestoneList },
  listChanges: { method: 'GET', path: '/events/changes', response: C.EventChangePage },
  // After every static GET /events/… path: the mock answers with the first route that
  // matches, as Fastify prefers a static path to a parameter.
  getEvent: { method: 'GET', path: '/events/{id}', response: C.IocEvent },
  postAction: {
    method: 'POST',
    path: '/events/{id}/actions',
    acts: true,
    body: C.ActionRequest,
    bodyNoun: 'action',
    response: C.IocEvent,
  },
  getEmergency: { method: 'GET', path: '/emergency', response: C.EmergencyState },
  postEmergency: {
    method: 'POST',
    path: '/emergency',
    acts: true,
    body: C.EmergencySwitchRequest,
    bodyNoun: 'switch',
    response: C.EmergencyState,
  },
  reportEvents: {
    method: 'POST',
    path: '/events',
    caller: 'intake',
    body: z.union([C.IntakeEvent, C.IntakeBatch]),
    bodyNoun: ['event', 'batch'],
    response: z.union([C.IntakeResult, C.IntakeBatchResult]),
  },
  postSession: {
    method: 'POST',
    path: '/session',
    caller: 'open',
    body: C.SessionRequest,
    bodyNoun: 'sign-in',
    response: C.SessionInfo,
  },
  getSession: { method: 'GET', path: '/session', response: C.SessionInfo },
  deleteSession: { method: 'DELETE', path: '/session', caller: 'open' },
  getSessionOptions: { method: 'GET', path: '/session/options', caller: 'open', response: C.SessionOptions },
  beginOidc: { method: 'GET', path: '/session/oidc', caller: 'open' },
  finishOidc: { method: 'GET', path: '/session/oidc/callback', caller: 'open' },
  getAudit: { method: 'GET', path: '/audit', response: C.AuditPage },
  postPairing: { method: 'POST', path: '/devices/pair', caller: 'open', response: C.DevicePairing },
  getPairing: {
    method: 'GET',
    path: '/devices/pair/{handle}',
    caller: 'open',
    response: C.DevicePairingStatus,
  },
  approveDevice: {
    method: 'POST',
    path: '/devices/approve',
    body: C.DeviceApproveRequest,
    bodyNoun: 'approval',
    response: C.Device,
  },
  getDevices: { method: 'GET', path: '/devices', response: C.DeviceList },
  deleteDevice: { method: 'DELETE', path: '/devices/{id}' },
  listUsers: { method: 'GET', path: '/users', response: C.UserList },
  createUser: {
    method: 'POST',
    path: '/users',
    body: C.UserCreateRequest,
    bodyNoun: 'account',
    response: C.UserAccount,
  },
  changeUser: {
    method: 'PATCH',
    path: '/users/{id}',
    body: C.UserChangeRequest,
    bodyNoun: 'change',
    response: C.UserAccount,
  },
  listSessions: { method: 'GET', path: '/sessions', response: C.SessionList },
  endSession: { method: 'DELETE', path: '/sessions/{id}' },
  listTokens: { method: 'GET', path: '/tokens', response: C.MachineTokenList },
  createToken: {
    method: 'POST',
    path: '/tokens',
    body: C.TokenCreateRequest,
    bodyNoun: 'token',
    response: C.TokenCreated,
  },
  revokeToken: { method: 'DELETE', path: '/tokens/{id}' },
} as const satisfies Record<string, RouteDecl>;

export type RouteName = keyof typeof ROUTES;

type Declared<R, K extends string> = R extends Record<K, infer S extends z.ZodType> ? z.infer<S> : undefined;
/** The body a route takes, as its handler receives it and the client sends it (undefined: none). */
export type BodyOf<N extends RouteName> = Declared<(typeof ROUTES)[N], 'body'>;
/** The JSON a route answers with when it succeeds (undefined: not JSON, or nothing). */
export type AnswerOf<N extends RouteName> = Declared<(typeof ROUTES)[N], 'response'>;

export const ROUTE_NAMES = Object.keys(ROUTES) as RouteName[];

/**
 * A path as Fastify writes it: `{name}` becomes `:name`; a parameter with a suffix in its
 * segment (`{y}.mvt`) takes the whole segment as `:yfile`, whose handler strips the suffix.
 */
export function fastifyPath(path: string): string {
  return path.replace(/\{(\w+)\}\.\w+$/u, ':$1file').replace(/\{(\w+)\}/gu, ':$1');
}

const literal = (s: string) => s.replace(/[.*+?^$()|[\]\\]/gu, '\\$&');

/**
 * A path as a regular expression with named groups: a parameter is one segment (and stops at
 * a dot when a suffix follows it in the segment).
 */
export function pathRegExp(path: string): RegExp {
  const parts = path.split(/(\{\w+\})/u);
  const source = parts
    .map((part, i) => {
      const m = /^\{(\w+)\}$/u.exec(part);
      if (!m) return literal(part);
      const suffixed = (parts[i + 1] ?? '').startsWith('.');
      return `(?<${m[1]}>${suffixed ? '[^/.]+' : '[^/]+'})`;
    })
    .join('');
  return new RegExp(`^${source}$`, 'u');
}

const matchers = ROUTE_NAMES.map((name) => ({ name, re: pathRegExp(ROUTES[name].path) }));

/** The routes whose path matches a concrete path (under /api/v1), with its parameters. */
export function routesAt(path: string): { name: RouteName; params: Record<string, string> }[] {
  const out: { name: RouteName; params: Record<string, string> }[] = [];
  for (const { name, re } of matchers) {
    const m = re.exec(path);
    if (m) out.push({ name, params: { ...(m.groups ?? {}) } });
  }
  return out;
}
