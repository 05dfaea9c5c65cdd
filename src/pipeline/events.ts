/**
 * Live events as the views need them: every open event plus the most recent settled
 * (resolved or closed) ones, keyed by id, so a wall that runs for weeks holds a bounded
 * set however many events the district sees. Arrivals are buffered and applied at most
 * every FLUSH_MS: one store update (and one render of the subscribers) per flush, O(1)
 * work per event, never an array copy per event. A timer, not an animation frame: applying
 * inside the frame would add the panels' render to the map's frame in one long task.
 * Each flush also logs what it changed (changesSince), so the feed's sorted index and the
 * map's buffers apply just the events that arrived instead of going over every held one.
 */
import { createStore, type StoreApi } from 'zustand';
import type { IocEvent } from '@ioc/contract/contract';
import { isSettled } from '@ioc/contract/rules';
import type { ConnectionState } from '../api/stream';

export type { ConnectionState, StreamPhase } from '../api/stream';

/** Settled events kept besides the open ones (the feed's history window). */
export const MAX_SETTLED = 2000;

export interface EventsState {
  /** Mutated in place (O(1) per event); `version` tells subscribers that it changed. */
  byId: Map<string, IocEvent>;
  version: number;
  connection: ConnectionState;
  /** Sequence number of the last stream frame applied (SSE id), for display and resume. */
  lastSeq: number | null;
  setConnection(c: Partial<ConnectionState>): void;
}

/**
 * What one flush changed, by id: ids only, so the log keeps no superseded copy of an event
 * alive; a reader takes each event's current copy from `byId` (absent: no longer held).
 */
export interface EventChanges {
  /** The store version this flush made. */
  version: number;
  /** Ids of the events the flush applied (one each). */
  changed: string[];
  /** Ids of the events it let go (trimmed from the settled window). */
  removed: string[];
}

/** The held events and the functions that feed them; each is bound, so it may be passed on alone. */
export interface LiveEvents {
  store: StoreApi<EventsState>;
  /** Queue events (from the stream, a back-fill or an action's answer) for the next flush. */
  ingest(events: readonly IocEvent[], seq?: number | null): void;
  /** Apply everything queued now (before reading the store synchronously). */
  flush(): void;
  /**
   * The changes from `version` (exclusive) to the current one, oldest first; null when the
   * log no longer reaches back that far: read everything again.
   */
  changesSince(version: number): EventChanges[] | null;
  /** The undispatched critical events held now (unordered). */
  criticalAwaiting(): Iterable<IocEvent>;
  /** The newest updatedAt applied so far, as ISO; null before the first event. */
  latestUpdatedAt(): string | null;
  setConnection(c: Partial<ConnectionState>): void;
  /** Drops what is queued and its timer. */
  dispose(): void;
}

/**
 * Recent flushes, oldest first. A reader that fell further behind than this (a view that
 * was not rendered for a while) rebuilds from the held events instead.
 */
const LOG_LENGTH = 32;

export const isCriticalAwaiting = (ev: IocEvent) => ev.severity === 4 && ev.status === 'reported';

/**
 * Is `next` a newer state of the same event than `current`? Timestamps have whole
 * seconds, so two changes in one second are told apart by the history, which only grows.
 */
export function isNewer(next: IocEvent, current: IocEvent): boolean {
  const a = Date.parse(next.updatedAt);
  const b = Date.parse(current.updatedAt);
  if (a !== b) return a > b;
  return next.history.length > current.history.length;
}

/** Fast enough to read as instant. */
const FLUSH_MS = 100;
/**
 * After a big batch (a busy stream, a back-fill), the next waits longer: each flush renders
 * the feed and the map over every held event, so at 1,000 events a second fewer, larger
 * batches cost the page far less, still well inside the half second a row may take.
 */
const BUSY_FLUSH_MS = 250;
const BUSY_BATCH = 100;

