/** Events between their rows (events + event_history) and the contract's IocEvent. */
import { representable } from '@ioc/contract/input';
import type { RegionIndex } from '@ioc/domain/regions';
import { formatIso } from '@ioc/domain/time';
import type { HistoryEntry, IocEvent } from '@ioc/contract/contract';
import type { Sql } from '../db/driver';

export interface EventRow {
  id: string;
  source: IocEvent['source'];
  category: string;
  title: string;
  description: string;
  severity: number;
  status: IocEvent['status'];
  region_id: string;
  community_id: string | null;
  lng: number;
  lat: number;
  reported_at: Date;
  due_at: Date;
  updated_at: Date;
  assignee_level: 'district' | 'street' | 'community' | null;
  assignee_region_id: string | null;
}

interface HistoryRow {
  event_id: string;
  at: Date;
  action: HistoryEntry['action'];
  actor: string;
  from_status: IocEvent['status'] | null;
  to_status: IocEvent['status'];
  note: string | null;
}

export const EVENT_COLUMNS =
  'id, source, category, title, description, severity, status, region_id, community_id, lng, lat, reported_at, due_at, updated_at, assignee_level, assignee_region_id';

/**
 * A stored event that cannot be read back as the contract's: one of its times lies outside
 * the range the API represents (year 0, say, written before intake refused such reports),
 * or the driver could not read it at all.
 */
export class UnreadableEvent extends Error {
  constructor(
    readonly eventId: string,
    readonly field: string,
  ) {
    super(`event ${eventId} is stored with a ${field} the API cannot represent`);
  }
}

/** A stored time as the contract's timestamp, or UnreadableEvent. */
function timeOf(eventId: string, field: string, at: Date): string {
  const ms = at instanceof Date ? at.getTime() : Number.NaN;
  if (!representable(ms)) throw new UnreadableEvent(eventId, field);
  return formatIso(ms);
}

export function toEvent(r: EventRow, history: HistoryRow[]): IocEvent {
  const ev: IocEvent = {
    id: r.id,
    source: r.source,
    category: r.category,
    title: r.title,
    description: r.description,
    severity: r.severity as IocEvent['severity'],
    status: r.status,
    regionId: r.region_id,
    location: [r.lng, r.lat],
    reportedAt: timeOf(r.id, 'reportedAt', r.reported_at),
    dueAt: timeOf(r.id, 'dueAt', r.due_at),
    updatedAt: timeOf(r.id, 'updatedAt', r.updated_at),
    history: history.map((h, i) => {
      const e: HistoryEntry = {
        at: timeOf(r.id, `history[${i}].at`, h.at),
        action: h.action,
        by: h.actor,
        fromStatus: h.from_status,
        toStatus: h.to_status,
      };
      if (h.note !== null) e.note = h.note;
      return e;
    }),
  };
  if (r.community_id !== null) ev.communityId = r.community_id;
  if (r.assignee_level !== null && r.assignee_region_id !== null)
    ev.assignee = { level: r.assignee_level, regionId: r.assignee_region_id };
  return ev;
}

async function historyOf(sql: Sql, rows: EventRow[]): Promise<Map<string, HistoryRow[]>> {
  const byEvent = new Map<string, HistoryRow[]>();
  if (rows.length === 0) return byEvent;
  const history = await sql.query<HistoryRow & Record<string, unknown>>(
    'SELECT event_id, at, action, actor, from_status, to_status, note FROM event_history WHERE event_id = ANY($1::text[]) ORDER BY event_id, id',
    [rows.map((r) => r.id)],
  );
  for (const h of history) {
    const list = byEvent.get(h.event_id);
    if (list) list.push(h);
    else byEvent.set(h.event_id, [h]);
  }
  return byEvent;
}

/** The events of these rows, with their history, in the rows' order (UnreadableEvent for a bad one). */
export async function withHistory(sql: Sql, rows: EventRow[]): Promise<IocEvent[]> {
  const byEvent = await historyOf(sql, rows);
  return rows.map((r) => toEvent(r, byEvent.get(r.id) ?? []));
}

/**
 * As withHistory, for a list: a row that cannot be read back (UnreadableEvent) is left out
 * and reported in `skipped`, so one bad row never fails the whole list.
 */
export async function readableEvents(
  sql: Sql,
  rows: EventRow[],
): Promise<{ events: IocEvent[]; skipped: { id: string; reason: string }[] }> {
  const byEvent = await historyOf(sql, rows);
  const events: IocEvent[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const r of rows) {
    try {
      events.push(toEvent(r, byEvent.get(r.id) ?? []));
    } catch (e) {
      if (!(e instanceof UnreadableEvent)) throw e;
      skipped.push({ id: r.id, reason: e.message });
    }
  }
  return { events, skipped };
}

