/**
 * A request body refused as the server and the mock both refuse it: the route's declared
 * schema (./routes.ts) decides, and the 400 names the field, so a caller knows what to fix.
 */
import { badRequest, type HttpError } from './http';
import { ROUTES, type RouteDecl, type RouteName } from './routes';

/** A body that is not JSON at all (Fastify's parser and the mock's say the same). */
export const NOT_JSON = 'body must be JSON; this one is not valid JSON';

/**
 * A zod issue, as far as a refusal reads it: the server's validator hands zod's issues on
 * as Fastify's validation errors, and they are read back into this.
 */
export interface BodyIssue {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  /** A union's: the issues of each option. */
  errors?: readonly (readonly BodyIssue[])[];
}

/** `events[3].location`, as a person would write the field's name. */
export function fieldName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(body)';
}

/**
 * The option of a union the body came closest to (the fewest issues; the first on a tie),
 * so a batch with one bad event is refused for that event, not for lacking an event's fields.
 */
function closest(issues: readonly BodyIssue[]): { option: number; issues: readonly BodyIssue[] } {
  const [only] = issues;
  if (issues.length !== 1 || only?.code !== 'invalid_union' || !only.errors?.length)
    return { option: 0, issues };
  let option = 0;
  only.errors.forEach((e, i) => {
    if (e.length < (only.errors?.[option]?.length ?? 0)) option = i;
  });
  const inner = only.errors[option] ?? [];
  return { option, issues: inner.map((i) => ({ ...i, path: [...only.path, ...i.path] })) };
}

/** The 400 for a body its route's schema refuses: what it is, and up to three fields with why. */
export function bodyRefusal(name: RouteName, issues: readonly BodyIssue[]): HttpError {
  const noun = (ROUTES[name] as RouteDecl).bodyNoun ?? 'body';
  const near = closest(issues);
  const what = typeof noun === 'string' ? noun : (noun[near.option] ?? 'body');
  const fields = near.issues
    .slice(0, 3)
    .map((i) => `${fieldName(i.path)}: ${i.message}`)
    .join('; ');
  return badRequest(`invalid ${what}: ${fields}`);
}

/** The body checked with its route's schema: the parsed value, or the 400 naming the field. */
export function checkBody(name: RouteName, body: unknown): unknown {
  const schema = (ROUTES[name] as RouteDecl).body;
  if (!schema) return body;
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw bodyRefusal(name, parsed.error.issues);
  return parsed.data;
}