/** An empty set of live events; `maxSettled` bounds the settled window. */
export function createLiveEvents(maxSettled = MAX_SETTLED): LiveEvents {
  const store = createStore<EventsState>((set) => ({
    byId: new Map(),
    version: 0,
    connection: { phase: 'connecting', lastContactAt: null, refused: null, skipped: 0, flaps: 0 },
    lastSeq: null,
    setConnection: (c) => set((s) => ({ connection: { ...s.connection, ...c } })),
  }));
  let changeLog: EventChanges[] = [];
  /** Severity-4 events nobody has dispatched yet, by id: what the wall alerts on (tiny). */
  const critical = new Map<string, IocEvent>();
  let lastBatch = 0;
  let pending: IocEvent[] = [];
  let pendingSeq: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Settled events held, by id, with their updatedAt (ms): the trim never walks the open ones. */
  const settledAt = new Map<string, number>();
  /** Latest updatedAt (ms) of anything applied: where a back-fill after a gap starts. */
  let latestUpdatedMs = Number.NEGATIVE_INFINITY;

  function ingest(events: readonly IocEvent[], seq: number | null = null): void {
    for (const ev of events) pending.push(ev);
    if (seq !== null) pendingSeq = seq;
    // The first events are applied at once: at start-up a timer can wait behind the map's
    // first frames for far longer than it is set for, and the feed is empty meanwhile.
    if (store.getState().byId.size === 0) flush();
    else if (timer === null) timer = setTimeout(flush, lastBatch > BUSY_BATCH ? BUSY_FLUSH_MS : FLUSH_MS);
  }

  function flush(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (pending.length === 0 && pendingSeq === null) return;
    const batch = pending;
    lastBatch = batch.length;
    const seq = pendingSeq;
    pending = [];
    pendingSeq = null;
    const { byId, version } = store.getState();
    // Applied in this flush (a busy second updates some twice).
    const applied = new Set<string>();
    for (const ev of batch) {
      const current = byId.get(ev.id);
      if (current && !isNewer(ev, current)) continue; // a duplicate or an older copy
      byId.set(ev.id, ev);
      applied.add(ev.id);
      const t = Date.parse(ev.updatedAt);
      if (isSettled(ev)) settledAt.set(ev.id, t);
      else settledAt.delete(ev.id);
      if (isCriticalAwaiting(ev)) critical.set(ev.id, ev);
      else critical.delete(ev.id);
      if (t > latestUpdatedMs) latestUpdatedMs = t;
    }
    // Trim in batches (10 % slack) so the sort is paid rarely: amortised O(log n) per event.
    const removed = settledAt.size > maxSettled * 1.1 ? trimSettled(byId) : [];
    if (applied.size > 0) {
      changeLog.push({ version: version + 1, changed: [...applied], removed });
      if (changeLog.length > LOG_LENGTH) changeLog = changeLog.slice(-LOG_LENGTH);
    }
    store.setState((s) => ({
      version: applied.size > 0 ? s.version + 1 : s.version,
      lastSeq: seq ?? s.lastSeq,
    }));
  }

  /** Lets the oldest settled events go. */
  function trimSettled(byId: Map<string, IocEvent>): string[] {
    const old = [...settledAt].sort((a, b) => a[1] - b[1]);
    const removed: string[] = [];
    for (let i = 0; i < old.length - maxSettled; i++) {
      const id = (old[i] as [string, number])[0];
      byId.delete(id);
      settledAt.delete(id);
      removed.push(id);
    }
    return removed;
  }

  function changesSince(version: number): EventChanges[] | null {
    const current = store.getState().version;
    if (version === current) return [];
    const first = changeLog[0];
    if (version > current || !first || first.version > version + 1) return null;
    return changeLog.slice(version + 1 - first.version);
  }

  return {
    store,
    ingest,
    flush,
    changesSince,
    criticalAwaiting: () => critical.values(),
    latestUpdatedAt: () =>
      Number.isFinite(latestUpdatedMs) ? new Date(latestUpdatedMs).toISOString() : null,
    setConnection: (c) => store.getState().setConnection(c),
    dispose: () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      pending = [];
      pendingSeq = null;
    },
  };
}
