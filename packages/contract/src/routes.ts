/**
 * The API's routes, declared once: the server mounts them (server/http/app.ts), the mock
 * matches them (mock-server/router.ts), and the OpenAPI document describes exactly them
 * (./openapi.ts refuses to build when its paths and these differ). Each implementation maps
 * every name to a handler, so a route added here and forgotten there is a type error.
 */

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
}

export const ROUTES = {
  getMeta: { method: 'GET', path: '/meta' },
  getRegions: { method: 'GET', path: '/regions' },
  getCatalog: { method: 'GET', path: '/layers' },
  getFeatures: { method: 'GET', path: '/layers/{layerId}/features' },
  getTile: { method: 'GET', path: '/layers/{layerId}/tiles/{z}/{x}/{y}.mvt' },
  getKpis: { method: 'GET', path: '/kpis' },
  listEvents: { method: 'GET', path: '/events' },
  streamEvents: { method: 'GET', path: '/events/stream' },
  getMilestones: { method: 'GET', path: '/milestones' },
  listChanges: { method: 'GET', path: '/events/changes' },
  // After every static GET /events/… path: the mock answers with the first route that
  // matches, as Fastify prefers a static path to a parameter.
  getEvent: { method: 'GET', path: '/events/{id}' },
  postAction: { method: 'POST', path: '/events/{id}/actions' },
  reportEvents: { method: 'POST', path: '/events', caller: 'intake' },
  postSession: { method: 'POST', path: '/session', caller: 'open' },
  getSession: { method: 'GET', path: '/session' },
  deleteSession: { method: 'DELETE', path: '/session', caller: 'open' },
  getSessionOptions: { method: 'GET', path: '/session/options', caller: 'open' },
  beginOidc: { method: 'GET', path: '/session/oidc', caller: 'open' },
  finishOidc: { method: 'GET', path: '/session/oidc/callback', caller: 'open' },
  getAudit: { method: 'GET', path: '/audit' },
  postPairing: { method: 'POST', path: '/devices/pair', caller: 'open' },
  getPairing: { method: 'GET', path: '/devices/pair/{handle}', caller: 'open' },
  approveDevice: { method: 'POST', path: '/devices/approve' },
  getDevices: { method: 'GET', path: '/devices' },
  deleteDevice: { method: 'DELETE', path: '/devices/{id}' },
  listUsers: { method: 'GET', path: '/users' },
  createUser: { method: 'POST', path: '/users' },
  changeUser: { method: 'PATCH', path: '/users/{id}' },
  listSessions: { method: 'GET', path: '/sessions' },
  endSession: { method: 'DELETE', path: '/sessions/{id}' },
  listTokens: { method: 'GET', path: '/tokens' },
  createToken: { method: 'POST', path: '/tokens' },
  revokeToken: { method: 'DELETE', path: '/tokens/{id}' },
} as const satisfies Record<string, RouteDecl>;

export type RouteName = keyof typeof ROUTES;

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
