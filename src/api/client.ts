/**
 * The one way the app talks to the IOC API: base URL and token from config, every request
 * through the request discipline (src/api/discipline.ts), every payload validated against
 * the contract before any component sees it.
 */
import type { z } from 'zod';
import { RequestDiscipline } from './discipline';
import { ApiProblem, HTML_DETAIL, problemKindForStatus } from './errors';
import { lastAnswer, remember, remembered } from './sameAnswer';

export type Query = Record<string, string | number | undefined | null>;

/** What an off-thread parser (src/api/geometryWorker.ts) made of an answer's body. */
export type OffThreadAnswer =
  /** The answer remembered under this hash, again. */
  | { hash: string; same: true }
  /** Its bytes, to parse here as usual (`hash` empty: too small to remember). */
  | { hash: string; plain: ArrayBuffer }
  | { hash: string; value: unknown }
  | { hash: string; error: string; html: boolean };

/** An answer fetched off the page's thread: its status, the headers the client reads, and its body. */
export interface OffThreadFetch {
  status: number;
  headers: Record<string, string>;
  /** A data answer as the off-thread parser made it. */
  answer?: OffThreadAnswer;
  /** Any other answer (an error status, a web page): its text. */
  text?: string;
}

export interface RequestOptions {
  /**
   * GETs a data answer elsewhere than on the page's thread (src/api/geometryWorker.ts), given
   * the hash of the answer remembered for the request. Null when it cannot (no worker): the
   * page fetches it. Rejects when no answer came (a network error, the signal aborted).
   */
  offThread?(
    url: string,
    headers: Record<string, string>,
    lastHash: string | null,
    signal: AbortSignal,
  ): Promise<OffThreadFetch | null>;
  /** Told the headers of a successful answer (replay reads X-History-From from them). */
  onHeaders?(headers: Headers): void;
}

export interface ApiClient {
  readonly baseUrl: string;
  get<S extends z.ZodType>(
    path: string,
    schema: S,
    query?: Query,
    signal?: AbortSignal,
    options?: RequestOptions,
  ): Promise<z.infer<S>>;
  post<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    signal?: AbortSignal,
  ): Promise<z.infer<S>>;
  /** A change other than POST (PATCH, DELETE); an answer without a body (204) is undefined. */
  change<S extends z.ZodType>(
    method: 'PATCH' | 'DELETE',
    path: string,
    body: unknown,
    schema: S,
    signal?: AbortSignal,
  ): Promise<z.infer<S>>;
  url(path: string, query?: Query): string;
  headers(): Record<string, string>;
  /** Budgets, holds and retry waits per path: shared by everything that talks to this API. */
  readonly discipline: RequestDiscipline;
}

const TIMEOUT_MS = 15_000;
/** The server's own words are shown to users: no more of them than fits a panel. */
const SERVER_MESSAGE_MAX = 300;

/** A web page where data was expected: a proxy's error page, a login page. */
const looksLikeHtml = (res: Response, text: string) =>
  /text\/html/iu.test(res.headers.get('content-type') ?? '') || /^\s*</u.test(text);

/** Retry-After in seconds or as a date; ms from now, or undefined. */
function retryAfterOf(res: Response): number | undefined {
  const raw = res.headers.get('retry-after');
  if (raw === null) return undefined;
  const ms = /^\d+$/u.test(raw.trim()) ? Number(raw) * 1000 : Date.parse(raw) - Date.now();
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** The contract's `{ error: { message } }`, as plain bounded text; null when the body is not that. */
function serverMessageOf(text: string): string | null {
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
    if (typeof message !== 'string' || message.trim() === '') return null;
    const flat = message.replace(/\s+/gu, ' ').trim();
    return flat.length > SERVER_MESSAGE_MAX ? `${flat.slice(0, SERVER_MESSAGE_MAX)}…` : flat;
  } catch {
    return null;
  }
}

