/**
 * The account a single sign-on opens. An account is bound to the provider's subject at its
 * first sign-in: found by that subject, else by its login (the `preferred_username` claim)
 * among accounts not yet bound, else created when OIDC_CREATE_USERS allows. The role and
 * region claims, when the provider sends both, are the account's from then on (a change is
 * audited); a new account needs both. Demo accounts and devices never sign in this way.
 */
import { createHash, randomBytes } from 'node:crypto';
import { HttpError, forbidden } from '@ioc/contract/http';
import type { PersonRole } from '@ioc/contract/contract';
import { LOGIN_PATTERN, loginKey, PERSON_ROLES, roleRegionProblem } from '@ioc/domain/people';
import type { RegionIndex } from '@ioc/domain/regions';
import type { Db, Sql } from '../db/driver';
import { type AuditActor, writeAudit } from './audit';
import type { Claims, OidcConfig } from './oidc';

export interface SsoUser {
  id: string;
  login: string;
  name: string;
  role: PersonRole;
  regionId: string;
  disabled: boolean;
}

type Row = {
  id: string;
  login: string;
  name: string;
  role: PersonRole;
  region_id: string;
  disabled: boolean;
};
const COLUMNS = 'id, login, name, role, region_id, disabled_at IS NOT NULL AS disabled';
const toUser = (r: Row): SsoUser => ({ ...r, regionId: r.region_id });

const values = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x !== '');

/** The role and region the claims give (null: not both given), checked against each other. */
export function claimedRole(
  regions: RegionIndex,
  o: OidcConfig,
  claims: Claims,
): { role: PersonRole; regionId: string } | null {
  const roles = values(claims[o.roleClaim]);
  const region = values(claims[o.regionClaim])[0];
  if (roles.length === 0 || region === undefined) return null;
  const role = roles.find((r) => PERSON_ROLES.includes(r as PersonRole)) as PersonRole | undefined;
  if (!role)
    throw forbidden(`the identity provider gives no known role (${o.roleClaim}: ${roles.join(', ')})`);
  const r = regions.get(region);
  if (!r) throw forbidden(`the identity provider gives an unknown region (${o.regionClaim}: ${region})`);
  const problem = roleRegionProblem(role, r.level);
  if (problem) throw forbidden(`the identity provider's role and region disagree: ${problem} (${region})`);
  return { role, regionId: region };
}

export async function ssoAccount(
  db: Db,
  regions: RegionIndex,
  o: OidcConfig,
  claims: Claims,
): Promise<{ user: SsoUser; created: boolean }> {
  const subject = `${o.issuer}#${claims.sub}`;
  const login = typeof claims.preferred_username === 'string' ? claims.preferred_username.trim() : '';
  const claimed = claimedRole(regions, o, claims);
  const actor: AuditActor = {
    key: `oidc:${o.issuer}`.slice(0, 200),
    userId: null,
    name: 'single sign-on',
    role: null,
  };
  return db.transaction(async (tx) => {
    let [row] = await tx.query<Row>(`SELECT ${COLUMNS} FROM users WHERE oidc_subject = $1`, [subject]);
    if (!row && LOGIN_PATTERN.test(login)) {
      [row] = await tx.query<Row>(
        `UPDATE users SET oidc_subject = $2, updated_at = now()
         WHERE lower(login) = $1 AND oidc_subject IS NULL AND NOT demo AND NOT device RETURNING ${COLUMNS}`,
        [loginKey(login), subject],
      );
    }
    if (row) {
      const user = toUser(row);
      if (claimed && (claimed.role !== user.role || claimed.regionId !== user.regionId))
        return { user: await moveTo(tx, user, claimed, actor), created: false };
      return { user, created: false };
    }
    if (!o.createUsers)
      throw forbidden(
        `no account for ${login || claims.sub} here: ask an administrator to create one with that login`,
      );
    if (!claimed)
      throw forbidden(`the identity provider gives no role and region (${o.roleClaim}, ${o.regionClaim})`);
    return { user: await create(tx, subject, login, claims, claimed, actor), created: true };
  });
}

async function moveTo(
  tx: Sql,
  user: SsoUser,
  to: { role: PersonRole; regionId: string },
  actor: AuditActor,
): Promise<SsoUser> {
  await tx.query('UPDATE users SET role = $2, region_id = $3, updated_at = now() WHERE id = $1', [
    user.id,
    to.role,
    to.regionId,
  ]);
  await writeAudit(tx, {
    kind: 'user_role_changed',
    actor,
    result: 'ok',
    targetUserId: user.id,
    detail: { login: user.login, from: { role: user.role, regionId: user.regionId }, to },
  });
  return { ...user, ...to };
}

async function create(
  tx: Sql,
  subject: string,
  login: string,
  claims: Claims,
  to: { role: PersonRole; regionId: string },
  actor: AuditActor,
): Promise<SsoUser> {
  // A login the provider does not give (or that is taken) is made from the subject.
  const taken = LOGIN_PATTERN.test(login)
    ? (await tx.query('SELECT 1 FROM users WHERE lower(login) = $1', [loginKey(login)])).length > 0
    : true;
  const own = taken ? `sso-${createHash('sha256').update(subject).digest('hex').slice(0, 12)}` : login;
  const name = (typeof claims.name === 'string' && claims.name.trim().slice(0, 100)) || own;
  const [row] = await tx.query<Row>(
    `INSERT INTO users (id, login, name, role, region_id, oidc_subject)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [randomBytes(6).toString('hex'), own, name, to.role, to.regionId, subject],
  );
  if (!row) throw new HttpError(500, 'internal', 'the account was not created');
  await writeAudit(tx, {
    kind: 'user_created',
    actor,
    result: 'ok',
    targetUserId: row.id,
    detail: { login: own, name, ...to, sso: true },
  });
  return toUser(row);
}
