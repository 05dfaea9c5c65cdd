/**
 * The HTTP server (Fastify): the API under /api/v1 exactly as the contract has it,
 * /healthz and /readyz, and, when a built app is at hand, the app itself with a
 * config.json that points it at this API instead of the in-browser mock.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { ServerContext } from '../context';
import { getMeta, getRegions } from './routes/geo';
import { getKpis, listEvents, postAction, streamEvents } from './routes/events';
import { INTAKE_BODY_LIMIT, postEvents } from './routes/intake';
import { getCatalog, getFeatures, getTile } from './routes/layers';
import { deleteSession, getSession, getSessionOptions, postSession } from './routes/session';
import { audited, getAudit } from './routes/audit';
import { CORS, errorBody, JSON_TYPE, route, toHttpError } from './kit';

export interface AppOptions {
  /** A built app (dist/) to serve at /, or none. */
  staticDir?: string | undefined;
  /** pino options, or false for no request log (tests). */
  logger?: FastifyServerOptions['logger'];
  /** Ready once the database is migrated and seeded. */
  ready?: () => boolean;
  /** Behind a reverse proxy: which X-Forwarded-* to trust (Fastify's trustProxy). */
  trustProxy?: boolean | number | string;
}

const BODY_LIMIT = 64 * 1024;

/** Request URLs are logged without `access_token=`: tokens are never written to logs. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]access_token=)[^&#]*/giu, '$1[redacted]');
}

export const LOGGER: FastifyServerOptions['logger'] = {
  level: process.env.LOG_LEVEL ?? 'info',
  redact: ['req.headers.authorization'],
  serializers: {
    req: (req: { method: string; url: string; ip?: string }) => ({
      method: req.method,
      url: redactUrl(req.url),
      ip: req.ip,
    }),
  },
};

interface ApiRoute {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  handler: Parameters<typeof route>[1];
  /** The intake route: for intake tokens only, with room for a batch. */
  intake?: true;
  /** Asks for no caller (signing in and out, sign-in options). */
  open?: true;
}

const API_ROUTES: ApiRoute[] = [
  { method: 'GET', url: '/meta', handler: getMeta },
  { method: 'GET', url: '/regions', handler: getRegions },
  { method: 'GET', url: '/layers', handler: getCatalog },
  { method: 'GET', url: '/layers/:id/features', handler: getFeatures },
  { method: 'GET', url: '/layers/:id/tiles/:z/:x/:yfile', handler: getTile },
  { method: 'GET', url: '/kpis', handler: getKpis },
  { method: 'GET', url: '/events', handler: listEvents },
  { method: 'GET', url: '/events/stream', handler: streamEvents },
  { method: 'POST', url: '/events/:id/actions', handler: audited(postAction) },
  { method: 'POST', url: '/events', handler: postEvents, intake: true },
  { method: 'POST', url: '/session', handler: postSession, open: true },
  { method: 'GET', url: '/session', handler: getSession },
  { method: 'DELETE', url: '/session', handler: deleteSession, open: true },
  { method: 'GET', url: '/session/options', handler: getSessionOptions, open: true },
  { method: 'GET', url: '/audit', handler: getAudit },
];

export async function buildApp(ctx: ServerContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT,
    requestTimeout: 30_000,
    return503OnClosing: true,
    // A number of hops works too (Fastify's types leave it out).
    trustProxy: (options.trustProxy ?? false) as FastifyServerOptions['trustProxy'],
  });
  await app.register(fastifyCookie);
  // Bodies are read as text and parsed by the route, so a malformed body gets the contract's error.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) =>
    done(null, body),
  );

  app.setErrorHandler((error, req, reply) => {
    const e = toHttpError(error);
    if (e.status >= 500) req.log.error({ err: error }, 'request failed');
    void reply
      .code(e.status)
      .headers({ ...CORS, ...e.headers })
      .type(JSON_TYPE)
      .send(errorBody(e.code, e.message));
  });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    const known =
      path.startsWith('/api/v1/') && API_ROUTES.some((r) => matches(r.url, path.slice('/api/v1'.length)));
    if (known) {
      const allow = [
        ...new Set(API_ROUTES.filter((r) => matches(r.url, path.slice(7))).map((r) => r.method)),
      ].join(', ');
      void reply
        .code(405)
        .headers({ ...CORS, allow })
        .type(JSON_TYPE)
        .send(errorBody('method_not_allowed', `${req.method} is not allowed here; use ${allow}`));
      return;
    }
    void reply
      .code(404)
      .headers(CORS)
      .type(JSON_TYPE)
      .send(errorBody('not_found', `no such endpoint: ${path}`));
  });
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/')) void reply.headers(CORS);
  });

  await app.register(
    async (api) => {
      for (const r of API_ROUTES)
        api.route({
          method: r.method,
          url: r.url,
          handler: route(ctx, r.handler, r.intake === true, r.open === true),
          ...(r.intake ? { bodyLimit: INTAKE_BODY_LIMIT } : {}),
        });
      api.options('/*', async (_req, reply) => reply.code(204).headers(CORS).send());
    },
    { prefix: '/api/v1' },
  );

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await ctx.db.query('SELECT 1');
      if (options.ready && !options.ready()) return reply.code(503).send({ status: 'starting' });
      return { status: 'ready', database: ctx.db.kind };
    } catch {
      return reply.code(503).send({ status: 'database unavailable' });
    }
  });

  const dir = options.staticDir ? resolve(options.staticDir) : undefined;
  if (dir && existsSync(join(dir, 'index.html'))) {
    const config = appConfig(dir, ctx.demo);
    app.get('/config.json', async (_req, reply) =>
      reply.header('cache-control', 'no-store').type(JSON_TYPE).send(config),
    );
    await app.register(fastifyStatic, { root: dir, index: 'index.html', wildcard: true });
  }
  return app;
}

/**
 * The built app's config.json, pointed at this server: the API on the same origin (so the
 * Content-Security-Policy of the build allows it), the in-browser mock off, and in the demo
 * the district's demo token, so the wall can dispatch, and the console chooser.
 */
export function appConfig(dir: string, demo: boolean): string {
  const base = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
  return JSON.stringify({
    ...base,
    apiBaseUrl: 'api/v1',
    apiToken: demo ? 'district-demo' : null,
    // The demo's consoles may open as any street (with its demo token); a real server's never.
    demo,
    embeddedMock: { enabled: false },
  });
}

/** Does a route pattern (`/layers/:id/features`) match a path? */
function matches(pattern: string, path: string): boolean {
  const a = pattern.split('/');
  const b = path.replace(/\/+$/u, '').split('/');
  return a.length === b.length && a.every((seg, i) => seg.startsWith(':') || seg === b[i]);
}
