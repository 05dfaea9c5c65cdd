/**
 * The HTTP server (Fastify): the API under /api/v1 exactly as the contract has it,
 * /healthz and /readyz, and, when a built app is at hand, the app itself with a
 * config.json that points it at this API instead of the in-browser mock.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { Socket } from 'node:net';
import { validatorCompiler } from 'fastify-type-provider-zod';
import Fastify, {
  type FastifyInstance,
  type FastifySchemaValidationError,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { allowHeader, HttpError } from '@ioc/contract/http';
import { checkPathParams, checkQuery, isCredentialKey } from '@ioc/contract/input';
import { type BodyIssue, bodyRefusal } from '@ioc/contract/body';
import {
  type BodyOf,
  fastifyPath,
  type Method,
  ROUTE_NAMES,
  ROUTES,
  type RouteDecl,
  type RouteName,
  routesAt,
} from '@ioc/contract/routes';
import type { ServerContext } from '../context';
import { getMeta, getRegions } from './routes/geo';
import { getKpis, listEvents, postAction, streamEvents } from './routes/events';
import { getEvent, getMilestones, listChanges } from './routes/replay';
import { getEmergency, postEmergency } from './routes/emergency';
import { INTAKE_BODY_LIMIT, postEvents } from './routes/intake';
import { getCatalog, getFeatures, getTile } from './routes/layers';
import { deleteSession, getSession, getSessionOptions, postSession } from './routes/session';
import { actingHook, audited, getAudit, isActing } from './routes/audit';
import { beginOidc, finishOidc } from './routes/oidc';
import { approveDevice, deleteDevice, getDevices, getPairing, postPairing } from './routes/devices';
import {
  changeUser,
  createMachineToken,
  createUser,
  endSession,
  listMachineTokens,
  listSessions,
  listUsers,
  revokeMachineToken,
} from './routes/admin';
import { HELMET, policyHook } from './headers';
import { type ApiHandler, CORS, callerHook, errorBody, JSON_TYPE, route, toHttpError } from './kit';

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

/**
 * A request URL as it may be logged: every query parameter whose decoded name looks like a
 * credential (access_token, token, api_key, password, …: isCredentialKey) has its value
 * replaced by [redacted]. The query is parsed (percent-decoding the keys), not matched as
 * text, so `access%5Ftoken=` or `ACCESS-TOKEN=` is redacted too; the server refuses such a
 * request anyway, but it is logged as it arrives.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const parts: string[] = [];
  try {
    for (const [key, value] of new URLSearchParams(query)) {
      const k = encodeURIComponent(key);
      parts.push(isCredentialKey(key) ? `${k}=[redacted]` : `${k}=${encodeURIComponent(value)}`);
    }
  } catch {
    return `${url.slice(0, q)}?[unreadable query]`;
  }
  return `${url.slice(0, q)}?${parts.join('&')}`;
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

/**
 * The 400 for a body its route's schema refuses, worded as the mock words it
 * (@ioc/contract/body): fastify-type-provider-zod hands zod's issues on as Fastify's
 * validation errors (the issue's own fields in `params`), read back here.
 */
function bodyRefused(name: RouteName, errors: FastifySchemaValidationError[]): Error {
  const issues: BodyIssue[] = errors.map((e) => ({
    ...(e.params as Partial<BodyIssue>),
    code: e.keyword,
    message: e.message ?? '',
    path: e.instancePath
      .split('/')
      .filter((s) => s !== '')
      .map((s) => (/^\d+$/u.test(s) ? Number(s) : s)),
  }));
  return bodyRefusal(name, issues);
}

/** What answers each of the contract's routes (@ioc/contract/routes): every one, by name. */
const HANDLERS: { [N in RouteName]: ApiHandler<BodyOf<N>> } = {
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
  postAction: audited(postAction),
  getEmergency,
  postEmergency,
  reportEvents: postEvents,
  postSession,
  getSession,
  deleteSession,
  getSessionOptions,
  beginOidc,
  finishOidc,
  getAudit,
  postPairing,
  getPairing,
  approveDevice,
  getDevices,
  deleteDevice,
  listUsers,
  createUser,
  changeUser,
  listSessions,
  endSession,
  listTokens: listMachineTokens,
  createToken: createMachineToken,
  revokeToken: revokeMachineToken,
};

/** The contract's error, answered from anywhere (a hook, a handler, Fastify's own refusals). */
function sendError(reply: FastifyReply, e: HttpError): void {
  void reply
    .code(e.status)
    .headers({ ...CORS, ...e.headers })
    .type(JSON_TYPE)
    .send(errorBody(e.code, e.message));
}

