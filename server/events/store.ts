/**
 * Events in the database: reports and actions written in one transaction each, and the
 * log the stream reads.
 *
 * Commit order. Every change takes its stream sequence number from the one-row table
 * stream_counter (`UPDATE … RETURNING`) as the last step before COMMIT. The row lock that
 * update takes is held until the transaction ends, so a second writer waits at that step
 * until the first has committed (or rolled back) and then gets the next number: numbers
 * become visible in exactly the order they are handed out. A reader that has seen seq n
 * can therefore never later find a committed n-1, on PGlite (one connection, transactions
 * serialised) and on PostgreSQL with many connections alike; the stream simply follows
 * `seq > last`. The cost is that writers queue for a few statements each, well within an
 * operations center's few events a second. (A sequence or identity column would not do:
 * a slower transaction can commit a smaller number after a larger one is visible.)
 */
import { applyAction } from '@ioc/domain/events/lifecycle';
import type { Scope } from '@ioc/domain/events/scope';
import type { RegionIndex } from '@ioc/domain/regions';
import { formatIso } from '@ioc/domain/time';
import type { ActionRequest, IocEvent } from '@ioc/contract/contract';
import { type Db, isUniqueViolation, type Sql } from '../db/driver';
import {
  EVENT_COLUMNS,
  type ClientKey,
  type EventRow,
  eventInRegionSql,
  eventParams,
  historyParams,
  INSERT_EVENT,
  INSERT_HISTORY,
  UPDATE_EVENT,
  updateParams,
  withHistory,
} from './rows';

export interface LogEntry {
  seq: number;
  doc: string;
}

export type ActResult =
  | { ok: true; json: string; event: IocEvent | null; replayed: boolean }
  | {
      ok: false;
      status: 400 | 403 | 404 | 409;
      code: string;
      message: string;
      /** With 409 `stale_version`: the event as it is now. */
      current?: IocEvent;
    };

/** The caller's authority for an action: the mock's scopes, plus a community. */
/** Where a caller may act: the domain's scope (district, street or community). */
export type ActScope = Scope;

/** Who acts: where they may act, the name history shows, and the stable key their idempotency keys belong to. */
export interface Actor {
  scope: ActScope;
  by: string;
  key: string;
}

/** Where every committed change is announced, so other instances read the log at once. */
export const EVENTS_CHANNEL = 'ioc_events';

/** A change to publish: the event, the history entry it adds (if any), the event as sent. */
export interface Change {
  eventId: string;
  historyId: number | null;
  doc: string;
}

/**
 * Takes the next sequence numbers, logs the changes (in their order) and announces them, in
 * one statement that must be the last before COMMIT (see above). The NOTIFY is delivered
 * only if the transaction commits; it only wakes readers sooner, since they follow the log
 * by seq. Returns the last number taken.
 */
export async function publishAll(tx: Sql, changes: Change[]): Promise<number> {
  const [c] = await tx.query<{ seq: number }>(
    `WITH c AS (UPDATE stream_counter SET seq = seq + $1 RETURNING seq),
       l AS (INSERT INTO event_log (seq, event_id, history_id, doc)
         SELECT c.seq - $1 + r.n, r.event_id, r.history_id, r.doc
         FROM c, json_to_recordset($2::json) AS r(n int, event_id text, history_id bigint, doc text)
         RETURNING seq)
     SELECT max(seq) AS seq, pg_notify('${EVENTS_CHANNEL}', max(seq)::text) FROM l`,
    [
      changes.length,
      JSON.stringify(
        changes.map((ch, i) => ({ n: i + 1, event_id: ch.eventId, history_id: ch.historyId, doc: ch.doc })),
      ),
    ],
  );
  return c?.seq as number;
}

/** One change published (see publishAll). */
export function publish(tx: Sql, eventId: string, historyId: number | null, doc: string): Promise<number> {
  return publishAll(tx, [{ eventId, historyId, doc }]);
}

export class EventStore {
  constructor(
    private readonly db: Db,
    private readonly regions: RegionIndex,
  ) {}

  /** A new event (status reported, one history entry), published on the stream. */
  async create(ev: IocEvent): Promise<number> {
    return this.db.transaction(async (tx) => {
      await tx.query(INSERT_EVENT, eventParams(this.regions, ev));
      let lastId: number | null = null;
      for (const h of ev.history) {
        const [row] = await tx.query<{ id: number }>(INSERT_HISTORY, historyParams(ev.id, h, null));
        lastId = row?.id ?? null;
      }
      return publish(tx, ev.id, lastId, JSON.stringify(ev));
    });
  }

  /** Events by id (with history); missing ids are left out. */
  async get(ids: string[]): Promise<IocEvent[]> {
    const rows = await this.db.query<EventRow & Record<string, unknown>>(
      `SELECT ${EVENT_COLUMNS} FROM events e WHERE id = ANY($1::text[]) ORDER BY id`,
      [ids],
    );
    return withHistory(this.db, rows);
  }

