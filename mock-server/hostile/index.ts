/**
 * A switchable fault injector in front of the real handlers, for the reliability suite:
 * `withHostility(createApi(...))` answers exactly like the api until a test sets a case
 * with `POST /__mock/hostile { case, path?, ... }` (`{ "case": "off" }` or
 * `DELETE /__mock/hostile` clears them all). With no case set, every request goes straight
 * to the api, untouched.
 *
 * A case applies to the requests whose path after `/api/v1` matches `path` (a regular
 * expression; default: the stream for stream cases, every other API path for the others).
 * Several cases may be set; the first set that matches a request wins.
 */
import type { Api } from '../api';
import { errorResponse, json } from '../http';
import { hugeNumbers, hugePolygon, longText } from './extremes';
import { htmlPage, stormingCursor } from './paging';
import { corruptStream, type StreamCase } from './stream';
import { badCoordinates, hostileText, huge, wrongTypes } from './transform';

export type HostileCase =
  /**
   * Answer with this HTTP status and the contract's error body (401, 403, 404, 409, 500,
   * 503…), whose message is `message` when given (the server's reason, e.g. who took it).
   */
  | { case: 'status'; status: number; message?: string }
  /** A web page instead of JSON: a gateway's error page (502) or a login page on a 200. */
  | { case: 'html'; status?: number }
  /** GET /events pages whose next cursor never ends: the same one again (`cycle` 1) or a cycle. */
  | { case: 'storm-cursor'; cycle?: number }
  /** Every free-text string `chars` (default 10,000) characters long, with no space to break at. */
  | { case: 'long-text'; chars?: number }
  /** GET /kpis with values of 1e308 and -1. */
  | { case: 'huge-numbers' }
  /** The first feature of a collection made a polygon of `vertices` (default 200,000) vertices. */
  | { case: 'huge-polygon'; vertices?: number }
  /** Not JSON at all. */
  | { case: 'malformed-json' }
  /** The real answer cut in half. */
  | { case: 'truncated-json' }
  /** The real answer after `delayMs` (default 5 s). */
  | { case: 'slow'; delayMs?: number }
  /** GeoJSON features with NaN, null, swapped and out-of-range coordinates and unknown geometry types. */
  | { case: 'bad-coordinates' }
  /** Every number turned into a string and every boolean into a number. */
  | { case: 'wrong-types' }
  /** HTML, script and very long text appended to every free-text string. */
  | { case: 'hostile-text' }
  /** A feature collection of about `bytes` (default 20 MB) made of the real features repeated. */
  | { case: 'huge'; bytes?: number }
  | StreamCase;

export type HostileRule = HostileCase & { path?: string };

export interface HostileApi extends Api {
  hostility: {
    set(rule: HostileRule): void;
    clear(): void;
    readonly rules: readonly HostileRule[];
  };
}

const API_MARK = '/api/v1';
const CONTROL = '/__mock/hostile';
const CASES = new Set([
  'status',
  'malformed-json',
  'truncated-json',
  'slow',
  'bad-coordinates',
  'wrong-types',
  'hostile-text',
  'huge',
  'stream-garbage',
  'stream-duplicates',
  'stream-stall',
  'stream-flap',
  'html',
  'storm-cursor',
  'long-text',
  'huge-numbers',
  'huge-polygon',
]);

const delay = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

function apiPath(url: URL): string | null {
  const a = url.pathname.indexOf(`${API_MARK}/`);
  return a >= 0 ? url.pathname.slice(a + API_MARK.length).replace(/\/+$/u, '') : null;
}

/** Parses a control body into a rule, or says what is wrong with it. */
export function parseRule(raw: unknown): HostileRule | 'off' | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'body must be a JSON object';
  const body = raw as Record<string, unknown>;
  if (body.case === 'off') return 'off';
  if (typeof body.case !== 'string' || !CASES.has(body.case))
    return `case must be "off" or one of ${[...CASES].join(', ')}`;
  if (body.path !== undefined) {
    if (typeof body.path !== 'string') return 'path must be a regular expression string';
    try {
      new RegExp(body.path, 'u');
    } catch {
      return 'path must be a valid regular expression';
    }
  }
  if (body.case === 'status' && (typeof body.status !== 'number' || body.status < 400 || body.status > 599))
    return 'status must be a number from 400 to 599';
  if (body.case === 'status' && body.message !== undefined && typeof body.message !== 'string')
    return 'message must be a string';
  for (const key of ['afterMs', 'retry', 'cycle', 'chars', 'vertices', 'delayMs', 'bytes'])
    if (
      body[key] !== undefined &&
      (typeof body[key] !== 'number' || !Number.isFinite(body[key]) || body[key] < 0)
    )
      return `${key} must be a number of at least 0`;
  if (
    body.case === 'html' &&
    body.status !== undefined &&
    (typeof body.status !== 'number' || body.status < 200 || body.status > 599)
  )
    return 'status must be a number from 200 to 599';
  return body as HostileRule;
}

