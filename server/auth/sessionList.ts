/**
 * The sessions an administrator sees and ends one by one: live ones only (not revoked, not
 * past their end, not idle for longer than the idle time unless a device's), never a secret.
 */
import type { PersonRole, SessionEntry } from '@ioc/contract/contract';
import { formatIso } from '@ioc/domain/time';
import type { Db } from '../db/driver';
import { type AuditActor, writeAudit } from './audit';
import type { SessionContext } from './sessions';

type Row = {
  id: string;
  user_id: string;
  login: string;
  name: string;
  role: PersonRole;
  region_id: string;
  device: boolean;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  address: string | null;
  user_agent: string | null;
} & Record<string, unknown>;

/** Live sessions, the most recently used first; `current` marks the asking session. */
export async function listLiveSessions(
  ctx: SessionContext,
  currentId: string | null,
): Promise<SessionEntry[]> {
  const rows = await ctx.db.query<Row>(
    `SELECT s.id, s.user_id, u.login, u.name, u.role, u.region_id, u.device, s.created_at, s.last_seen_at,
       s.expires_at, s.address, s.user_agent
     FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.revoked_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL
       AND (u.device OR s.last_seen_at > now() - make_interval(secs => $1))
       AND (NOT u.demo OR $2)
     ORDER BY s.last_seen_at DESC, s.id
     LIMIT 1000`,
    [ctx.people.idleMs / 1000, ctx.demo],
  );
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    login: r.login,
    name: r.name,
    role: r.role,
    regionId: r.region_id,
    device: r.device,
    createdAt: formatIso(r.created_at.getTime()),
    lastSeenAt: formatIso(r.last_seen_at.getTime()),
    expiresAt: formatIso(r.expires_at.getTime()),
    address: r.address,
    userAgent: r.user_agent,
    current: r.id === currentId,
  }));
}

/** Ends one session by its public id, audited; false when none was live with that id. */
export async function endSessionById(db: Db, id: string, actor: AuditActor): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ user_id: string; login: string }>(
      `UPDATE sessions s SET revoked_at = now() FROM users u
       WHERE s.id = $1 AND s.revoked_at IS NULL AND u.id = s.user_id RETURNING s.user_id, u.login`,
      [id],
    );
    if (!row) return false;
    await writeAudit(tx, {
      kind: 'session_revoked',
      actor,
      result: 'ok',
      targetUserId: row.user_id,
      detail: { login: row.login, session: id, sessionsEnded: 1 },
    });
    return true;
  });
}