  /**
   * POST /events/{id}/actions in one transaction: the event row is locked with the caller's
   * scope in the query (403 when it exists outside it), the state machine decides (409),
   * and the caller's clientActionId is unique for that caller, so a retried request is
   * applied once and answered with the first answer. The key is looked up only after the
   * event has passed the caller's scope, and only among the caller's own keys: a key can
   * neither reveal nor replay what another caller did. Then, still under the row lock, the
   * version the caller decided on (expectedVersion) must be the event's: of many callers who
   * saw one version, one acts and the others get 409 `stale_version` with the current event.
   * A replay comes before that check, so a retried request is answered as the first time
   * even though the version it carries is no longer current.
   */
  async act(id: string, req: ActionRequest, caller: Actor, at: number): Promise<ActResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction((tx) => this.actIn(tx, id, req, caller, at));
      } catch (e) {
        // Two requests with one key raced: the loser now finds the winner's answer.
        if (!isUniqueViolation(e) || attempt > 0) throw e;
      }
    }
  }

  private async replay(tx: Sql, id: string, key: ClientKey): Promise<ActResult | null> {
    const [seen] = await tx.query<{ event_id: string; doc: string | null }>(
      `SELECT h.event_id, l.doc FROM event_history h LEFT JOIN event_log l ON l.history_id = h.id
       WHERE h.actor_key = $1 AND h.client_action_id = $2`,
      [key.owner, key.id],
    );
    if (!seen) return null;
    if (seen.event_id !== id) {
      return {
        ok: false,
        status: 409,
        code: 'idempotency_conflict',
        message: `clientActionId ${key.id} was already used for another action of this caller`,
      };
    }
    return { ok: true, json: seen.doc ?? 'null', event: null, replayed: true };
  }

  private async actIn(
    tx: Sql,
    id: string,
    req: ActionRequest,
    caller: Actor,
    at: number,
  ): Promise<ActResult> {
    const { scope, by } = caller;
    const region =
      scope.kind === 'district'
        ? { level: 'district' as const, id: '' }
        : scope.kind === 'street'
          ? { level: 'street' as const, id: scope.streetId }
          : { level: 'community' as const, id: scope.communityId };
    const params: unknown[] = [id];
    if (region.level !== 'district') params.push(region.id);
    const rows = await tx.query<EventRow & Record<string, unknown>>(
      `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = $1 AND ${eventInRegionSql(region.level, '$2')} FOR UPDATE`,
      params,
    );
    if (rows.length === 0) {
      const exists = await tx.query('SELECT 1 FROM events WHERE id = $1', [id]);
      if (exists.length === 0)
        return { ok: false, status: 404, code: 'not_found', message: `unknown event ${id}` };
      return {
        ok: false,
        status: 403,
        code: 'forbidden',
        message: `event ${id} is outside the caller's ${region.level}`,
      };
    }
    // Under the row lock: a duplicate that was waiting for it finds the first answer here.
    const key: ClientKey = { owner: caller.key, id: req.clientActionId };
    const again = await this.replay(tx, id, key);
    if (again) return again;
    const [current] = await withHistory(tx, rows);
    const outcome = applyAction(this.regions, current as IocEvent, {
      action: req.action,
      toRegionId: req.toRegionId,
      note: req.note,
      expectedVersion: req.expectedVersion,
      scope,
      by,
      at,
    });
    if (!outcome.ok) return outcome;
    const next = outcome.event;
    await tx.query(UPDATE_EVENT, updateParams(this.regions, next));
    const entry = next.history[next.history.length - 1];
    if (!entry) throw new Error('an action without a history entry');
    const [h] = await tx.query<{ id: number }>(INSERT_HISTORY, historyParams(id, entry, key));
    const json = JSON.stringify(next);
    await publish(tx, id, h?.id ?? null, json);
    return { ok: true, json, event: next, replayed: false };
  }

  /** Log entries after `seq`, oldest first. */
  async logAfter(seq: number, limit: number, upTo?: number): Promise<LogEntry[]> {
    return upTo === undefined
      ? this.db.query<LogEntry & Record<string, unknown>>(
          'SELECT seq, doc FROM event_log WHERE seq > $1 ORDER BY seq LIMIT $2',
          [seq, limit],
        )
      : this.db.query<LogEntry & Record<string, unknown>>(
          'SELECT seq, doc FROM event_log WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3',
          [seq, upTo, limit],
        );
  }

  /** The last sequence number handed out, and the oldest one the log still holds. */
  async logBounds(): Promise<{ last: number; first: number }> {
    const [r] = await this.db.query<{ last: number; first: number | null }>(
      'SELECT (SELECT seq FROM stream_counter) AS last, (SELECT min(seq) FROM event_log) AS first',
    );
    return { last: r?.last ?? 0, first: r?.first ?? (r?.last ?? 0) + 1 };
  }
}

/** The wall-clock second an action is stamped with (the contract's timestamps have seconds). */
export const actionTime = (ms: number) => Date.parse(formatIso(ms));
