/**
 * Replay from the rows: event_history is append-only, so the last entry at or before a
 * moment is the event's state then. SQL picks and orders the candidates by that entry; the
 * domain's replay (eventAsOf, milestonesOf) cuts each one, as the mock does, so both answer
 * alike. Scope is asked of the current rows first (a replayed assignee is the current one or
 * a region above it, so that is a superset) and then of the event as it was.
 *
 * A jump reads the moment's working set, not the history before it: the list walks the
 * history backwards from the moment (event_history_at) and keeps each event's last entry
 * then; the figures read only the events that can count at the moment (candidatesAt).
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

/** The last history entry of event `e` at or before the moment in `param`: its state then. */
export const entryAt = (param: string) =>
  `LATERAL (SELECT h.at AS upd, h.to_status FROM event_history h
     WHERE h.event_id = e.id AND h.at <= ${param} ORDER BY h.id DESC LIMIT 1) k`;

/**
 * The events (`columns` of them) a figure at the moment `at` can count: reported or due in
 * the day before it (every windowed figure looks no further back), or open then. Open then
 * is either alive across the moment (reported before it, changed after it: the GiST index
 * of 0011) or unchanged since and open now; an event settled and untouched before the
 * moment counts nowhere, so the days behind it are never read.
 */
export const candidatesAt = (columns: string, at: string, dayBefore: string) =>
  [
    `reported_at > ${dayBefore} AND reported_at <= ${at}`,
    `due_at > ${dayBefore} AND due_at <= ${at} AND reported_at <= ${at}`,
    `tstzrange(reported_at, greatest(reported_at, updated_at), '[]') @> ${at}::timestamptz`,
    `status <> 'closed' AND updated_at <= ${at} AND reported_at <= ${at}`,
  ]
    .map((where) => `SELECT ${columns} FROM events WHERE ${where}`)
    .join(' UNION ');

/** The event's columns, qualified: the history beside them has an id too. */
const COLUMNS = EVENT_COLUMNS.split(', ')
  .map((c) => `e.${c}`)
  .join(', ');

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
  // h is an entry at or before the moment with none after it then: its event's last.
  const where = [
    `h.at <= ${at}`,
    `NOT EXISTS (SELECT 1 FROM event_history n WHERE n.event_id = h.event_id AND n.id > h.id AND n.at <= ${at})`,
    `e.reported_at <= ${at}`,
    `h.at >= ${p(iso(TIME_MIN_MS))}`,
  ];
  if (q.region.level !== 'district') where.push(eventInRegionSql(q.region.level, p(q.region.id)));
  if (q.statuses) where.push(`h.to_status = ANY(${p(q.statuses)}::text[])`);
  if (q.sources) where.push(`e.source = ANY(${p(q.sources)}::text[])`);
  if (q.since !== null) where.push(`h.at >= ${p(iso(q.since))}`);
  if (q.cursor) {
    const c = p(iso(q.cursor.sec * 1000));
    where.push(`(h.at < ${c} OR (h.at = ${c} AND h.event_id < ${p(q.cursor.id)}))`);
  }
  // Ordered as event_history_at is, so the walk stops at the page's end.
  const rows = await db.query<EventRow & { upd: Date } & Record<string, unknown>>(
    `SELECT ${COLUMNS}, h.at AS upd FROM event_history h JOIN events e ON e.id = h.event_id
     WHERE ${where.join(' AND ')} ORDER BY h.at DESC, h.event_id DESC LIMIT ${p(q.limit + 1)}`,
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
