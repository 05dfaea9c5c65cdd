/** The contract's errors: a status, a code and a message, answered as `{ error: { code, message } }`. */

/** Thrown by handlers and turned into an error response by the router. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, 'bad_request', message);
export const notFound = (message: string) => new HttpError(404, 'not_found', message);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);

/**
 * The refusal of an administrator's route to anyone else: 401 without a session, 403 for
 * a person or token who is not an administrator. `what` is plural ("devices", "accounts").
 */
export const notAdministrator = (anonymous: boolean, what: string) =>
  anonymous
    ? new HttpError(401, 'unauthorized', `${what} need an administrator signed in`)
    : forbidden(`${what} are managed by administrators`);

/** The contract's error body. */
export const errorBody = (code: string, message: string) => ({ error: { code, message } });

/** The Allow header of a path whose routes have these methods: HEAD with GET, OPTIONS (CORS) always. */
export function allowHeader(methods: readonly string[]): string {
  const all = new Set(methods);
  if (all.has('GET')) all.add('HEAD');
  all.add('OPTIONS');
  return ['GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS'].filter((m) => all.has(m)).join(', ');
}
