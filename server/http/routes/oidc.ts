/**
 * GET /session/oidc (begin single sign-on: to the provider) and GET /session/oidc/callback
 * (its answer: a session like a password's, then the app; refused, the app's sign-in page with
 * `?signin=sso_failed&reason=<error code>`). 404 where OIDC is not configured.
 * Every sign-in, refused or not, is audited like a password's.
 */
import fastifyCookie from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { HttpError, notFound } from '@ioc/contract/http';
import { writeAudit } from '../../auth/audit';
import { FLOW_COOKIE, FLOW_MS, type OidcClient, oidcPaths } from '../../auth/oidc';
import { sessionCookie } from '../../auth/sessions';
import { type SsoUser, ssoAccount } from '../../auth/sso';
import type { ServerContext } from '../../context';
import type { ApiHandler } from '../kit';
import { openSession, origin } from './session';

function configured(ctx: ServerContext): OidcClient {
  if (!ctx.oidc) throw notFound('single sign-on is not configured on this server (OIDC_ISSUER)');
  return ctx.oidc;
}

function flowCookie(req: FastifyRequest, oidc: OidcClient, value: string, maxAgeS: number): string {
  return fastifyCookie.serialize(FLOW_COOKIE, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: oidc.o.redirectUrl.startsWith('https:') || req.protocol === 'https',
    path: oidcPaths(oidc.o).cookiePath,
    maxAge: maxAgeS,
  });
}

export const beginOidc: ApiHandler = async ({ ctx, req, reply }) => {
  const oidc = configured(ctx);
  const { url, flow } = await oidc.begin(Date.now());
  return reply
    .code(303)
    .header('cache-control', 'no-store')
    .header('set-cookie', flowCookie(req, oidc, flow, FLOW_MS / 1000))
    .header('location', url)
    .send();
};

export const finishOidc: ApiHandler = async ({ ctx, req, reply, query }) => {
  const oidc = configured(ctx);
  const from = origin(req);
  // The flow is spent whatever happens: a second try begins again.
  void reply.header('set-cookie', flowCookie(req, oidc, '', 0));
  const refused = async (e: unknown, name: string, targetUserId: string | null = null) => {
    if (e instanceof HttpError)
      await writeAudit(ctx.db, {
        kind: 'signin_failed',
        actor: { key: null, userId: null, name: name.slice(0, 64), role: null, ...from },
        result: e.code,
        targetUserId,
        detail: { method: 'oidc', reason: e.message.slice(0, 300) },
      });
    return e;
  };
  // A refused sign-in goes back to the app's sign-in page, which says why (never the JSON).
  const back = (reason: string) =>
    reply
      .code(303)
      .header('cache-control', 'no-store')
      .header('location', `${oidcPaths(oidc.o).app}?signin=sso_failed&reason=${encodeURIComponent(reason)}`)
      .send();
  let user: SsoUser;
  let created: boolean;
  try {
    const claims = await oidc
      .finish(query, req.cookies?.[FLOW_COOKIE] ?? null, Date.now())
      .catch(async (e) => {
        throw await refused(e, 'single sign-on');
      });
    const who = typeof claims.preferred_username === 'string' ? claims.preferred_username : claims.sub;
    ({ user, created } = await ssoAccount(ctx.db, ctx.regions, oidc.o, claims).catch(async (e) => {
      throw await refused(e, who);
    }));
    if (user.disabled) {
      throw await refused(
        new HttpError(403, 'account_disabled', 'this account is disabled: ask an administrator'),
        who,
        user.id,
      );
    }
  } catch (e) {
    if (e instanceof HttpError) return back(e.code);
    req.log.error({ err: e }, 'single sign-on failed');
    return back('internal');
  }
  const session = await openSession(ctx, req, user, {
    method: 'oidc',
    ...(created ? { created: true } : {}),
  });
  return reply
    .code(303)
    .header('cache-control', 'no-store')
    .header('set-cookie', [flowCookie(req, oidc, '', 0), sessionCookie(req, ctx.people, session.secret)])
    .header('location', oidcPaths(oidc.o).app)
    .send();
};
