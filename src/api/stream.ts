/**
 * The live event stream: SSE read with fetch + ReadableStream (parsed by eventsource-parser)
 * rather than EventSource, because only fetch can send the Authorization and
 * Last-Event-ID headers. It reconnects by itself with jittered exponential backoff, treats
 * a silent connection (no byte, not even a heartbeat, for 2.5 heartbeats) as dead, resumes
 * from the last id, and back-fills from GET /events after a reset or a reconnect, so no
 * event is missed; the store dedupes by id (newest updatedAt wins), so none shows twice.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { ConnectionState } from '../state/events';
import type { ApiClient, Query } from './client';
import { z } from 'zod';
import { IocEvent, LIST_LIMIT_MAX } from './contract';
import { ApiProblem } from './errors';
import { OPEN_STATUSES } from './rules';

export interface EventStreamOptions {
  client: ApiClient;
  /** The street (or community) a bound console always sends as `region=`; null = whole district. */
  region: string | null;
  /** The API's heartbeat interval (docs/API.md: 15 s). */
  heartbeatMs: number;
  onEvents(events: IocEvent[], seq: number | null): void;
  onConnection(state: Partial<ConnectionState>): void;
  /** Newest updatedAt the app holds: where a back-fill starts. */
  latestUpdatedAt(): string | null;
  /** How many recently settled events the first load fetches (default 2,000). */
  settledWindow?: number;
  /** Not live for this long → shown as stale (default 10 s). */
  staleAfterMs?: number;
  maxBackoffMs?: number;
  random?: () => number;
}

const OPEN = OPEN_STATUSES.join(',');
const SETTLED = 'resolved,closed';
/** A back-fill starts this much before the newest update held: clocks and seconds round. */
const BACKFILL_MARGIN_MS = 60_000;
/** A page of GET /events whose items are checked one by one (the contract's EventPage, item-wise). */
const LooseEventPage = z.object({ items: z.array(z.unknown()), nextCursor: z.string().nullable() });
/** Longest stretch of stream handling before the page gets the main thread back. */
const SLICE_MS = 12;
/** Bytes of a chunk decoded and parsed at a time. */
const FEED_BYTES = 16 * 1024;
/** A back-fill after a very long outage stops here; the open-events load covers the rest. */
const MAX_BACKFILL_PAGES = 50;

export class EventStream {
  private stopped = false;
  private connection: AbortController | null = null;
  private lastSeq: number | null = null;
  private skipped = 0;
  private snapshotLoaded = false;
  private serverRetryMs = 1000;
  private lastByteAt = 0;
  private lastLiveAt: number | null = null;
  private live = false;
  /** This connection has delivered a byte / its back-fill is done. */
  private heard = false;
  private filled = false;
  private wake: (() => void) | null = null;
  private staleTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly o: Required<Omit<EventStreamOptions, 'region'>> & { region: string | null };

  constructor(options: EventStreamOptions) {
    this.o = {
      settledWindow: 2000,
      staleAfterMs: 10_000,
      maxBackoffMs: 15_000,
      random: Math.random,
      ...options,
    };
  }

  start(): void {
    if (typeof window !== 'undefined') window.addEventListener('online', this.retryNow);
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    if (typeof window !== 'undefined') window.removeEventListener('online', this.retryNow);
    this.connection?.abort();
    this.wake?.();
    if (this.staleTimer) clearTimeout(this.staleTimer);
  }

  /** Skip the rest of the backoff (the browser says the network is back). */
  readonly retryNow = (): void => this.wake?.();

  private async run(): Promise<void> {
    let attempt = 0;
    this.o.onConnection({ phase: 'connecting' });
    this.armStale();
    while (!this.stopped) {
      const wentLive = await this.connectOnce();
      if (this.stopped) break;
      attempt = wentLive ? 1 : attempt + 1;
      // Until the first time it is live, it is still connecting, not reconnecting.
      const phase = this.lastLiveAt === null ? 'connecting' : 'reconnecting';
      this.o.onConnection({ phase, lastContactAt: this.lastLiveAt });
      this.armStale();
      await this.sleep(this.backoff(attempt));
    }
  }

