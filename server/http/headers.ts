/**
 * Security headers (helmet) on every response, the event stream's included (they are set
 * on the raw response before a route runs, so a hijacked reply keeps them). The app's
 * Content-Security-Policy is the one its build wrote into index.html (scripts/csp.ts, or
 * `npm run csp` after config.json changed, even while the server runs): the header repeats
 * it, so a page under both enforces one policy, and adds what a meta element cannot say
 * (frame-ancestors). The API's answers are never rendered and are read across origins
 * (CORS *): a policy that loads nothing, and Cross-Origin-Resource-Policy cross-origin.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

const META = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/iu;

/** `a b; c d` as { a: ['b'], c: ['d'] } (directive names in lower case). */
export function parseCsp(policy: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/u);
    if (name) out[name.toLowerCase()] = values;
  }
  return out;
}

/** The policy of index.html's meta element, or null. */
export function metaCsp(html: string): string | null {
  const m = META.exec(html);
  return m?.[1] ? m[1].replace(/&quot;/gu, '"').replace(/&amp;/gu, '&') : null;
}

/** The header for the app's pages: index.html's policy, read again whenever the file changes. */
export function pagePolicy(dir: string): () => string {
  const file = join(dir, 'index.html');
  let seen = -1;
  let policy = API_CSP;
  return () => {
    let mtime = -1;
    try {
      mtime = statSync(file).mtimeMs;
    } catch {
      return policy;
    }
    if (mtime !== seen) {
      seen = mtime;
      const meta = metaCsp(readFileSync(file, 'utf8'));
      // Framing by the app's own pages only (a console may embed a view of itself).
      policy = meta ? `${meta.replace(/;\s*$/u, '')}; frame-ancestors 'self'` : API_CSP;
    }
    return policy;
  };
}

export const HELMET: FastifyHelmetOptions = {
  // Set below, per response: the page's own, or the API's.
  contentSecurityPolicy: false,
  // The intranet may serve other hosts over plain HTTP: HSTS for this host only.
  strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
};

const isApi = (url: string) =>
  url.startsWith('/api/') || url === '/api' || /^\/(healthz|readyz)\b/u.test(url);

/** An onRequest hook (after helmet's) that sets the policy of what the request will get. */
export function policyHook(dir: string | undefined) {
  const page = dir ? pagePolicy(dir) : () => API_CSP;
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const api = isApi(req.url);
    reply.raw.setHeader('content-security-policy', api ? API_CSP : page());
    if (api) reply.raw.setHeader('cross-origin-resource-policy', 'cross-origin');
  };
}
