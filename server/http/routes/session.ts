/**
 * POST /session (sign in), GET /session (who is signed in), DELETE /session (sign out) and
 * GET /session/options (whether this is the demo, and its accounts).
 *
 * An unknown login and a wrong password get the same answer (401, one message) after the
 * same work (an Argon2 verification, against a dummy hash for an unknown login); past the
 * limits of failed sign-ins for the login or the address, 429 with Retry-After. Every
 * sign-in, failed or not, and every sign-out is audited; the password never is.
 */
import type { FastifyRequest } from 'fastify';
import { HttpError } from '@ioc/contract/http';
import type { BodyOf } from '@ioc/contract/routes';
import { type DemoAccount, type PersonRole, type SessionInfo, SessionOptions } from '@ioc/contract/contract';
import { canAct, loginKey } from '@ioc/domain/people';
import type { RegionIndex } from '@ioc/domain/regions';
import { formatIso } from '@ioc/domain/time';
import { writeAudit } from '../../auth/audit';
import { verifyPassword } from '../../auth/passwords';
import {
  assertSameOrigin,
  clearedCookie,
  cookieSecret,
  createSession,
  revokeSession,
  sessionCookie,
} from '../../auth/sessions';
import { beginAttempt, clearFailures, forgetAttempt } from '../../auth/throttle';
import { type UserInfo, userForSignIn } from '../../auth/users';
import { oidcPaths } from '../../auth/oidc';
import type { ServerContext } from '../../context';
import type { ApiHandler } from '../kit';

const WRONG = 'the login or the password is wrong';

/** Where a request came from, for the audit log. */
/**
 * A person signed in (by password or by single sign-on): a new session every time, the one
 * this browser held (if any) ended, and the sign-in audited with what the caller adds.
 */
export async function openSession(
  ctx: ServerContext,
  req: FastifyRequest,
  user: Pick<UserInfo, 'id' | 'name' | 'role'>,
  detail: Record<string, unknown>,
): Promise<{ id: string; secret: string; expiresAt: Date }> {
  const from = origin(req);
  const previous = cookieSecret(req);
  const replaced = previous ? await revokeSession(ctx.db, previous) : null;
  const session = await createSession(ctx.db, user.id, ctx.people, from);
  await writeAudit(ctx.db, {
    kind: 'signin',
    actor: { key: `user:${user.id}`, userId: user.id, name: user.name, role: user.role, ...from },
    result: 'ok',
    targetUserId: user.id,
    detail: { session: session.id, ...detail, ...(replaced ? { replaced: replaced.sessionId } : {}) },
  });
  return session;
}

export function origin(req: FastifyRequest): { address: string | null; userAgent: string | null } {
  const ua = req.headers['user-agent'];
  return { address: req.ip ?? null, userAgent: typeof ua === 'string' ? ua : null };
}

function info(
  regions: RegionIndex,
  p: { id: string; login: string; name: string; role: PersonRole; regionId: string },
  expiresAt: number,
): SessionInfo {
  const region = regions.get(p.regionId);
  return {
    id: p.id,
    login: p.login,
    name: p.name,
    role: p.role,
    regionId: p.regionId,
    regionName: region?.name ?? p.regionId,
    regionLevel: region?.level ?? 'district',
    canAct: canAct(p.role),
    expiresAt: formatIso(expiresAt),
  };
}

const minutes = (s: number) => Math.max(1, Math.ceil(s / 60));