async function textOf(response: Response): Promise<string> {
  return response.text();
}

async function rewriteJson(response: Response, f: (v: unknown) => unknown): Promise<Response> {
  if (!response.ok) return response;
  const text = await textOf(response);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return new Response(text, { status: response.status, headers: response.headers });
  }
  return json(f(value), response.status);
}

export function withHostility(api: Api): HostileApi {
  let rules: HostileRule[] = [];

  async function control(request: Request): Promise<Response> {
    if (request.method === 'DELETE') {
      rules = [];
      return json({ rules });
    }
    if (request.method === 'GET') return json({ rules });
    if (request.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'use GET, POST or DELETE');
    let raw: unknown;
    try {
      raw = await request.json();
    } catch {
      return errorResponse(400, 'bad_request', 'body must be JSON: { case, path?, ... }');
    }
    const rule = parseRule(raw);
    if (rule === 'off') rules = [];
    else if (typeof rule === 'string') return errorResponse(400, 'bad_request', rule);
    else rules.push(rule);
    return json({ rules });
  }

  async function apply(rule: HostileRule, request: Request): Promise<Response> {
    switch (rule.case) {
      case 'status':
        return errorResponse(
          rule.status,
          rule.status >= 500 ? 'unavailable' : 'hostile',
          rule.message ?? `injected ${rule.status}`,
          rule.status === 503 ? { 'retry-after': '1' } : {},
        );
      case 'html':
        return htmlPage(rule.status ?? 200);
      case 'storm-cursor':
        return stormingCursor(api, request, rule.cycle ?? 1);
      case 'long-text':
        return rewriteJson(await api.handle(request), (v) => longText(v, rule.chars));
      case 'huge-numbers':
        return rewriteJson(await api.handle(request), hugeNumbers);
      case 'huge-polygon':
        return rewriteJson(await api.handle(request), (v) => hugePolygon(v, rule.vertices));
      case 'malformed-json':
        return new Response('{"type": "FeatureCollection", "features": [ <html>oops</html>', {
          status: 200,
          headers: { 'content-type': 'application/json; charset=utf-8' },
        });
      case 'truncated-json': {
        const real = await api.handle(request);
        const text = await textOf(real);
        return new Response(text.slice(0, Math.max(1, Math.floor(text.length / 2))), {
          status: real.status,
          headers: { 'content-type': 'application/json; charset=utf-8' },
        });
      }
      case 'slow':
        await delay(rule.delayMs ?? 5000, request.signal);
        return api.handle(request);
      case 'bad-coordinates':
        return rewriteJson(await api.handle(request), badCoordinates);
      case 'wrong-types':
        return rewriteJson(await api.handle(request), wrongTypes);
      case 'hostile-text':
        return rewriteJson(await api.handle(request), hostileText);
      case 'huge': {
        const real = await api.handle(request);
        if (!real.ok) return real;
        return new Response(huge(await textOf(real), rule.bytes ?? 20_000_000), {
          status: 200,
          headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
        });
      }
      default:
        return corruptStream(await api.handle(request), rule, request.signal);
    }
  }

  return {
    ...api,
    async handle(request: Request): Promise<Response> {
      const url = new URL(request.url);
      if (url.pathname.replace(/\/+$/u, '').endsWith(CONTROL)) return control(request);
      if (rules.length === 0) return api.handle(request);
      const path = apiPath(url);
      // Without a path, stream cases apply only to the stream, and the others not to it.
      const fits = (r: HostileRule) =>
        r.path !== undefined
          ? new RegExp(r.path, 'u').test(path!)
          : r.case.startsWith('stream-') === (path === '/events/stream');
      const rule = path === null ? undefined : rules.find(fits);
      if (!rule) return api.handle(request);
      return apply(rule, request);
    },
    hostility: {
      set: (rule) => {
        rules.push(rule);
      },
      clear: () => {
        rules = [];
      },
      get rules() {
        return rules;
      },
    },
  };
}
