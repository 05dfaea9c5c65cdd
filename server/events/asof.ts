/**
 * Replay from the rows: event_history is append-only, so the last entry at or before a
 * moment is the event's state then. SQL picks and orders the candidates by that entry; the
 * domain's replay (eventAsOf, milestonesOf) cuts each one, as the mock does, so both answer
 * alike. Scope is asked of the current rows first (a replayed assignee is the current one or
 * a region above it, so that is a superset) and then of the event as it was.
 *
 * A jump reads the moment's working set, not the history before it: the list reads the
 * newest events unchanged since and those alive across the moment; the figures only the
 * events that can count at the moment (candidatesAt).
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
import { kpiMilestones } from '../kpis/crossings';
import { switchMilestones } from './emergency';

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
  const limit = p(q.limit + 1);
  const common = [`e.reported_at <= ${at}`];
  if (q.region.level !== 'district') common.push(eventInRegionSql(q.region.level, p(q.region.id)));
  if (q.sources) common.push(`e.source = ANY(${p(q.sources)}::text[])`);
  const statuses = q.statuses && p(q.statuses);
  const min = p(iso(TIME_MIN_MS));
  const since = q.since !== null && p(iso(q.since));
  const cursor = q.cursor && { at: p(iso(q.cursor.sec * 1000)), id: p(q.cursor.id) };
  // The filters on an event's state then, its last change (upd) and status (st).
  const stateFilters = (upd: string, st: string) => [
    ...common,
    `${upd} >= ${min}`,
    ...(statuses ? [`${st} = ANY(${statuses}::text[])`] : []),
    ...(since ? [`${upd} >= ${since}`] : []),
    ...(cursor ? [`(${upd} < ${cursor.at} OR (${upd} = ${cursor.at} AND e.id < ${cursor.id}))`] : []),
  ];
  // An event unchanged since the moment was then as it is now (its last change is its
  // updated_at): the newest of those are read in events_updated's order. The others known
  // then are alive across the moment (the GiST index of 0011), each replayed from history.
  const rows = await db.query<EventRow & { upd: Date } & Record<string, unknown>>(
    `SELECT * FROM (
       (SELECT ${EVENT_COLUMNS}, e.updated_at AS upd FROM events e
        WHERE e.updated_at <= ${at} AND ${stateFilters('e.updated_at', 'e.status').join(' AND ')}
        ORDER BY e.updated_at DESC, e.id DESC LIMIT ${limit})
       UNION ALL
       (SELECT ${EVENT_COLUMNS}, k.upd FROM events e CROSS JOIN ${entryAt(at)}
        WHERE tstzrange(e.reported_at, greatest(e.reported_at, e.updated_at), '[]') @> ${at}::timestamptz
          AND e.updated_at > ${at} AND ${stateFilters('k.upd', 'k.to_status').join(' AND ')})
     ) c ORDER BY upd DESC, id DESC LIMIT ${limit}`,
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
  // An event reported or dispatched in the range was alive across it (reported before, last
  // changed after): the GiST index on that span (events_alive) and the due_at index find the
  // candidates, instead of every event reported before the range's end (PostgreSQL at 90 days:
  // 450 ms before, 16 ms now).
  const rows = await db.query<EventRow & Record<string, unknown>>(
    `SELECT ${EVENT_COLUMNS} FROM events e
     WHERE e.severity = $1 AND e.reported_at <= $3 AND ${scope} AND (${inRange('e.due_at')} OR (
       tstzrange(e.reported_at, greatest(e.reported_at, e.updated_at), '[]')
         && tstzrange($2::timestamptz, $3::timestamptz, '[]')
       AND EXISTS (SELECT 1 FROM event_history h WHERE h.event_id = e.id
         AND h.action IN ('report', 'dispatch') AND ${inRange('h.at')})))`,
    params.values,
  );
  const { events } = await readableEvents(db, rows);
  const keep = (then: IocEvent) => q.region.level === 'district' || eventInRegion(regions, then, q.region.id);
  const all = [
    ...events.flatMap((ev) => milestonesOf(regions, ev, q.from, q.to, keep)),
    ...(await switchMilestones(db, regions, q)),
    ...(await kpiMilestones(db, q)),
  ];
  all.sort(milestoneOrder);
  return { items: all.slice(0, q.limit), truncated: all.length > q.limit };
}