export const postSession: ApiHandler<BodyOf<'postSession'>> = async ({ ctx, req, reply, body }) => {
  // A sign-in from another origin (login CSRF) is refused like any cookie change.
  assertSameOrigin(req, ctx.people.allowedOrigins);
  const key = loginKey(body.login);
  const from = origin(req);
  const failed = (result: string, reason: string, targetUserId: string | null) =>
    writeAudit(ctx.db, {
      kind: 'signin_failed',
      actor: { key: null, userId: null, name: body.login.slice(0, 64), role: null, ...from },
      result,
      targetUserId,
      detail: { login: body.login.slice(0, 64), reason },
    });

  const attempt = await beginAttempt(ctx.db, key, from.address ?? '', ctx.people.throttle);
  if (!attempt.ok) {
    await failed('too_many_requests', `too many failures for this ${attempt.by}`, null);
    throw new HttpError(
      429,
      'too_many_requests',
      `too many failed sign-ins ${attempt.by === 'account' ? 'for this login' : 'from this address'}: try again in ${minutes(attempt.retryAfterS)} min, or ask an administrator`,
      { 'retry-after': String(attempt.retryAfterS) },
    );
  }
  const found = await userForSignIn(ctx.db, key);
  // Outside the demo its public accounts are as unknown as any login that does not exist.
  const account = found && (!found.user.demo || ctx.demo) ? found : null;
  const right = await verifyPassword(account?.hash ?? null, body.password);
  if (!account || !right) {
    await failed('unauthorized', account ? 'wrong password' : 'unknown login', account?.user.id ?? null);
    throw new HttpError(401, 'unauthorized', WRONG);
  }
  const user = account.user;
  if (user.disabled) {
    // The password was right: not a guess, so not counted; the person learns why.
    await forgetAttempt(ctx.db, attempt.id);
    await failed('account_disabled', 'disabled account', user.id);
    throw new HttpError(403, 'account_disabled', 'this account is disabled: ask an administrator');
  }
  await clearFailures(ctx.db, key);
  const session = await openSession(ctx, req, user, {});
  reply.header('set-cookie', sessionCookie(req, ctx.people, session.secret));
  return info(ctx.regions, user, session.expiresAt.getTime());
};

export const getSession: ApiHandler = async ({ ctx, caller }) => {
  const p = caller.person;
  if (!p) throw new HttpError(401, 'unauthorized', 'not signed in');
  return info(ctx.regions, { ...p, id: p.userId, name: caller.by }, Date.parse(p.expiresAt));
};

/** Signs out: the session ends (whatever its state) and the cookie is cleared; 204 always. */
export const deleteSession: ApiHandler = async ({ ctx, req, reply }) => {
  const secret = cookieSecret(req);
  if (secret !== null) {
    assertSameOrigin(req, ctx.people.allowedOrigins);
    const ended = await revokeSession(ctx.db, secret);
    if (ended) {
      const [u] = await ctx.db.query<{ name: string; role: string }>(
        'SELECT name, role FROM users WHERE id = $1',
        [ended.userId],
      );
      await writeAudit(ctx.db, {
        kind: 'signout',
        actor: {
          key: `user:${ended.userId}`,
          userId: ended.userId,
          name: u?.name ?? ended.userId,
          role: u?.role ?? null,
          ...origin(req),
        },
        result: 'ok',
        targetUserId: ended.userId,
        detail: { session: ended.sessionId },
      });
    }
  }
  return reply
    .code(204)
    .header('cache-control', 'no-store')
    .header('set-cookie', clearedCookie(req, ctx.people))
    .send();
};

const ROLE_ORDER = ['district', 'street', 'community', 'planner', 'wall', 'admin'];

/** The single sign-on button, where configured. */
function sso(ctx: ServerContext): Pick<SessionOptions, 'sso'> {
  if (!ctx.oidc) return {};
  const { label } = ctx.oidc.o;
  return { sso: { ...(label ? { label } : {}), startUrl: oidcPaths(ctx.oidc.o).start } };
}

export const getSessionOptions: ApiHandler = async ({ ctx }) => {
  if (!ctx.demo) return SessionOptions.parse({ demo: false, demoAccounts: [], ...sso(ctx) });
  const rows = await ctx.db.query<{ login: string; name: string; role: PersonRole; region_id: string }>(
    `SELECT login, name, role, region_id FROM users WHERE demo AND disabled_at IS NULL
     ORDER BY array_position($1::text[], role), login`,
    [ROLE_ORDER],
  );
  const demoAccounts: DemoAccount[] = rows.map((r) => ({
    login: r.login,
    name: r.name,
    role: r.role,
    regionId: r.region_id,
  }));
  return {
    demo: true,
    ...(ctx.people.demoPassword !== undefined ? { demoPassword: ctx.people.demoPassword } : {}),
    demoAccounts,
    ...sso(ctx),
  } satisfies SessionOptions;
};
