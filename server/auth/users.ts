/**
 * People's accounts: created, listed, disabled and enabled, their password reset and their
 * role changed (the `user` command), each change audited in the same transaction. A role's
 * region is checked against its level (@ioc/domain/people). Disabling an account or
 * resetting its password ends its sessions; a role change applies to its sessions at their
 * next request.
 */
import { badRequest, HttpError, notFound } from '@ioc/contract/http';
import { randomBytes } from 'node:crypto';
import type { PersonRole } from '@ioc/contract/contract';
import {
  LOGIN_PATTERN,
  loginKey,
  PERSON_ROLES,
  passwordProblem,
  roleRegionProblem,
} from '@ioc/domain/people';
import { type Db, isUniqueViolation, type Sql } from '../db/driver';
import { type AuditActor, writeAudit } from './audit';
import { hashPassword } from './passwords';
import { revokeUserSessions } from './sessions';
import { clearFailures } from './throttle';

export interface UserInfo {
  id: string;
  login: string;
  name: string;
  role: PersonRole;
  regionId: string;
  disabled: boolean;
  demo: boolean;
  device: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface NewUser {
  login: string;
  name: string;
  role: PersonRole;
  regionId: string;
  password: string;
}

const COLUMNS = 'id, login, name, role, region_id, disabled_at, demo, device, created_at, updated_at';
type UserRow = {
  id: string;
  login: string;
  name: string;
  role: PersonRole;
  region_id: string;
  disabled_at: Date | null;
  demo: boolean;
  device: boolean;
  created_at: Date;
  updated_at: Date;
} & Record<string, unknown>;

const toInfo = (r: UserRow): UserInfo => ({
  id: r.id,
  login: r.login,
  name: r.name,
  role: r.role,
  regionId: r.region_id,
  disabled: r.disabled_at !== null,
  demo: r.demo,
  device: r.device,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export function checkRole(role: string): PersonRole {
  if (!PERSON_ROLES.includes(role as PersonRole))
    throw badRequest(`role must be one of ${PERSON_ROLES.join(', ')} (got "${role}")`);
  return role as PersonRole;
}

async function checkRegion(sql: Sql, role: PersonRole, regionId: string): Promise<void> {
  const [region] = await sql.query<{ level: 'district' | 'street' | 'community' }>(
    'SELECT level FROM regions WHERE id = $1',
    [regionId],
  );
  if (!region) throw notFound(`unknown region ${regionId}`);
  const problem = roleRegionProblem(role, region.level);
  if (problem) throw badRequest(`${problem} (${regionId})`);
}

export function checkName(name: string): string {
  const n = name.trim();
  if (n.length < 1 || n.length > 100) throw badRequest('a display name has 1 to 100 characters');
  return n;
}

export async function createUser(db: Db, u: NewUser, actor: AuditActor): Promise<UserInfo> {
  const login = u.login.trim();
  if (!LOGIN_PATTERN.test(login))
    throw badRequest(
      'a login has 1 to 64 ASCII letters, digits, ".", "_", "-" or "@", starting with a letter or digit',
    );
  const name = checkName(u.name);
  const role = checkRole(u.role);
  const weak = passwordProblem(u.password, login);
  if (weak) throw badRequest(weak);
  await checkRegion(db, role, u.regionId);
  const hash = await hashPassword(u.password);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.query<UserRow>(
        `INSERT INTO users (id, login, name, role, region_id, password_hash)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [randomBytes(6).toString('hex'), login, name, role, u.regionId, hash],
      );
      const info = toInfo(row as UserRow);
      await writeAudit(tx, {
        kind: 'user_created',
        actor,
        result: 'ok',
        targetUserId: info.id,
        detail: { login, name, role, regionId: u.regionId },
      });
      return info;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new HttpError(409, 'conflict', `the login "${login}" is taken`);
    throw e;
  }
}

/** The account of a login (any case), or null. */
export async function findUser(sql: Sql, login: string): Promise<UserInfo | null> {
  const [row] = await sql.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE lower(login) = $1`, [
    loginKey(login),
  ]);
  return row ? toInfo(row) : null;
}

/** The account of an id, or null. */
export async function findUserById(sql: Sql, id: string): Promise<UserInfo | null> {
  const [row] = await sql.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  return row ? toInfo(row) : null;
}

/** The account and its password hash, for a sign-in. */
export async function userForSignIn(
  sql: Sql,
  key: string,
): Promise<{ user: UserInfo; hash: string | null } | null> {
  const [row] = await sql.query<UserRow & { password_hash: string | null }>(
    `SELECT ${COLUMNS}, password_hash FROM users WHERE lower(login) = $1`,
    [key],
  );
  return row ? { user: toInfo(row), hash: row.password_hash } : null;
}

export async function listUsers(sql: Sql): Promise<UserInfo[]> {
  const rows = await sql.query<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY lower(login)`);
  return rows.map(toInfo);
}

async function mustFind(sql: Sql, login: string): Promise<UserInfo> {
  const user = await findUser(sql, login);
  if (!user) throw notFound(`no account with the login "${login}"`);
  return user;
}

/** Disables (ending its sessions) or enables (clearing its failed sign-ins) an account. */
export async function setDisabled(
  db: Db,
  login: string,
  disabled: boolean,
  actor: AuditActor,
): Promise<UserInfo> {
  return db.transaction(async (tx) => {
    const user = await mustFind(tx, login);
    const [row] = await tx.query<UserRow>(
      `UPDATE users SET disabled_at = ${disabled ? 'coalesce(disabled_at, now())' : 'NULL'}, updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [user.id],
    );
    const ended = disabled ? await revokeUserSessions(tx, user.id) : 0;
    if (!disabled) await clearFailures(tx, loginKey(user.login));
    await writeAudit(tx, {
      kind: disabled ? 'user_disabled' : 'user_enabled',
      actor,
      result: 'ok',
      targetUserId: user.id,
      detail: { login: user.login, ...(disabled ? { sessionsEnded: ended } : {}) },
    });
    return toInfo(row as UserRow);
  });
}

