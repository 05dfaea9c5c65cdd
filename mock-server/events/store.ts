/**
 * The event store: current state of every retained event, a global sequence number per
 * upsert, a bounded replay log for SSE resume, subscriptions, idempotent actions and
 * bounded retention (all open events plus recently closed ones).
 */
import type { ActionRequest, IocEvent } from '@ioc/contract/contract';
import type { RegionIndex } from '@ioc/domain/regions';
import { HOUR, parseIso } from '@ioc/domain/time';
import { type ActionOutcome, applyAction, type Refusal } from '@ioc/domain/events/lifecycle';
import { eventInScope, type Scope } from '@ioc/domain/events/scope';

/** One upsert. Events are immutable once stored, so the JSON is made once, on first use. */
export class LogEntry {
  private text: string | undefined;

  constructor(
    readonly seq: number,
    readonly event: IocEvent,
  ) {}

  /** The event serialised once, shared by every stream that sends it. */
  get json(): string {
    this.text ??= JSON.stringify(this.event);
    return this.text;
  }
}

interface Stored {
  event: IocEvent;
  /** updatedAt in whole seconds: the list order clients can reproduce from the JSON. */
  updatedSec: number;
}

export interface StoreOptions {
  replayCapacity?: number;
  closedRetentionMs?: number;
  maxClosed?: number;
  maxIdempotencyKeys?: number;
}

export interface ListQuery {
  keep: (ev: IocEvent) => boolean;
  limit: number;
  cursor: { sec: number; id: string } | null;
}

export type ActResult =
  | { ok: true; event: IocEvent; json: string; replayed: boolean }
  | Refusal
  | { ok: false; status: 404; code: string; message: string };

export class EventStore {
  private readonly events = new Map<string, Stored>();
  private readonly log: LogEntry[] = [];
  private logStart = 0;
  private readonly listeners = new Set<(entry: LogEntry) => void>();
  private closedQueue: string[] = [];
  private closedHead = 0;
  private closedCount = 0;
  private sorted: Stored[] | null = null;
  private readonly idempotency = new Map<string, { eventId: string; event: IocEvent; json: string }>();
  private loading = false;
  private _seq = 0;
  private droppedThrough = 0;
  readonly replayCapacity: number;
  private readonly closedRetentionMs: number;
  private readonly maxClosed: number;
  private readonly maxIdempotencyKeys: number;

  constructor(
    readonly regions: RegionIndex,
    options: StoreOptions = {},
  ) {
    this.replayCapacity = options.replayCapacity ?? 20_000;
    // Four days: every order that fell due in the last day is still here, closed or not.
    this.closedRetentionMs = options.closedRetentionMs ?? 96 * HOUR;
    this.maxClosed = options.maxClosed ?? 20_000;
    this.maxIdempotencyKeys = options.maxIdempotencyKeys ?? 50_000;
  }

  /** The last sequence number handed out (0 before the first upsert). */
  get seq(): number {
    return this._seq;
  }

  /** When the newest change was made (0 before the first upsert). */
  get lastUpdatedMs(): number {
    const last = this.log[this.log.length - 1];
    return last ? parseIso(last.event.updatedAt) : 0;
  }

  get size(): number {
    return this.events.size;
  }

  get openCount(): number {
    return this.events.size - this.closedCount;
  }

  /** Oldest seq still in the replay log (seq + 1 when the log is empty). */
  get oldestReplayableSeq(): number {
    const first = this.log.length > this.logStart ? this.log[this.logStart] : undefined;
    return first ? first.seq : this._seq + 1;
  }

  /**
   * Replay's horizon: every event changed at or after this moment is held; an older closed
   * one may have been dropped by retention (prune), so a replay before it can lack events.
   */
  get historyFrom(): number {
    return this.droppedThrough;
  }

  get(id: string): IocEvent | undefined {
    return this.events.get(id)?.event;
  }

  values(): IterableIterator<IocEvent> {
    const it = this.events.values();
    return (function* () {
      for (const s of it) yield s.event;
    })();
  }

  /** While loading (the initial world), upserts are stored but not logged or broadcast. */
  beginLoad(): void {
    this.loading = true;
  }

  /** End of the initial world: every event gets one seq, oldest update first. */
  endLoad(): void {
    this.loading = false;
    for (const s of this.sortedDesc().slice().reverse()) this.record(s.event);
  }

  upsert(event: IocEvent): LogEntry | null {
    const prev = this.events.get(event.id);
    const updatedSec = Math.floor(parseIso(event.updatedAt) / 1000);
    this.events.set(event.id, { event, updatedSec });
    this.sorted = null;
    if (event.status === 'closed' && prev?.event.status !== 'closed') {
      this.closedQueue.push(event.id);
      this.closedCount++;
    } else if (event.status !== 'closed' && prev?.event.status === 'closed') {
      this.closedCount--; // only an injected replacement can do this; its queue slot goes stale
    }
    return this.loading ? null : this.record(event);
  }

  private record(event: IocEvent): LogEntry {
    const entry = new LogEntry(++this._seq, event);
    this.log.push(entry);
    if (this.log.length - this.logStart > this.replayCapacity) this.logStart++;
    if (this.logStart > 4096 && this.logStart * 2 > this.log.length) {
      this.log.splice(0, this.logStart);
      this.logStart = 0;
    }
    for (const fn of this.listeners) {
      try {
        fn(entry);
      } catch {
        // a broken subscriber must not stop the world; streams clean themselves up
      }
    }
    return entry;
  }

