/**
 * Access tokens: random secrets handed out once, stored only as SHA-256 hashes, each bound
 * to a role (district, street, community) and its region, or an intake token (a system
 * that reports events in its region, nothing else) with its rate limit. Revoked tokens
 * stay listed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { badRequest, notFound } from '@ioc/contract/http';
import type { Db, Sql } from '../db/driver';
import { type AuditActor, writeAudit } from './audit';

export type Role = 'district' | 'street' | 'community' | 'intake';
export const ROLES: readonly Role[] = ['district', 'street', 'community', 'intake'];

/** An intake token's limit: events a second, and how many may arrive at once. */
export interface IntakeLimit {
  rate: number;
  burst: number;
}

/** 50 events a second is ten times a busy district's hotline; a burst of 500 is one full batch. */
export const DEFAULT_INTAKE_LIMIT: IntakeLimit = { rate: 50, burst: 500 };

export interface TokenInfo {
  id: string;
  name: string;
  role: Role;
  regionId: string;
  demo: boolean;
  intake: IntakeLimit | null;
  createdAt: string;
  revokedAt: string | null;
}

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export interface Grant {
  id: string;
  name: string;
  role: Role;
  regionId: string;
  intake: IntakeLimit | null;
}

/** The token's grant, or null when it is unknown or revoked. */
export async function lookupToken(db: Sql, token: string): Promise<Grant | null> {
  const [row] = await db.query<TokenRow>(
    `SELECT ${TOKEN_COLUMNS} FROM access_tokens WHERE token_sha256 = $1 AND revoked_at IS NULL`,
    [hashToken(token)],
  );
  if (!row) return null;
  const { id, name, role, regionId, intake } = toInfo(row);
  return { id, name, role, regionId, intake };
}

/**
 * A new token for a region of the role's level; an intake token may be bound to any region
 * (the events it reports must lie there) and carries its rate limit.
 */
export async function createToken(
  db: Sql,
  role: Role,
  regionId: string,
  name?: string,
  limit: IntakeLimit = DEFAULT_INTAKE_LIMIT,
): Promise<{ token: string; info: TokenInfo }> {
  const [region] = await db.query<{ level: string }>('SELECT level FROM regions WHERE id = $1', [regionId]);
  if (!region) throw notFound(`unknown region ${regionId}`);
  if (role !== 'intake' && region.level !== role)
    throw badRequest(`region ${regionId} is a ${region.level}, not a ${role}`);
  if (role === 'intake' && !(limit.rate > 0 && limit.burst >= 1))
    throw badRequest('an intake token needs a rate above 0 and a burst of at least 1');
  const id = randomBytes(6).toString('hex');
  const token = `ioc_${randomBytes(24).toString('base64url')}`;
  const intake = role === 'intake' ? limit : null;
  const rows = await db.query<TokenRow>(
    `INSERT INTO access_tokens (id, name, token_sha256, role, region_id, intake_rate, intake_burst)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${TOKEN_COLUMNS}`,
    [id, name ?? `${role}-${regionId}-${id}`, hashToken(token), role, regionId, intake?.rate, intake?.burst],
  );
  return { token, info: toInfo(rows[0] as TokenRow) };
}

/**
 * Revokes by id (the app) or by id or name (the command), audited; the number of tokens
 * revoked (0 or 1).
 */
export async function revokeToken(
  db: Db,
  key: string,
  actor: AuditActor,
  by: 'id' | 'idOrName' = 'idOrName',
): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<TokenRow>(
      `UPDATE access_tokens SET revoked_at = now()
       WHERE (id = $1 OR ($2 AND name = $1)) AND revoked_at IS NULL RETURNING ${TOKEN_COLUMNS}`,
      [key, by === 'idOrName'],
    );
    for (const r of rows) {
      const t = toInfo(r);
      await writeAudit(tx, {
        kind: 'token_revoked',
        actor,
        result: 'ok',
        detail: { tokenId: t.id, name: t.name, role: t.role, regionId: t.regionId },
      });
    }
    return rows.length;
  });
}

/** A new token (createToken), audited with the same transaction: who issued it, never its secret. */
export async function issueToken(
  db: Db,
  role: Role,
  regionId: string,
  actor: AuditActor,
  name?: string,
  limit: IntakeLimit = DEFAULT_INTAKE_LIMIT,
): Promise<{ token: string; info: TokenInfo }> {
  return db.transaction(async (tx) => {
    const made = await createToken(tx, role, regionId, name, limit);
    const { id, role: r, regionId: region, intake } = made.info;
    await writeAudit(tx, {
      kind: 'token_created',
      actor,
      result: 'ok',
      detail: { tokenId: id, name: made.info.name, role: r, regionId: region, intake },
    });
    return made;
  });
}

export async function listTokens(db: Sql): Promise<TokenInfo[]> {
  const rows = await db.query<TokenRow>(
    `SELECT ${TOKEN_COLUMNS} FROM access_tokens ORDER BY created_at, name`,
  );
  return rows.map(toInfo);
}

const TOKEN_COLUMNS = 'id, name, role, region_id, demo, intake_rate, intake_burst, created_at, revoked_at';
type TokenRow = {
  id: string;
  name: string;
  role: Role;
  region_id: string;
  demo: boolean;
  intake_rate: number | null;
  intake_burst: number | null;
  created_at: Date;
  revoked_at: Date | null;
} & Record<string, unknown>;

const toInfo = (r: TokenRow): TokenInfo => ({
  id: r.id,
  name: r.name,
  role: r.role,
  regionId: r.region_id,
  demo: r.demo,
  intake:
    r.intake_rate !== null && r.intake_burst !== null ? { rate: r.intake_rate, burst: r.intake_burst } : null,
  createdAt: r.created_at.toISOString(),
  revokedAt: r.revoked_at ? r.revoked_at.toISOString() : null,
});
