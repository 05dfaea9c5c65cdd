/**
 * One event as of a moment, and the changes between two moments (docs/API.md "Replay"). As
 * listAsOf: SQL picks the candidates with the current rows' scope (a superset of the scope
 * then), the domain's replay cuts each event, and the scope then decides.
 */
import type { EventChange, IocEvent } from '@ioc/contract/contract';
import { encodeChangeCursor } from '@ioc/contract/cursor';
import { eventAsOf, eventAtVersion } from '@ioc/domain/events/asof';
import { eventInRegion } from '@ioc/domain/events/scope';
import type { Region, RegionIndex } from '@ioc/domain/regions';
import type { Sql } from '../db/driver';
import { Params } from '../db/params';
import { EVENT_COLUMNS, type EventRow, eventInRegionSql, readableEvents } from './rows';

const iso = (ms: number) => new Date(ms).toISOString();
const inScope = (regions: RegionIndex, region: Region, ev: IocEvent) =>
  region.level === 'district' || eventInRegion(regions, ev, region.id);

async function eventsByIds(db: Sql, region: Region, ids: string[]): Promise<Map<string, IocEvent>> {
  const params = new Params([ids]);
  const scope = region.level === 'district' ? 'true' : eventInRegionSql(region.level, params.add(region.id));
  const rows = await db.query<EventRow & Record<string, unknown>>(
    `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = ANY($1::text[]) AND ${scope}`,
    params.values,
  );
  // A row the API cannot represent is left out, as the lists leave it out.
  const { events } = await readableEvents(db, rows);
  return new Map(events.map((ev) => [ev.id, ev]));
}

/** The event now (at null) or as it was at `at`; null when unknown then or outside the region. */
export async function eventAt(
  db: Sql,
  regions: RegionIndex,
  q: { id: string; at: number | null; region: Region },
): Promise<IocEvent | null> {
  const ev = (await eventsByIds(db, q.region, [q.id])).get(q.id);
  const then = ev && (q.at === null ? ev : eventAsOf(regions, ev, q.at));
  return then && inScope(regions, q.region, then) ? then : null;
}

export interface ChangesQuery {
  from: number;
  to: number;
  region: Region;
  limit: number;
  cursor: { sec: number; id: string; version: number } | null;
}

/**
 * The history entries in (from, to], by (at, event id, version). The version (the entry's
 * place in its event's history) is counted only for the page's rows and the cursor's second.
 */
export async function changesIn(
  db: Sql,
  regions: RegionIndex,
  q: ChangesQuery,
): Promise<{ items: EventChange[]; nextCursor: string | null }> {
  const params = new Params([iso(q.from), iso(q.to)]);
  const p = (v: unknown) => params.add(v);
  const where = ['h.at > $1', 'h.at <= $2'];
  if (q.region.level !== 'district') where.push(eventInRegionSql(q.region.level, p(q.region.id)));
  const versionOf = (h: string) =>
    `(SELECT count(*) FROM event_history v WHERE v.event_id = ${h}.event_id AND v.id <= ${h}.id)`;
  if (q.cursor) {
    const [c, id] = [p(iso(q.cursor.sec * 1000)), p(q.cursor.id)];
    // The plain bound lets the index scan start at the cursor, not at `from`.
    where.push(
      `h.at >= ${c}`,
      `(h.at > ${c} OR (h.at = ${c} AND (h.event_id > ${id}
      OR (h.event_id = ${id} AND ${versionOf('h')} > ${p(q.cursor.version)}))))`,
    );
  }
  const rows = await db.query<{ event_id: string; at: Date; version: number }>(
    `SELECT r.event_id, r.at, ${versionOf('r')}::int AS version FROM (
       SELECT h.id, h.event_id, h.at FROM event_history h JOIN events e ON e.id = h.event_id
       WHERE ${where.join(' AND ')} ORDER BY h.at, h.event_id, h.id LIMIT ${p(q.limit + 1)}) r
     ORDER BY r.at, r.event_id, r.id`,
    params.values,
  );
  const page = rows.slice(0, q.limit);
  const events = await eventsByIds(db, q.region, [...new Set(page.map((r) => r.event_id))]);
  const items: EventChange[] = [];
  for (const r of page) {
    const ev = events.get(r.event_id);
    const then = ev && eventAtVersion(regions, ev, r.version);
    if (then && inScope(regions, q.region, then)) items.push({ at: then.updatedAt, event: then });
  }
  // As the replayed list: the cursor follows the last row read, kept or not.
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > q.limit && last
      ? encodeChangeCursor({
          sec: Math.floor(last.at.getTime() / 1000),
          id: last.event_id,
          version: last.version,
        })
      : null;
  return { items, nextCursor };
}
