/**
 * Events reported by other systems (POST /events with an intake token; the body is the
 * contract's, its key @ioc/domain/intake's, as the demo reads it): each becomes a reported event of the district,
 * once per (source, externalId) however often it is sent, published on the stream like any
 * other change. A batch is written in one transaction.
 */
import { randomBytes } from 'node:crypto';
import { intakeKey } from '@ioc/domain/intake';
import type { RegionIndex } from '@ioc/domain/regions';
import { INTAKE_BATCH_MAX, type IntakeEvent, type IntakeResult, type IocEvent } from '@ioc/contract/contract';
import type { Db, Sql } from '../db/driver';
import { eventRow, historyParams, insertEventRows } from './rows';
import { publishAll } from './store';

/** A new event's id, unique without a shared counter: milliseconds and 40 random bits. */
export const newIntakeId = (now: number) => `EV-in-${now.toString(36)}${randomBytes(5).toString('hex')}`;

const key = intakeKey;

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
      ...eventRow(regions, events[i] as IocEvent),
      external_id: (items[i] as IntakeEvent).externalId,
    }));
    // The reports of the new events go in with them, in the request's order, in one statement.
    const reports = fresh.map((i) => {
      const ev = events[i] as IocEvent;
      const h = ev.history[0] as IocEvent['history'][0];
      const [event_id, at, action, actor, from_status, to_status, note] = historyParams(ev.id, h, null);
      return { event_id, at, action, actor, from_status, to_status, note, n: i };
    });
    const inserted = await tx.query<{ id: string; history_id: number }>(
      `WITH e AS (${insertEventRows(1, [['external_id', 'text']])}
         ORDER BY source, external_id
         ON CONFLICT (source, external_id) DO NOTHING RETURNING id),
       h AS (
         INSERT INTO event_history (event_id, at, action, actor, from_status, to_status, note)
         SELECT r.event_id, r.at, r.action, r.actor, r.from_status, r.to_status, r.note
         FROM json_to_recordset($2::json) AS r(event_id text, at timestamptz, action text, actor text,
           from_status text, to_status text, note text, n int)
         JOIN e ON e.id = r.event_id ORDER BY r.n RETURNING id, event_id)
       SELECT event_id AS id, id AS history_id FROM h`,
      [JSON.stringify(rows), JSON.stringify(reports)],
    );
    const historyOf = new Map(inserted.map((r) => [r.id, r.history_id]));
    const created = new Set(historyOf.keys());
    const known = await knownIds(
      tx,
      fresh.filter((i) => !created.has((events[i] as IocEvent).id)).map((i) => items[i] as IntakeEvent),
    );
    const news = fresh.filter((i) => created.has((events[i] as IocEvent).id));
    const published =
      news.length === 0
        ? 0
        : await publishAll(
            tx,
            news.map((i) => {
              const ev = events[i] as IocEvent;
              return { eventId: ev.id, historyId: historyOf.get(ev.id) ?? null, doc: JSON.stringify(ev) };
            }),
          );
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

interface Pending {
  items: IntakeEvent[];
  events: IocEvent[];
  resolve(results: IntakeResult[]): void;
  reject(e: unknown): void;
}

/**
 * Group commit for intake: requests that arrive while this instance's intake transaction
 * is running are written together in the next one (up to a batch's size), each answered
 * with its own results once that transaction has committed. One system's thousand single
 * reports a second then cost tens of transactions, not a thousand queued on the stream's
 * counter. An idle instance writes a request at once. If a shared transaction fails, its
 * requests are written again one by one, so one request's failure is no other's.
 */
export class IntakeWriter {
  private readonly queue: Pending[] = [];
  private running = false;

  constructor(
    private readonly db: Db,
    private readonly regions: RegionIndex,
    /** Called after a commit that published something (to wake the stream). */
    private readonly onPublished: () => void,
  ) {}

  write(items: IntakeEvent[], events: IocEvent[]): Promise<IntakeResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ items, events, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.queue.length > 0) {
      const group: Pending[] = [];
      let size = 0;
      while (
        this.queue.length > 0 &&
        (group.length === 0 || size + (this.queue[0] as Pending).items.length <= INTAKE_BATCH_MAX)
      ) {
        const p = this.queue.shift() as Pending;
        group.push(p);
        size += p.items.length;
      }
      try {
        const out = await writeIntake(
          this.db,
          this.regions,
          group.flatMap((p) => p.items),
          group.flatMap((p) => p.events),
        );
        if (out.published > 0) this.onPublished();
        let k = 0;
        for (const p of group) {
          p.resolve(out.results.slice(k, k + p.items.length));
          k += p.items.length;
        }
      } catch (e) {
        if (group.length === 1) (group[0] as Pending).reject(e);
        else for (const p of group) await this.alone(p);
      }
    }
    this.running = false;
  }

  private async alone(p: Pending): Promise<void> {
    try {
      const out = await writeIntake(this.db, this.regions, p.items, p.events);
      if (out.published > 0) this.onPublished();
      p.resolve(out.results);
    } catch (e) {
      p.reject(e);
    }
  }
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
