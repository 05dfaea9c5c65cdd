/**
 * Replay from the rows: event_history is append-only, so the last entry at or before a
 * moment is the event's state then. SQL picks and orders the candidates by that entry; the
 * domain's replay (eventAsOf, milestonesOf) cuts each one, as the mock does, so both answer
 * alike. Scope is asked of the current rows first (a replayed assignee is the current one or
 * a region above it, so that is a superset) and then of the event as it was.
 */
import { CRITICAL_SEVERITY, type IocEvent, type Milestone } from '@ioc/contract/contract';
import { encodeCursor } from '@ioc/contract/cursor';
import { TIME_MIN_MS } from '@ioc/contract/input';
import { eventAsOf, milestoneOrder, milestonesOf } from '@ioc/domain/events/asof';
import { eventInRegion } from '@ioc/domain/events/scope';
import type { Region, RegionIndex } from '@ioc/domain/regions';
import type { Sql } from '../db/driver';
import { EVENT_COLUMNS, type EventRow, eventInRegionSql, readableEvents } from './rows';
import { Params } from '../db/params';

/** The last history entry of each event at or before the moment in `param`. */
export const lastEntryAt = (param: string) =>
  `SELECT DISTINCT ON (h.event_id) h.event_id, h.at AS upd, h.to_status
   FROM event_history h WHERE h.at <= ${param} ORDER BY h.event_id, h.id DESC`;

export interface AsOfQuery {
  at: number;
  region: Region;
  statuses: string[] | null;
  sources: string[] | null;
  since: number | null;
  limit: number;
  cursor: { sec: number; id: string } | null;
}

export interface AsOfPage {
  items: IocEvent[];
  nextCursor: string | null;
  skipped: { id: string; reason: string }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function listAsOf(db: Sql, regions: RegionIndex, q: AsOfQuery): Promise<AsOfPage> {
  const params = new Params();
  const p = (v: unknown) => params.add(v);
  const at = p(iso(q.at));
  const where = [`e.reported_at <= ${at}`, `k.upd >= ${p(iso(TIME_MIN_MS))}`];
  if (q.region.level !== 'district') where.push(eventInRegionSql(q.region.level, p(q.region.id)));
  if (q.statuses) where.push(`k.to_status = ANY(${p(q.statuses)}::text[])`);
  if (q.sources) where.push(`e.source = ANY(${p(q.sources)}::text[])`);
  if (q.since !== null) where.push(`k.upd >= ${p(iso(q.since))}`);
  if (q.cursor) {
    const c = p(iso(q.cursor.sec * 1000));
    where.push(`(k.upd < ${c} OR (k.upd = ${c} AND e.id < ${p(q.cursor.id)}))`);
  }
  const rows = await db.query<EventRow & { upd: Date } & Record<string, unknown>>(
    `WITH k AS (${lastEntryAt(at)})
     SELECT ${EVENT_COLUMNS}, k.upd FROM events e JOIN k ON k.event_id = e.id
     WHERE ${where.join(' AND ')} ORDER BY k.upd DESC, e.id DESC LIMIT ${p(q.limit + 1)}`,
    params.values,
  );
  const page = rows.slice(0, q.limit);
  const { events, skipped } = await readableEvents(db, page);
  const items: IocEvent[] = [];
  for (const ev of events) {
    const then = eventAsOf(regions, ev, q.at);
    if (!then) continue;
    if (q.region.level !== 'district' && !eventInRegion(regions, then, q.region.id)) continue;
    items.push(then);
  }
  // As the live list: the cursor follows the last row read, kept or not.
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > q.limit && last
      ? encodeCursor({ sec: Math.floor(last.upd.getTime() / 1000), id: last.id })
      : null;
  return { items, nextCursor, skipped };
}

export interface MilestoneQuery {
  from: number;
  to: number;
  region: Region;
  limit: number;
}

export async function milestonesIn(
  db: Sql,
  regions: RegionIndex,
  q: MilestoneQuery,
): Promise<{ items: Milestone[]; truncated: boolean }> {
  const params = new Params([CRITICAL_SEVERITY, iso(q.from), iso(q.to)]);
  const inRange = (col: string) => `(${col} >= $2 AND ${col} <= $3)`;
  const scope =
    q.region.level === 'district' ? 'true' : eventInRegionSql(q.region.level, params.add(q.region.id));
  const rows = await db.query<EventRow & Record<string, unknown>>(
    `SELECT ${EVENT_COLUMNS} FROM events e
     WHERE e.severity = $1 AND e.reported_at <= $3 AND ${scope} AND (${inRange('e.due_at')} OR EXISTS (
       SELECT 1 FROM event_history h WHERE h.event_id = e.id
         AND h.action IN ('report', 'dispatch') AND ${inRange('h.at')}))`,
    params.values,
  );
  const { events } = await readableEvents(db, rows);
  const keep = (then: IocEvent) => q.region.level === 'district' || eventInRegion(regions, then, q.region.id);
  const all = events.flatMap((ev) => milestonesOf(regions, ev, q.from, q.to, keep));
  all.sort(milestoneOrder);
  return { items: all.slice(0, q.limit), truncated: all.length > q.limit };
}
