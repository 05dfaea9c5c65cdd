/** What the API routes share: the caller, the query, JSON answers and the error shape. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NOT_JSON } from '@ioc/contract/body';
import { HttpError } from '@ioc/contract/http';
import type { RouteDecl } from '@ioc/contract/routes';
import { authenticate, bearerToken, type Caller } from '../auth/caller';
import { sessionOf } from '../auth/sessions';
import type { ServerContext } from '../context';
import { isUnavailable } from '../db/driver';
import { UnreadableEvent } from '../events/rows';

export interface ApiRequest<B = unknown> {
  req: FastifyRequest;
  /** The JSON body, already checked with the route's schema (undefined where it takes none). */
  body: B;
  reply: FastifyReply;
  url: URL;
  query: URLSearchParams;
  params: Record<string, string>;
  caller: Caller;
  ctx: ServerContext;
}

export type ApiHandler<B = unknown> = (r: ApiRequest<B>) => Promise<unknown>;

export const CORS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'Authorization, Last-Event-ID, Content-Type',
  'access-control-max-age': '600',
};

export const JSON_TYPE = 'application/json; charset=utf-8';

/** The caller of an open route (signing in and out, sign-in options): nobody yet. */
const NOBODY: Caller = { scope: { kind: 'district' }, by: 'anonymous', key: 'anonymous', anonymous: true };

/** Who sent each request, known before its body is checked (see `callerHook`). */
const callers = new WeakMap<FastifyRequest, Caller>();

/**
 * Authenticates a request once its body has been read and before it is checked against the
 * route's schema, so a caller the API does not know gets 401 whatever it sent, never a
 * description of what the body lacks. Intake tokens may call the intake route only, and
 * only they may call it: a reporting system never reads the city, and an operator's token
 * never poses as one. An open route (signing in and out) authenticates nobody: its handler
 * reads the cookie itself.
 */
export function callerHook(ctx: ServerContext, decl: RouteDecl) {
  const intake = decl.caller === 'intake';
  const open = decl.caller === 'open';
  return async (req: FastifyRequest) => {
    const token = bearerToken(req.headers.authorization);
    const caller = open
      ? NOBODY
      : await authenticate(ctx.db, ctx.regions, token, ctx.demo, sessionOf(ctx, req));
    if (intake && !caller.intake) {
      if (caller.anonymous)
        throw new HttpError(401, 'unauthorized', 'reporting events needs an intake token', {
          'www-authenticate': 'Bearer',
        });
      throw new HttpError(403, 'forbidden', 'reporting events needs an intake token');
    }
    if (!intake && caller.intake)
      throw new HttpError(403, 'forbidden', 'an intake token may only report events (POST /api/v1/events)');
    callers.set(req, caller);
  };
}

/** The caller `callerHook` found for a request (nobody on an open route). */
export const callerOf = (req: FastifyRequest): Caller => callers.get(req) ?? NOBODY;

/** A route: run with the caller `callerHook` found, and answer JSON (objects) or JSON text (strings). */
export function route<B>(ctx: ServerContext, handler: ApiHandler<B>, decl: RouteDecl) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    // The query and path were checked when the request arrived (app.ts, checkRequest).
    const url = new URL(req.url, 'http://server.local');
    const caller = callerOf(req);
    const params = (req.params ?? {}) as Record<string, string>;
    // Fastify validated a declared body with the route's schema before this runs; any other is ignored.
    const body = (decl.body ? req.body : undefined) as B;
    const out = await handler({ req, reply, url, body, query: url.searchParams, params, caller, ctx });
    if (reply.sent) return reply;
    reply.header('cache-control', 'no-store');
    if (typeof out === 'string') return reply.type(JSON_TYPE).send(out);
    if (out instanceof Uint8Array) return reply.send(Buffer.from(out.buffer, out.byteOffset, out.byteLength));
    return reply.type(JSON_TYPE).send(JSON.stringify(out));
  };
}

export function errorBody(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

/** How long a caller waits before retrying when the database cannot be reached (seconds). */
export const RETRY_AFTER_S = 5;

/** Fastify's own refusals, in the contract's shape, in words a caller can act on. */
const FASTIFY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'a request body must be JSON, sent with Content-Type: application/json',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'payload_too_large',
    message: 'the request body is larger than this endpoint accepts',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'bad_request', message: NOT_JSON },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'bad_request',
    message: 'the request body does not match its Content-Length',
  },
  FST_ERR_BAD_URL: {
    status: 400,
    code: 'bad_request',
    message: 'the path is not valid percent-encoded UTF-8',
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 400,
    code: 'bad_request',
    message: 'a path segment is longer than this API accepts (ids have at most 128 characters)',
  },
};
const FASTIFY_CODES: Record<number, string> = {
  400: 'bad_request',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  503: 'unavailable',
};

/**
 * Any error as the contract's: ours as thrown, Fastify's refusals in our words, a database
 * that cannot be reached as 503 with Retry-After, anything else as 500 (logged).
 */
export function toHttpError(e: unknown): HttpError {
  if (e instanceof HttpError) return e;
  if (isUnavailable(e))
    return new HttpError(503, 'unavailable', 'the database cannot be reached; retry in a few seconds', {
      'retry-after': String(RETRY_AFTER_S),
    });
  if (e instanceof UnreadableEvent)
    return new HttpError(409, 'unreadable_event', `${e.message}; it cannot be read or acted on`);
  const code = (e as { code?: unknown }).code;
  const known = typeof code === 'string' ? FASTIFY_ERRORS[code] : undefined;
  if (known) return new HttpError(known.status, known.code, known.message);
  const status = (e as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpError(status, FASTIFY_CODES[status] ?? 'bad_request', (e as Error).message);
  }
  return new HttpError(500, 'internal', 'internal server error');
}
