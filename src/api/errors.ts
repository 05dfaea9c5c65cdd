/** What went wrong talking to the API, in a form a panel can explain to a user. */
export type ApiProblemKind =
  | 'network' // the API could not be reached
  | 'timeout'
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'not-found' // 404
  | 'conflict' // 409
  | 'server' // 5xx
  | 'http' // any other non-2xx
  | 'invalid-json' // body is not JSON
  | 'html' // a web page where data was expected (a proxy's or a login page)
  | 'invalid-payload' // JSON that does not match the contract
  | 'paging' // a list whose cursors repeat, cycle or never end
  | 'throttled'; // held back by the app itself: too many requests to one path

/** The detail of a problem whose body was a web page (nothing of it is shown). */
export const HTML_DETAIL = 'an HTML page';

export interface ProblemExtras {
  /** The server's own words (the contract's `error.message`), bounded; shown beside ours. */
  serverMessage?: string;
  /** Do not ask again before this (a server's Retry-After, or the app's hold on the path). */
  retryAfterMs?: number;
}

export class ApiProblem extends Error {
  readonly serverMessage?: string;
  readonly retryAfterMs?: number;

  constructor(
    readonly kind: ApiProblemKind,
    readonly path: string,
    readonly detail: string,
    readonly status?: number,
    extras: ProblemExtras = {},
  ) {
    super(`${kind} ${path}: ${detail}`);
    this.name = 'ApiProblem';
    if (extras.serverMessage) this.serverMessage = extras.serverMessage;
    if (extras.retryAfterMs !== undefined) this.retryAfterMs = extras.retryAfterMs;
  }

  /**
   * Worth retrying an action automatically: the API may come back. (Reads are retried on
   * every problem, on the shared backoff: see src/api/discipline.ts.)
   */
  get transient(): boolean {
    return (
      this.kind === 'network' ||
      this.kind === 'timeout' ||
      this.kind === 'server' ||
      this.kind === 'throttled' ||
      this.kind === 'html'
    );
  }

  /** The same problem, as the app's answer to a request it held back (nothing was sent). */
  heldFor(ms: number): ApiProblem {
    return new ApiProblem(this.kind, this.path, this.detail, this.status, {
      ...(this.serverMessage ? { serverMessage: this.serverMessage } : {}),
      retryAfterMs: ms,
    });
  }
}

export function problemKindForStatus(status: number): ApiProblemKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status >= 500) return 'server';
  return 'http';
}
