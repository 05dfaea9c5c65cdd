/**
 * Access tokens: random secrets handed out once, stored only as SHA-256 hashes, each bound
 * to a role (district, street, community) and its region. Revoked tokens stay listed.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../db/driver';

export type Role = 'district' | 'street' | 'community';

export interface TokenInfo {
  id: string;
  name: string;
  role: Role;
  regionId: string;
  demo: boolean;
  createdAt: string;
  revokedAt: string | null;
}

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** The token's grant, or null when it is unknown or revoked. */
export async function lookupToken(
  db: Sql,
  token: string,
): Promise<{ name: string; role: Role; regionId: string } | null> {
  const [row] = await db.query<{ name: string; role: Role; region_id: string }>(
    'SELECT name, role, region_id FROM access_tokens WHERE token_sha256 = $1 AND revoked_at IS NULL',
    [hashToken(token)],
  );
  return row ? { name: row.name, role: row.role, regionId: row.region_id } : null;
}

export async function createToken(
  db: Sql,
  role: Role,
  regionId: string,
  name?: string,
): Promise<{ token: string; info: TokenInfo }> {
  const [region] = await db.query<{ level: string }>('SELECT level FROM regions WHERE id = $1', [regionId]);
  if (!region) throw new Error(`unknown region ${regionId}`);
  if (region.level !== role) throw new Error(`region ${regionId} is a ${region.level}, not a ${role}`);
  const id = randomBytes(6).toString('hex');
  const token = `ioc_${randomBytes(24).toString('base64url')}`;
  const rows = await db.query<TokenRow>(
    `INSERT INTO access_tokens (id, name, token_sha256, role, region_id) VALUES ($1, $2, $3, $4, $5)
     RETURNING ${TOKEN_COLUMNS}`,
    [id, name ?? `${role}-${regionId}-${id}`, hashToken(token), role, regionId],
  );
  return { token, info: toInfo(rows[0] as TokenRow) };
}

/** Revokes by id or name; the number of tokens revoked (0 or 1). */
export async function revokeToken(db: Sql, idOrName: string): Promise<number> {
  const rows = await db.query(
    'UPDATE access_tokens SET revoked_at = now() WHERE (id = $1 OR name = $1) AND revoked_at IS NULL RETURNING id',
    [idOrName],
  );
  return rows.length;
}

export async function listTokens(db: Sql): Promise<TokenInfo[]> {
  const rows = await db.query<TokenRow>(
    `SELECT ${TOKEN_COLUMNS} FROM access_tokens ORDER BY created_at, name`,
  );
  return rows.map(toInfo);
}

const TOKEN_COLUMNS = 'id, name, role, region_id, demo, created_at, revoked_at';
type TokenRow = {
  id: string;
  name: string;
  role: Role;
  region_id: string;
  demo: boolean;
  created_at: Date;
  revoked_at: Date | null;
} & Record<string, unknown>;

const toInfo = (r: TokenRow): TokenInfo => ({
  id: r.id,
  name: r.name,
  role: r.role,
  regionId: r.region_id,
  demo: r.demo,
  createdAt: r.created_at.toISOString(),
  revokedAt: r.revoked_at ? r.revoked_at.toISOString() : null,
});