  /** One connection, from open to its end; true if it went live on the way. */
  private async connectOnce(): Promise<boolean> {
    const ac = new AbortController();
    this.connection = ac;
    this.live = false;
    const watchdog = setInterval(
      () => {
        if (Date.now() - this.lastByteAt > 2.5 * this.o.heartbeatMs) ac.abort();
      },
      Math.max(50, this.o.heartbeatMs / 2),
    );
    try {
      const headers: Record<string, string> = { Accept: 'text/event-stream', ...this.o.client.headers() };
      if (this.lastSeq !== null) headers['Last-Event-ID'] = String(this.lastSeq);
      this.lastByteAt = Date.now();
      const res = await fetch(this.o.client.url('/events/stream', this.regionQuery()), {
        headers,
        signal: ac.signal,
        cache: 'no-store',
      });
      if (!res.ok || !res.body) {
        const refused = res.status === 401 ? 'unauthorized' : res.status === 403 ? 'forbidden' : null;
        this.o.onConnection({ refused });
        await res.body?.cancel();
        return false;
      }
      this.o.onConnection({ refused: null });
      // Read and back-fill at once: whatever changes during the back-fill arrives on the
      // stream, and the store keeps the newer copy of each event.
      // Live once the back-fill is done AND the stream itself has said something (a
      // connection that only sent headers may be stalled: it is not shown as live).
      this.heard = false;
      this.filled = false;
      const filled = this.backfill(ac.signal).then(() => {
        if (ac.signal.aborted) return;
        this.filled = true;
        if (this.heard) this.goLive();
      });
      filled.catch(() => ac.abort()); // a failed back-fill would leave a hole: start over
      await this.read(res.body, ac);
      ac.abort(); // the stream ended: stop a back-fill still under way
      await filled.catch(() => {});
    } catch {
      // network error, abort by the watchdog or stop(): the loop decides what next
    } finally {
      clearInterval(watchdog);
      ac.abort();
    }
    const wentLive = this.live;
    this.live = false;
    return wentLive;
  }

  private goLive(): void {
    if (this.live) return;
    this.live = true;
    this.lastLiveAt = Date.now();
    this.clearStale();
    this.o.onConnection({ phase: 'live', lastContactAt: this.lastLiveAt });
  }

  private async read(body: ReadableStream<Uint8Array>, ac: AbortController): Promise<void> {
    // Messages are parsed off the wire at once but validated and applied in slices (see
    // drain): a busy second can bring a chunk of hundreds of events.
    const inbox: EventSourceMessage[] = [];
    const parser = createParser({
      onEvent: (m) => inbox.push(m),
      onRetry: (ms) => {
        this.serverRetryMs = ms;
      },
    });
    const decoder = new TextDecoder();
    const reader = body.getReader();
    ac.signal.addEventListener('abort', () => void reader.cancel().catch(() => {}), { once: true });
    for (;;) {
      const { done, value } = await reader.read();
      if (done || ac.signal.aborted) return;
      this.lastByteAt = Date.now();
      if (!this.heard) {
        this.heard = true;
        if (this.filled) this.goLive();
      }
      if (this.live) this.lastLiveAt = this.lastByteAt;
      // A chunk that piled up while the page was busy can hold a megabyte: decode and
      // parse it a piece at a time, handling the messages of each piece in between.
      for (let at = 0; at < value.length && !ac.signal.aborted; at += FEED_BYTES) {
        parser.feed(decoder.decode(value.subarray(at, at + FEED_BYTES), { stream: true }));
        await this.yieldIfLong();
        await this.drain(inbox, ac);
      }
    }
  }

  private sliceStart = 0;

  /** Gives the page the main thread back once this stretch of stream work passes SLICE_MS. */
  private async yieldIfLong(): Promise<void> {
    if (performance.now() - this.sliceStart < SLICE_MS) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.sliceStart = performance.now();
  }

  /**
   * Handles queued messages in slices (see yieldIfLong), so a burst never blocks input or a
   * frame. The next chunk is not read meanwhile: the network holds it.
   */
  private async drain(inbox: EventSourceMessage[], ac: AbortController): Promise<void> {
    for (let i = 0; i < inbox.length; i++) {
      if (ac.signal.aborted) break;
      this.onMessage(inbox[i]!, ac);
      await this.yieldIfLong();
    }
    inbox.length = 0;
  }

