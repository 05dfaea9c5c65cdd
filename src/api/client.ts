/**
 * The one way the app talks to the IOC API: base URL and token from config, every request
 * through the request discipline (src/api/discipline.ts), every payload validated against
 * the contract before any component sees it.
 */
import type { z } from 'zod';
import { RequestDiscipline } from './discipline';
import { ApiProblem, HTML_DETAIL, problemKindForStatus } from './errors';
import { lastAnswer, remember } from './sameAnswer';

export type Query = Record<string, string | number | undefined | null>;

export interface ApiClient {
  readonly baseUrl: string;
  get<S extends z.ZodType>(path: string, schema: S, query?: Query, signal?: AbortSignal): Promise<z.infer<S>>;
  post<S extends z.ZodType>(
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
  ): Promise<z.infer<S>> {
    discipline.admit(path);
    try {
      const data = await send(path, schema, init, signal);
      discipline.succeeded(path);
      return data;
    } catch (e) {
      // A read may be asked again whatever failed; an action only when it may not have arrived.
      if (e instanceof ApiProblem && (init.method !== 'POST' || e.transient)) discipline.failed(path, e);
      throw e;
    }
  }

  async function send<S extends z.ZodType>(
    path: string,
    schema: S,
    init: RequestInit,
    signal?: AbortSignal,
  ): Promise<z.infer<S>> {
    const timeout = AbortSignal.timeout(TIMEOUT_MS);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let res: Response;
    try {
      res = await fetch(path, { ...init, signal: combined });
    } catch (e) {
      if (signal?.aborted) throw e;
      if (timeout.aborted) throw new ApiProblem('timeout', path, `no answer within ${TIMEOUT_MS / 1000} s`);
      throw new ApiProblem('network', path, (e as Error).message);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      // The connection broke or timed out halfway through the body.
      if (signal?.aborted) throw e;
      if (timeout.aborted) throw new ApiProblem('timeout', path, `no answer within ${TIMEOUT_MS / 1000} s`);
      throw new ApiProblem('network', path, (e as Error).message);
    }
    if (!res.ok) throw problemOf(res, text, path);
    const last = lastAnswer(path, schema, text);
    if (last !== null && typeof last === 'object') return last.value as z.infer<S>;
    let raw: unknown;
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
    get: (path, schema, query, signal) =>
      request(url(path, query), schema, { headers: { Accept: 'application/json', ...headers() } }, signal),
    post: (path, body, schema, signal) =>
      request(
        url(path),
        schema,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers() },
          body: JSON.stringify(body),
        },
        signal,
      ),
  };
}
