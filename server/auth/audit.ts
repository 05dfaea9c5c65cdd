/**
 * The audit log: who did what, from where, when. Rows are appended (a trigger refuses
 * UPDATE and DELETE) and never hold a password. GET /audit reads them, newest first.
 */
import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditKind } from '@ioc/contract/contract';
import { formatIso } from '@ioc/domain/time';
import type { Sql } from '../db/driver';
import { Params } from '../db/params';

/** Who acted and from where. */
export interface AuditActor {
  /** user:<id>, token:<id>, cli:<os user>, or null (an unknown login). */
  key: string | null;
  userId: string | null;
  name: string;
  role: string | null;
  address?: string | null;
  userAgent?: string | null;
}

export interface AuditRecord {
  kind: AuditKind;
  actor: AuditActor;
  result: string;
  eventId?: string | null;
  action?: string | null;
  targetUserId?: string | null;
  detail?: Record<string, unknown> | null;
}

const USER_AGENT_MAX = 400;

export async function writeAudit(sql: Sql, r: AuditRecord): Promise<void> {
  const a = r.actor;
  await sql.query(
    `INSERT INTO audit_log (id, kind, actor_key, actor_user_id, actor_name, actor_role, address, user_agent,
       event_id, action, target_user_id, result, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::json)`,
    [
      randomUUID(),
      r.kind,
      a.key,
      a.userId,
      a.name,
      a.role,
      a.address ?? null,
      a.userAgent ? a.userAgent.slice(0, USER_AGENT_MAX) : null,
      r.eventId ?? null,
      r.action ?? null,
      r.targetUserId ?? null,
      r.result,
      r.detail ? JSON.stringify(r.detail) : null,
    ],
  );
}

export interface AuditQuery {
  /** Entries by or about this account. */
  userId?: string | null;
  kinds?: readonly AuditKind[] | null;
  /** ISO instants: at or after `since`, before `until`. */
  since?: string | null;
  until?: string | null;
  /** The last entry of the previous page (its id). */
  after?: string | null;
  limit: number;
}

interface AuditRow {
  id: string;
  at: Date;
  kind: AuditKind;
  actor_key: string | null;
  actor_user_id: string | null;
  actor_name: string;
  actor_role: string | null;
  address: string | null;
  user_agent: string | null;
  event_id: string | null;
  action: string | null;
  target_user_id: string | null;
  result: string;
  detail: Record<string, unknown> | string | null;
}

/** A page of entries, newest first (at, then id), and whether more follow. */
export async function readAudit(sql: Sql, q: AuditQuery): Promise<{ items: AuditEntry[]; more: boolean }> {
  const params = new Params();
  const p = (v: unknown) => params.add(v);
  const where: string[] = [];
  if (q.userId) {
    const u = p(q.userId);
    where.push(`(a.actor_user_id = ${u} OR a.target_user_id = ${u})`);
  }
  if (q.kinds && q.kinds.length > 0) where.push(`a.kind = ANY(${p(q.kinds)}::text[])`);
  if (q.since) where.push(`a.at >= ${p(q.since)}::timestamptz`);
  if (q.until) where.push(`a.at < ${p(q.until)}::timestamptz`);
  if (q.after) {
    const id = p(q.after);
    where.push(`(a.at, a.id) < (SELECT at, id FROM audit_log WHERE id = ${id})`);
  }
  const rows = await sql.query<AuditRow & Record<string, unknown>>(
    `SELECT a.* FROM audit_log a ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY a.at DESC, a.id DESC LIMIT ${p(q.limit + 1)}`,
    params.values,
  );
  return { items: rows.slice(0, q.limit).map(toEntry), more: rows.length > q.limit };
}

/** Does an entry with this id exist (a cursor names one)? */
export async function auditEntryExists(sql: Sql, id: string): Promise<boolean> {
  return (await sql.query('SELECT 1 FROM audit_log WHERE id = $1', [id])).length > 0;
}

/** The contract's timestamp with milliseconds (audit entries a moment apart stay apart). */
export function formatIsoMs(ms: number): string {
  const s = formatIso(ms);
  const frac = String(((ms % 1000) + 1000) % 1000).padStart(3, '0');
  return `${s.slice(0, 19)}.${frac}${s.slice(19)}`;
}

function toEntry(r: AuditRow): AuditEntry {
  const detail = typeof r.detail === 'string' ? (JSON.parse(r.detail) as Record<string, unknown>) : r.detail;
  return {
    id: r.id,
    at: formatIsoMs(r.at.getTime()),
    kind: r.kind,
    actor: { key: r.actor_key, userId: r.actor_user_id, name: r.actor_name, role: r.actor_role },
    address: r.address,
    userAgent: r.user_agent,
    eventId: r.event_id,
    action: r.action,
    targetUserId: r.target_user_id,
    result: r.result,
    detail: detail ?? null,
  };
}