/** Parameters of an events row for the event (insert or update). */
export function eventParams(regions: RegionIndex, ev: IocEvent): unknown[] {
  const a = ev.assignee;
  const assigneeStreet = a && a.level !== 'district' ? (regions.streetOf(a.regionId)?.id ?? null) : null;
  return [
    ev.id,
    ev.source,
    ev.category,
    ev.title,
    ev.description,
    ev.severity,
    ev.status,
    ev.regionId,
    ev.communityId ?? null,
    ev.location[0],
    ev.location[1],
    ev.reportedAt,
    ev.dueAt,
    ev.updatedAt,
    a?.level ?? null,
    a?.regionId ?? null,
    assigneeStreet,
  ];
}

/** The columns of eventParams, with their SQL types: rows sent as JSON (json_to_recordset). */
export const EVENT_PARAM_COLUMNS = [
  ['id', 'text'],
  ['source', 'text'],
  ['category', 'text'],
  ['title', 'text'],
  ['description', 'text'],
  ['severity', 'int'],
  ['status', 'text'],
  ['region_id', 'text'],
  ['community_id', 'text'],
  ['lng', 'float8'],
  ['lat', 'float8'],
  ['reported_at', 'timestamptz'],
  ['due_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['assignee_level', 'text'],
  ['assignee_region_id', 'text'],
  ['assignee_street_id', 'text'],
] as const;

/** An event as a JSON row for EVENT_PARAM_COLUMNS. */
export function eventRow(regions: RegionIndex, ev: IocEvent): Record<string, unknown> {
  return Object.fromEntries(eventParams(regions, ev).map((v, i) => [EVENT_PARAM_COLUMNS[i]?.[0], v]));
}

/** `INSERT INTO events … SELECT … FROM json_to_recordset($n)` of such rows, with `extra` columns of their own. */
export function insertEventRows(param: number, extra: readonly (readonly [string, string])[] = []): string {
  const all = [...EVENT_PARAM_COLUMNS, ...extra];
  const names = all.map(([c]) => c).join(', ');
  return `INSERT INTO events (${names}, location)
    SELECT ${names}, ST_SetSRID(ST_MakePoint(lng, lat), 4326)
    FROM json_to_recordset($${param}::json) AS r(${all.map(([c, t]) => `${c} ${t}`).join(', ')})`;
}

export const INSERT_EVENT = `INSERT INTO events (id, source, category, title, description, severity, status, region_id, community_id, lng, lat, location, reported_at, due_at, updated_at, assignee_level, assignee_region_id, assignee_street_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, ST_SetSRID(ST_MakePoint($10, $11), 4326), $12, $13, $14, $15, $16, $17)`;

export const UPDATE_EVENT = `UPDATE events SET status = $2, updated_at = $3, assignee_level = $4, assignee_region_id = $5, assignee_street_id = $6
WHERE id = $1`;

/** Parameters of UPDATE_EVENT: what an action may change. */
export function updateParams(regions: RegionIndex, ev: IocEvent): unknown[] {
  const p = eventParams(regions, ev);
  return [ev.id, ev.status, ev.updatedAt, p[14], p[15], p[16]];
}

export const INSERT_HISTORY = `INSERT INTO event_history (event_id, at, action, actor, from_status, to_status, note, actor_key, client_action_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`;

/** A caller's idempotency key: whose it is (the caller's stable key) and the key itself. */
export interface ClientKey {
  owner: string;
  id: string;
}

export function historyParams(eventId: string, h: HistoryEntry, key: ClientKey | null): unknown[] {
  return [
    eventId,
    h.at,
    h.action,
    h.by,
    h.fromStatus,
    h.toStatus,
    h.note ?? null,
    key?.owner ?? null,
    key?.id ?? null,
  ];
}

/**
 * The SQL condition "event e belongs to the region in `region`", a placeholder (API.md: a
 * street's events happened there or are assigned to it or one of its communities), as the
 * mock's eventInRegion.
 */
export function eventInRegionSql(level: 'district' | 'street' | 'community', region: string): string {
  if (level === 'district') return 'true';
  if (level === 'street') return `(e.region_id = ${region} OR e.assignee_street_id = ${region})`;
  return `(e.community_id = ${region} OR e.assignee_region_id = ${region})`;
}
