/**
 * Administration (administrators only): accounts (GET/POST /users, PATCH /users/{id}), live
 * sessions (GET /sessions, DELETE /sessions/{id}) and machine tokens (GET/POST /tokens,
 * DELETE /tokens/{id}). Every change is audited in its own transaction (auth/users.ts,
 * auth/sessionList.ts, auth/tokens.ts) and names the administrator who made it.
 */
import type { MachineToken, TokenCreated, UserAccount } from '@ioc/contract/contract';
import { badRequest, notAdministrator, notFound } from '@ioc/contract/http';
import { formatIso } from '@ioc/domain/time';
import type { Caller } from '../../auth/caller';
import { endSessionById, listLiveSessions } from '../../auth/sessionList';
import { DEFAULT_INTAKE_LIMIT, issueToken, listTokens, revokeToken, type TokenInfo } from '../../auth/tokens';
import {
  createUser as addUser,
  findUserById,
  listUsers as readUsers,
  renameUser,
  resetPassword,
  setDisabled,
  setRole,
  type UserInfo,
} from '../../auth/users';
import type { BodyOf } from '@ioc/contract/routes';
import type { ApiHandler } from '../kit';
import { actorOf } from './audit';

/** Anyone but an administrator: 401 without a session, 403 otherwise. */
export function mustBeAdmin(caller: Caller, what: string): void {
  if (caller.person?.role !== 'admin') throw notAdministrator(caller.anonymous, what);
}

const iso = (s: string) => formatIso(Date.parse(s));
const account = (u: UserInfo): UserAccount => ({
  ...u,
  createdAt: iso(u.createdAt),
  updatedAt: iso(u.updatedAt),
});
const token = (t: TokenInfo): MachineToken => ({
  ...t,
  createdAt: iso(t.createdAt),
  revokedAt: t.revokedAt ? iso(t.revokedAt) : null,
});

export const listUsers: ApiHandler = async ({ ctx, caller }) => {
  mustBeAdmin(caller, 'accounts');
  return { items: (await readUsers(ctx.db)).map(account) };
};

export const createUser: ApiHandler<BodyOf<'createUser'>> = async ({ ctx, req, reply, caller, body }) => {
  mustBeAdmin(caller, 'accounts');
  const made = await addUser(ctx.db, body, actorOf(caller, req));
  reply.code(201);
  return account(made);
};

export const changeUser: ApiHandler<BodyOf<'changeUser'>> = async ({
  ctx,
  req,
  caller,
  params,
  body: change,
}) => {
  mustBeAdmin(caller, 'accounts');
  const user = await findUserById(ctx.db, params.id ?? '');
  if (!user) throw notFound(`no account ${params.id}`);
  // An administrator who disabled or demoted themselves would lock the district out.
  const self = user.id === caller.person?.userId;
  if (self && ('disabled' in change || 'role' in change))
    throw badRequest('an administrator may not disable or change the role of their own account');
  const actor = actorOf(caller, req);
  let changed: UserInfo;
  if ('name' in change) changed = await renameUser(ctx.db, user.login, change.name, actor);
  else if ('role' in change) changed = await setRole(ctx.db, user.login, change.role, change.regionId, actor);
  else if ('disabled' in change) changed = await setDisabled(ctx.db, user.login, change.disabled, actor);
  else changed = await resetPassword(ctx.db, user.login, change.password, actor);
  // A disabled account's or a reset password's open streams end now on this instance.
  void ctx.sessions.check();
  return account(changed);
};

export const listSessions: ApiHandler = async ({ ctx, caller }) => {
  mustBeAdmin(caller, 'sessions');
  return { items: await listLiveSessions(ctx, caller.person?.sessionId ?? null) };
};

export const endSession: ApiHandler = async ({ ctx, req, reply, caller, params }) => {
  mustBeAdmin(caller, 'sessions');
  if (!(await endSessionById(ctx.db, params.id ?? '', actorOf(caller, req))))
    throw notFound(`no live session ${params.id}`);
  void ctx.sessions.check();
  return reply.code(204).header('cache-control', 'no-store').send();
};

export const listMachineTokens: ApiHandler = async ({ ctx, caller }) => {
  mustBeAdmin(caller, 'machine tokens');
  return { items: (await listTokens(ctx.db)).map(token) };
};

export const createMachineToken: ApiHandler<BodyOf<'createToken'>> = async ({
  ctx,
  req,
  reply,
  caller,
  body: b,
}) => {
  mustBeAdmin(caller, 'machine tokens');
  if (b.role !== 'intake' && (b.rate !== undefined || b.burst !== undefined))
    throw badRequest('rate and burst are for intake tokens only');
  const limit = { rate: b.rate ?? DEFAULT_INTAKE_LIMIT.rate, burst: b.burst ?? DEFAULT_INTAKE_LIMIT.burst };
  const made = await issueToken(ctx.db, b.role, b.regionId, actorOf(caller, req), b.name, limit);
  reply.code(201).header('cache-control', 'no-store');
  return { token: made.token, info: token(made.info) } satisfies TokenCreated;
};

export const revokeMachineToken: ApiHandler = async ({ ctx, req, reply, caller, params }) => {
  mustBeAdmin(caller, 'machine tokens');
  if ((await revokeToken(ctx.db, params.id ?? '', actorOf(caller, req), 'id')) === 0)
    throw notFound(`no active token ${params.id}`);
  // Its open streams end now on this instance (the others' within their check).
  void ctx.sessions.check();
  return reply.code(204).header('cache-control', 'no-store').send();
};