  subscribe(fn: (entry: LogEntry) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  /**
   * Upserts after `afterSeq`, or 'gap' when some of them have left the log (or the id is
   * from the future, e.g. a client that outlived a server restart).
   */
  replaySince(afterSeq: number): LogEntry[] | 'gap' {
    if (afterSeq > this._seq) return 'gap';
    if (afterSeq + 1 < this.oldestReplayableSeq) return 'gap';
    const from = this.logStart + (afterSeq + 1 - this.oldestReplayableSeq);
    return this.log.slice(from);
  }

  private sortedDesc(): Stored[] {
    this.sorted ??= [...this.events.values()].sort(
      (a, b) =>
        b.updatedSec - a.updatedSec || (a.event.id < b.event.id ? 1 : a.event.id > b.event.id ? -1 : 0),
    );
    return this.sorted;
  }

  /** Newest first by updatedAt then id; the cursor is the (updatedAt, id) of the last item. */
  list(q: ListQuery): { items: IocEvent[]; next: { sec: number; id: string } | null } {
    const all = this.sortedDesc();
    const items: IocEvent[] = [];
    let last: Stored | undefined;
    let i = 0;
    if (q.cursor) {
      const c = q.cursor;
      // Binary search for the first item strictly after the cursor in list order.
      let lo = 0;
      let hi = all.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const s = all[mid] as Stored;
        const after = s.updatedSec < c.sec || (s.updatedSec === c.sec && s.event.id < c.id);
        if (after) hi = mid;
        else lo = mid + 1;
      }
      i = lo;
    }
    for (; i < all.length; i++) {
      const s = all[i] as Stored;
      if (!q.keep(s.event)) continue;
      if (items.length === q.limit)
        return { items, next: last ? { sec: last.updatedSec, id: last.event.id } : null };
      items.push(s.event);
      last = s;
    }
    return { items, next: null };
  }

  /**
   * POST /events/{id}/actions. A repeated clientActionId of the same caller returns the first
   * result and applies nothing; refusals are not remembered, so a corrected retry can
   * succeed. Keys belong to their caller (`by`), and a replay passes the same checks of
   * existence and scope as a first request: a key never answers with what the caller may not see.
   * Then the version the caller decided on (expectedVersion) must be the event's, or the
   * action is refused with 409 `stale_version` and the current event (after the replay, so
   * a retry is answered as the first time even though the version it carries is now old).
   */
  act(id: string, req: ActionRequest, scope: Scope, by: string, at: number): ActResult {
    const current = this.get(id);
    if (!current) return { ok: false, status: 404, code: 'not_found', message: `unknown event ${id}` };
    if (!eventInScope(this.regions, current, scope))
      return {
        ok: false,
        status: 403,
        code: 'forbidden',
        message: `event ${id} is outside the caller's ${scope.kind}`,
      };
    const key = `${by}\n${req.clientActionId}`;
    const seen = this.idempotency.get(key);
    if (seen) {
      if (seen.eventId !== id) {
        return {
          ok: false,
          status: 409,
          code: 'idempotency_conflict',
          message: `clientActionId ${req.clientActionId} was already used for another action of this caller`,
        };
      }
      return { ok: true, event: seen.event, json: seen.json, replayed: true };
    }
    const outcome: ActionOutcome = applyAction(this.regions, current, {
      action: req.action,
      toRegionId: req.toRegionId,
      note: req.note,
      expectedVersion: req.expectedVersion,
      scope,
      by,
      at,
    });
    if (!outcome.ok) return outcome;
    const entry = this.upsert(outcome.event);
    const json = entry?.json ?? JSON.stringify(outcome.event);
    this.idempotency.set(key, { eventId: id, event: outcome.event, json });
    if (this.idempotency.size > this.maxIdempotencyKeys) {
      const oldest = this.idempotency.keys().next().value;
      if (oldest !== undefined) this.idempotency.delete(oldest);
    }
    return { ok: true, event: outcome.event, json, replayed: false };
  }

  /** Drop closed events older than the retention window, and the oldest beyond maxClosed. */
  prune(now: number): number {
    let dropped = 0;
    const horizonSec = Math.floor((now - this.closedRetentionMs) / 1000);
    while (this.closedHead < this.closedQueue.length) {
      const id = this.closedQueue[this.closedHead] as string;
      const s = this.events.get(id);
      if (s?.event.status !== 'closed') {
        this.closedHead++;
        continue;
      }
      if (this.closedCount <= this.maxClosed && s.updatedSec >= horizonSec) break;
      this.events.delete(id);
      this.droppedThrough = Math.max(this.droppedThrough, s.updatedSec * 1000 + 1000);
      this.closedCount--;
      this.closedHead++;
      dropped++;
    }
    if (this.closedHead > 4096 && this.closedHead * 2 > this.closedQueue.length) {
      this.closedQueue = this.closedQueue.slice(this.closedHead);
      this.closedHead = 0;
    }
    if (dropped > 0) this.sorted = null;
    return dropped;
  }
}
