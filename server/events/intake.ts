/**
 * Events reported by other systems (POST /events with an intake token): each becomes a
 * reported event of the district, once per (source, externalId) however often it is sent,
 * published on the stream like any other change. A batch is written in one transaction.
 */
import { randomBytes } from 'node:crypto';
import { SOURCE_BY_ID } from '../../mock-server/events/categories';
import { dueMsFor } from '../../mock-server/events/compose';
import type { RegionIndex } from '../../mock-server/regions';
import { formatIso, parseIso } from '../../mock-server/time';
import type { IntakeEvent, IntakeResult, IocEvent } from '../../src/api/contract';
import type { Db, Sql } from '../db/driver';
import type { ActScope } from './store';
import { eventParams, historyParams } from './rows';
import { publishAll } from './store';

/** A reporting system's clock may run this far ahead of ours. */
const FUTURE_SKEW_MS = 5 * 60_000;
const DEFAULT_DUE_MS = 24 * 3600_000;

export type Refusal = { status: 400 | 403; field: string; message: string };

/**
 * The event an intake item describes, or why it cannot be one: the street and community
 * come from the location, which must lie in the caller's region.
 */
export function intakeEvent(
  regions: RegionIndex,
  item: IntakeEvent,
  scope: ActScope,
  by: string,
  now: number,
): IocEvent | Refusal {
  const street = regions.streetAt(item.location);
  if (!street)
    return {
      status: 400,
      field: 'location',
      message: `[${item.location.join(', ')}] lies in no street of the district (the data CRS is GCJ-02)`,
    };
  const community = regions.communityAt(street.id, item.location);
  const inside =
    scope.kind === 'district' ||
    (scope.kind === 'street' ? street.id === scope.streetId : community?.id === scope.communityId);
  if (!inside) return { status: 403, field: 'location', message: "lies outside the token's region" };
  const reported = item.reportedAt === undefined ? now : parseIso(item.reportedAt);
  if (reported > now + FUTURE_SKEW_MS)
    return { status: 400, field: 'reportedAt', message: 'is in the future' };
  const def = SOURCE_BY_ID.get(item.source);
  const due =
    item.dueAt === undefined
      ? reported + (def ? dueMsFor(def, item.severity) : DEFAULT_DUE_MS)
      : parseIso(item.dueAt);
  if (due < reported) return { status: 400, field: 'dueAt', message: 'is before reportedAt' };
  const reportedAt = formatIso(reported);
  const ev: IocEvent = {
    // Unique without a shared counter: milliseconds and 40 random bits.
    id: `EV-in-${now.toString(36)}${randomBytes(5).toString('hex')}`,
    source: item.source,
    category: item.category,
    title: item.title,
    description: item.description ?? '',
    severity: item.severity,
    status: 'reported',
    regionId: street.id,
    location: item.location,
    reportedAt,
    dueAt: formatIso(due),
    updatedAt: formatIso(Math.max(now, reported)),
    history: [{ at: reportedAt, action: 'report', by, fromStatus: null, toStatus: 'reported' }],
  };
  if (community) ev.communityId = community.id;
  return ev;
}

const key = (source: string, externalId: string) => `${source}\u0000${externalId}`;