function problemOf(res: Response, text: string, path: string): ApiProblem {
  const retryAfterMs = retryAfterOf(res);
  const extras = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (looksLikeHtml(res, text))
    return new ApiProblem(problemKindForStatus(res.status), path, HTML_DETAIL, res.status, extras);
  const serverMessage = serverMessageOf(text);
  return new ApiProblem(
    problemKindForStatus(res.status),
    path,
    serverMessage ?? text.slice(0, 200),
    res.status,
    serverMessage ? { ...extras, serverMessage } : extras,
  );
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

export function createApiClient(
  baseUrl: string,
  token: string | null,
  discipline = new RequestDiscipline(),
  /** Told of every 401: a person's session may have ended (src/session/store.ts). */
  onUnauthorized?: () => void,
): ApiClient {
  const headers = (): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {});
  const url = (path: string, query?: Query): string => {
    const u = new URL(`${baseUrl}${path}`);
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, String(v));
    }
    return u.toString();
  };

  async function request<S extends z.ZodType>(
    path: string,
    schema: S,
    init: RequestInit,
    signal?: AbortSignal,
    options?: RequestOptions,
  ): Promise<z.infer<S>> {
    discipline.admit(path);
    try {
      const data = await send(path, schema, init, signal, options);
      discipline.succeeded(path);
      return data;
    } catch (e) {
      // A read may be asked again whatever failed; an action only when it may not have arrived.
      if (e instanceof ApiProblem && ((init.method ?? 'GET') === 'GET' || e.transient))
        discipline.failed(path, e);
      throw e;
    }
  }

  async function send<S extends z.ZodType>(
    path: string,
    schema: S,
    init: RequestInit,
    signal?: AbortSignal,
    options?: RequestOptions,
  ): Promise<z.infer<S>> {
    const timeout = AbortSignal.timeout(TIMEOUT_MS);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const unreached = (e: unknown) => {
      if (signal?.aborted) return e;
      if (timeout.aborted) return new ApiProblem('timeout', path, `no answer within ${TIMEOUT_MS / 1000} s`);
      return new ApiProblem('network', path, (e as Error).message);
    };
    const kept = remembered(path, schema);
    // A read that may be fetched and parsed elsewhere (options.offThread), else here.
    let away: OffThreadFetch | null = null;
    if (options?.offThread && (init.method ?? 'GET') === 'GET')
      try {
        away = await options.offThread(
          path,
          init.headers as Record<string, string>,
          kept?.hash ?? null,
          combined,
        );
      } catch (e) {
        throw unreached(e);
      }
    let res: Response;
    let text = '';
    let elsewhere: OffThreadAnswer | null = null;
    if (away) {
      res = new Response(null, { status: away.status, headers: away.headers });
      elsewhere = away.answer ?? null;
      text =
        elsewhere && 'plain' in elsewhere ? new TextDecoder().decode(elsewhere.plain) : (away.text ?? '');
    } else {
      try {
        res = await fetch(path, { ...init, signal: combined });
      } catch (e) {
        throw unreached(e);
      }
      try {
        text = await res.text();
      } catch (e) {
        // The connection broke or timed out halfway through the body.
        throw unreached(e);
      }
    }
    if (!res.ok) {
      if (res.status === 401) onUnauthorized?.();
      throw problemOf(res, text, path);
    }
    options?.onHeaders?.(res.headers);
    if (res.status === 204) return schema.parse(undefined) as z.infer<S>;
    if (elsewhere && 'same' in elsewhere && kept?.hash === elsewhere.hash) return kept.value as z.infer<S>;
    // The value this very answer gave last time, else the hash to remember it by.
    const last = elsewhere ? elsewhere.hash || null : lastAnswer(path, schema, text);
    if (last !== null && typeof last === 'object') return last.value as z.infer<S>;
    if (elsewhere && 'error' in elsewhere)
      throw elsewhere.html
        ? new ApiProblem('html', path, HTML_DETAIL, res.status)
        : new ApiProblem('invalid-json', path, elsewhere.error, res.status);
    let raw: unknown;
    if (elsewhere && 'value' in elsewhere) raw = elsewhere.value;
    else
      try {
        raw = JSON.parse(text);
      } catch (e) {
        if (looksLikeHtml(res, text)) throw new ApiProblem('html', path, HTML_DETAIL, res.status);
        throw new ApiProblem('invalid-json', path, (e as Error).message, res.status);
      }
    const parsed = schema.safeParse(raw);
    if (!parsed.success)
      throw new ApiProblem('invalid-payload', path, describeIssues(parsed.error), res.status);
    if (typeof last === 'string') remember(path, schema, last, parsed.data);
    return parsed.data;
  }

  return {
    baseUrl,
    url,
    headers,
    discipline,
    get: (path, schema, query, signal, options) =>
      request(
        url(path, query),
        schema,
        // The session cookie goes with every same-origin request (the browser's default, said here).
        { credentials: 'same-origin', headers: { Accept: 'application/json', ...headers() } },
        signal,
        options,
      ),
    post: (path, body, schema, signal) => change('POST', path, body, schema, signal),
    change: (method, path, body, schema, signal) => change(method, path, body, schema, signal),
  };

  function change<S extends z.ZodType>(
    method: 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body: unknown,
    schema: S,
    signal?: AbortSignal,
  ): Promise<z.infer<S>> {
    const json = body === undefined ? {} : { body: JSON.stringify(body) };
    const type: Record<string, string> = body === undefined ? {} : { 'Content-Type': 'application/json' };
    return request(
      url(path),
      schema,
      {
        method,
        credentials: 'same-origin',
        headers: { ...type, Accept: 'application/json', ...headers() },
        ...json,
      },
      signal,
    );
  }
}
