/**
 * The one way the app talks to the IOC API: base URL and token from config, every
 * payload validated against the contract before any component sees it.
 */
import type { z } from 'zod';
import { ApiProblem, problemKindForStatus } from './errors';

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
}

const TIMEOUT_MS = 15_000;

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

export function createApiClient(baseUrl: string, token: string | null): ApiClient {
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
    if (!res.ok) {
      let message = text.slice(0, 200);
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
      } catch {
        // not JSON: keep the start of the raw text
      }
      throw new ApiProblem(problemKindForStatus(res.status), path, message, res.status);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new ApiProblem('invalid-json', path, (e as Error).message, res.status);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success)
      throw new ApiProblem('invalid-payload', path, describeIssues(parsed.error), res.status);
    return parsed.data;
  }

  return {
    baseUrl,
    url,
    headers,
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