/**
 * What every API request must be before a handler reads it (@ioc/contract/input, as the mock
 * checks it): no token in the URL, each query key once, text the API can hold, ids of a
 * bounded length. `y` is the tile route's last segment without `.mvt`.
 */
function checkRequest(req: FastifyRequest): void {
  checkQuery(new URL(req.url, 'http://server.local').searchParams);
  const { yfile, ...params } = (req.params ?? {}) as Record<string, string>;
  checkPathParams(yfile === undefined ? params : { ...params, y: yfile.replace(/\.mvt$/u, '') });
}

/** Fastify's answer to a request line or headers it cannot read, in the contract's shape. */
function clientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, code, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', 'request_timeout', 'the request took too long to arrive']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [
            431,
            'Request Header Fields Too Large',
            'header_too_large',
            'the request line or headers are too large',
          ]
        : [400, 'Bad Request', 'bad_request', 'the request is not valid HTTP'];
  const body = errorBody(code, message);
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: ${JSON_TYPE}\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(err);
}

export async function buildApp(ctx: ServerContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT,
    requestTimeout: 30_000,
    // Shutting down is answered below, in the contract's shape (Fastify's own 503 is not).
    return503OnClosing: false,
    // A number of hops works too (Fastify's types leave it out).
    trustProxy: (options.trustProxy ?? false) as FastifyServerOptions['trustProxy'],
    // Ids are held to 128 characters by checkRequest, with a 400 that names the parameter.
    routerOptions: { maxParamLength: 1000, ignoreTrailingSlash: true },
    frameworkErrors: (error, _req, reply) => sendError(reply, toHttpError(error)),
    clientErrorHandler: clientError,
  });
  await app.register(fastifyCookie);
  const dir = options.staticDir ? resolve(options.staticDir) : undefined;
  await app.register(fastifyHelmet, HELMET);
  app.addHook('onRequest', policyHook(dir));
  // Bodies are JSON only (415 otherwise), parsed by Fastify's own JSON parser and checked
  // with the route's declared zod schema before its handler runs; a refusal names the field
  // (bodyRefused). An empty body is no body, as on the mock: a DELETE sent with a JSON
  // Content-Type and nothing in it is not refused.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) =>
    body.length === 0 ? done(null, undefined) : parseJson(req, body as string, done),
  );
  app.setValidatorCompiler(validatorCompiler);

  app.setErrorHandler((error, req, reply) => {
    const e = toHttpError(error);
    if (e.status === 503) req.log.warn({ err: error }, 'database unavailable');
    else if (e.status >= 500 || e.code === 'unreadable_event')
      req.log.error({ err: error }, 'request failed');
    sendError(reply, e);
  });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    const rest = path.startsWith('/api/v1/') ? path.slice('/api/v1'.length) : null;
    const methods =
      rest === null ? [] : routesAt(rest.replace(/\/+$/u, '')).map((r) => ROUTES[r.name].method);
    if (methods.length > 0 && !methods.includes(req.method as Method)) {
      const allow = allowHeader(methods);
      sendError(
        reply,
        new HttpError(
          405,
          'method_not_allowed',
          `${req.method} is not allowed on ${path}; it allows ${allow}`,
          {
            allow,
          },
        ),
      );
      return;
    }
    sendError(reply, new HttpError(404, 'not_found', `no such endpoint: ${path}`));
  });
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async () => {
    if (closing)
      throw new HttpError(503, 'unavailable', 'the server is shutting down; retry', { 'retry-after': '1' });
  });
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/')) void reply.headers(CORS);
  });

  await app.register(
    async (api) => {
      api.addHook('onRequest', async (req) => checkRequest(req));
      for (const name of ROUTE_NAMES) {
        const r: RouteDecl = ROUTES[name];
        if (r.acts && !isActing(name))
          throw new Error(`route ${name} acts, but routes/audit.ts has no rule for it`);
        api.route({
          method: r.method,
          url: fastifyPath(r.path),
          preValidation: isActing(name) ? [callerHook(ctx, r), actingHook(ctx, name)] : callerHook(ctx, r),
          handler: route(ctx, HANDLERS[name] as ApiHandler, r),
          ...(r.caller === 'intake' ? { bodyLimit: INTAKE_BODY_LIMIT } : {}),
          ...(r.body
            ? { schema: { body: r.body }, schemaErrorFormatter: (errors) => bodyRefused(name, errors) }
            : {}),
        });
      }
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