  private onMessage(m: EventSourceMessage, ac: AbortController): void {
    if (m.event === 'reset') {
      // Our Last-Event-ID is useless to the server (its log moved on, or it restarted):
      // fetch what changed since the newest update we hold, and follow the new ids.
      this.lastSeq = null;
      this.backfillSince(ac.signal).catch(() => ac.abort());
      return;
    }
    if (m.event !== undefined && m.event !== 'upsert') return;
    let parsed: ReturnType<typeof IocEvent.safeParse> | null = null;
    try {
      parsed = IocEvent.safeParse(JSON.parse(m.data));
    } catch {
      // not JSON: skip the frame (counted below), keep the stream
    }
    const seq = m.id !== undefined && /^\d+$/.test(m.id) ? Number(m.id) : null;
    if (seq !== null) this.lastSeq = seq;
    if (parsed?.success) this.o.onEvents([parsed.data], seq);
    else this.skip();
  }

  /** Never silently: the status says how many events were unusable. */
  private skip(): void {
    this.skipped++;
    this.o.onConnection({ skipped: this.skipped });
  }

  private async backfill(signal: AbortSignal): Promise<void> {
    if (!this.snapshotLoaded) {
      // First load: every open event, then a window of the most recently settled.
      await this.pages({ status: OPEN }, Number.POSITIVE_INFINITY, signal);
      await this.pages({ status: SETTLED }, this.o.settledWindow, signal);
      this.snapshotLoaded = true;
      return;
    }
    // A reconnect: the replay should cover the gap, but a server that lost its log (or
    // never kept one) would leave a hole, so ask for what changed meanwhile too.
    await this.backfillSince(signal);
  }

  /** The back-fill under way on a connection: a reconnect and its `event: reset` share it. */
  private sinceRun: { signal: AbortSignal; done: Promise<void> } | null = null;

  private backfillSince(signal: AbortSignal): Promise<void> {
    if (this.sinceRun?.signal === signal) return this.sinceRun.done;
    const done = (async () => {
      const latest = this.o.latestUpdatedAt();
      if (latest === null) return;
      // Never from the future (one bad timestamp must not hide a gap); earlier only overlaps.
      const from = Math.min(Date.parse(latest), Date.now()) - BACKFILL_MARGIN_MS;
      const since = new Date(from).toISOString();
      await this.pages({ since }, MAX_BACKFILL_PAGES * LIST_LIMIT_MAX, signal);
    })().finally(() => {
      if (this.sinceRun?.done === done) this.sinceRun = null;
    });
    this.sinceRun = { signal, done };
    return done;
  }

  private async pages(query: Query, maxItems: number, signal: AbortSignal): Promise<void> {
    let cursor: string | null = null;
    let n = 0;
    do {
      const page: z.infer<typeof LooseEventPage> = await this.o.client.get(
        '/events',
        LooseEventPage,
        { ...query, ...this.regionQuery(), limit: LIST_LIMIT_MAX, cursor },
        signal,
      );
      // Each event validated on its own, in slices: one bad event is skipped and counted,
      // not the page lost (and the back-fill with it); a page of 1,000 never blocks the page.
      const good: IocEvent[] = [];
      for (const item of page.items) {
        const parsed = IocEvent.safeParse(item);
        if (parsed.success) good.push(parsed.data);
        else this.skip();
        await this.yieldIfLong();
      }
      if (good.length > 0) this.o.onEvents(good, null);
      n += page.items.length;
      cursor = page.nextCursor;
    } while (cursor !== null && n < maxItems && !signal.aborted);
    if (signal.aborted) throw new ApiProblem('network', '/events', 'aborted');
  }

  private regionQuery(): Query {
    return this.o.region ? { region: this.o.region } : {};
  }

  private backoff(attempt: number): number {
    return backoffDelay(attempt, this.serverRetryMs, this.o.maxBackoffMs, this.o.random());
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  private armStale(): void {
    if (this.staleTimer) return;
    this.staleTimer = setTimeout(() => {
      this.staleTimer = null;
      if (!this.stopped) this.o.onConnection({ phase: 'stale', lastContactAt: this.lastLiveAt });
    }, this.o.staleAfterMs);
  }

  private clearStale(): void {
    if (this.staleTimer) clearTimeout(this.staleTimer);
    this.staleTimer = null;
  }
}

/**
 * Wait before reconnect attempt `attempt` (1 = first): the server's `retry:` doubled per
 * failed attempt, capped, with jitter over the upper half so a hundred consoles do not
 * come back in one burst. `random` in [0, 1).
 */
export function backoffDelay(attempt: number, retryMs: number, maxMs: number, random: number): number {
  const base = Math.max(500, retryMs) * 2 ** Math.max(0, attempt - 1);
  return Math.min(maxMs, base) * (0.5 + 0.5 * random);
}
