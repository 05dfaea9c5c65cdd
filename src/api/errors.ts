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
  | 'invalid-payload'; // JSON that does not match the contract

export class ApiProblem extends Error {
  constructor(
    readonly kind: ApiProblemKind,
    readonly path: string,
    readonly detail: string,
    readonly status?: number,
  ) {
    super(`${kind} ${path}: ${detail}`);
    this.name = 'ApiProblem';
  }

  /** Worth retrying automatically: the API may come back or the data may be fixed upstream. */
  get transient(): boolean {
    return this.kind === 'network' || this.kind === 'timeout' || this.kind === 'server';
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