const EVENT_COLUMNS = [
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
const COLS = EVENT_COLUMNS.map(([c]) => c).join(', ');

/**
 * Writes the events (item i is events[i]) in one transaction: new ones are inserted with
 * their report and published, in the request's order; one already known by its (source,
 * externalId) is answered with its id and left alone. Rows are inserted in key order, so two
 * overlapping batches cannot deadlock.
 */
export async function writeIntake(
  db: Db,
  regions: RegionIndex,
  items: IntakeEvent[],
  events: IocEvent[],
): Promise<{ results: IntakeResult[]; published: number }> {
  return db.transaction(async (tx) => {
    const first = new Map<string, number>();
    items.forEach((it, i) => {
      if (!first.has(key(it.source, it.externalId))) first.set(key(it.source, it.externalId), i);
    });
    const fresh = [...first.values()];
    const rows = fresh.map((i) => ({
      ...Object.fromEntries(
        eventParams(regions, events[i] as IocEvent).map((v, c) => [EVENT_COLUMNS[c]?.[0], v]),
      ),
      external_id: (items[i] as IntakeEvent).externalId,
    }));
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO events (${COLS}, location, external_id)
       SELECT ${COLS}, ST_SetSRID(ST_MakePoint(lng, lat), 4326), external_id
       FROM json_to_recordset($1::json) AS r(${EVENT_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ')}, external_id text)
       ORDER BY source, external_id
       ON CONFLICT (source, external_id) DO NOTHING RETURNING id`,
      [JSON.stringify(rows)],
    );
    const created = new Set(inserted.map((r) => r.id));
    const known = await knownIds(
      tx,
      fresh.filter((i) => !created.has((events[i] as IocEvent).id)).map((i) => items[i] as IntakeEvent),
    );
    const news = fresh.filter((i) => created.has((events[i] as IocEvent).id)).sort((a, b) => a - b);
    let published = 0;
    if (news.length > 0) {
      const history = await tx.query<{ id: number; event_id: string }>(
        `INSERT INTO event_history (event_id, at, action, actor, from_status, to_status, note)
         SELECT event_id, at, action, actor, from_status, to_status, note
         FROM json_to_recordset($1::json) AS r(event_id text, at timestamptz, action text, actor text,
           from_status text, to_status text, note text, n int)
         ORDER BY n RETURNING id, event_id`,
        [
          JSON.stringify(
            news.map((i, n) => {
              const ev = events[i] as IocEvent;
              const [event_id, at, action, actor, from_status, to_status, note] = historyParams(
                ev.id,
                ev.history[0] as IocEvent['history'][0],
                null,
              );
              return { event_id, at, action, actor, from_status, to_status, note, n };
            }),
          ),
        ],
      );
      const historyOf = new Map(history.map((h) => [h.event_id, h.id]));
      published = await publishAll(
        tx,
        news.map((i) => {
          const ev = events[i] as IocEvent;
          return { eventId: ev.id, historyId: historyOf.get(ev.id) ?? null, doc: JSON.stringify(ev) };
        }),
      );
    }
    return {
      results: items.map((it, i) => {
        const k = key(it.source, it.externalId);
        const j = first.get(k) as number;
        const mine = (events[j] as IocEvent).id;
        if (created.has(mine)) return { externalId: it.externalId, id: mine, created: i === j };
        const id = known.get(k);
        if (id === undefined)
          throw new Error(`event ${it.source}/${it.externalId} neither inserted nor found`);
        return { externalId: it.externalId, id, created: false };
      }),
      published,
    };
  });
}

async function knownIds(tx: Sql, items: IntakeEvent[]): Promise<Map<string, string>> {
  if (items.length === 0) return new Map();
  const rows = await tx.query<{ id: string; source: string; external_id: string }>(
    `SELECT e.id, e.source, e.external_id FROM events e
     JOIN json_to_recordset($1::json) AS r(source text, external_id text)
       ON e.source = r.source AND e.external_id = r.external_id`,
    [JSON.stringify(items.map((it) => ({ source: it.source, external_id: it.externalId })))],
  );
  return new Map(rows.map((r) => [key(r.source, r.external_id), r.id]));
}

/**
 * Takes `n` events' worth from the token's bucket, shared by every instance on this
 * database: 0 when granted, else the seconds until it would be. Its own statement, never in
 * an event's transaction (see migration 0005).
 */
export async function takeIntake(
  db: Sql,
  tokenId: string,
  limit: { rate: number; burst: number },
  n: number,
): Promise<number> {
  const [r] = await db.query<{ wait: number }>('SELECT ioc_intake_take($1, $2, $3, $4) AS wait', [
    tokenId,
    limit.rate,
    limit.burst,
    n,
  ]);
  return r?.wait ?? 0;
}