/** A new password: the account's sessions end and its failed sign-ins are forgotten. */
export async function resetPassword(
  db: Db,
  login: string,
  password: string,
  actor: AuditActor,
): Promise<UserInfo> {
  const user = await mustFind(db, login);
  const weak = passwordProblem(password, user.login);
  if (weak) throw badRequest(weak);
  const hash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [row] = await tx.query<UserRow>(
      `UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [user.id, hash],
    );
    const ended = await revokeUserSessions(tx, user.id);
    await clearFailures(tx, loginKey(user.login));
    await writeAudit(tx, {
      kind: 'user_password_reset',
      actor,
      result: 'ok',
      targetUserId: user.id,
      detail: { login: user.login, sessionsEnded: ended },
    });
    return toInfo(row as UserRow);
  });
}

/** A new role and region (checked against each other); sessions follow at their next request. */
export async function setRole(
  db: Db,
  login: string,
  role: string,
  regionId: string,
  actor: AuditActor,
): Promise<UserInfo> {
  const r = checkRole(role);
  return db.transaction(async (tx) => {
    const user = await mustFind(tx, login);
    await checkRegion(tx, r, regionId);
    const [row] = await tx.query<UserRow>(
      `UPDATE users SET role = $2, region_id = $3, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [user.id, r, regionId],
    );
    await writeAudit(tx, {
      kind: 'user_role_changed',
      actor,
      result: 'ok',
      targetUserId: user.id,
      detail: {
        login: user.login,
        from: { role: user.role, regionId: user.regionId },
        to: { role: r, regionId },
      },
    });
    return toInfo(row as UserRow);
  });
}

/** A new display name: the history keeps the name each action was taken under. */
export async function renameUser(db: Db, login: string, name: string, actor: AuditActor): Promise<UserInfo> {
  const n = checkName(name);
  return db.transaction(async (tx) => {
    const user = await mustFind(tx, login);
    const [row] = await tx.query<UserRow>(
      `UPDATE users SET name = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [user.id, n],
    );
    await writeAudit(tx, {
      kind: 'user_renamed',
      actor,
      result: 'ok',
      targetUserId: user.id,
      detail: { login: user.login, from: user.name, to: n },
    });
    return toInfo(row as UserRow);
  });
}

/** Ends every live session of an account (signs the person out everywhere); how many. */
export async function revokeSessionsOf(db: Db, login: string, actor: AuditActor): Promise<number> {
  return db.transaction(async (tx) => {
    const user = await mustFind(tx, login);
    const n = await revokeUserSessions(tx, user.id);
    await writeAudit(tx, {
      kind: 'session_revoked',
      actor,
      result: 'ok',
      targetUserId: user.id,
      detail: { login: user.login, sessionsEnded: n },
    });
    return n;
  });
}
