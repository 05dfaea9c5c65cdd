/**
 * The live event stream: SSE read with fetch + ReadableStream (parsed by eventsource-parser)
 * rather than EventSource, because only fetch can send the Authorization and
 * Last-Event-ID headers. It reconnects by itself on the shared backoff, counting how long
 * each connection lived (src/api/backoff.ts), treats a silent connection (no byte, not
 * even a heartbeat, for 2.5 heartbeats) as dead and resumes from the last id. The event
 * list is loaded beside it, on its own (src/api/eventLoader.ts): after a reset or a
 * reconnect it fetches what changed meanwhile, so no event is missed; the store dedupes
 * by id (newest updatedAt wins), so none shows twice. A stream waiting out its backoff
 * because the API could not be reached tries again as soon as any other request to the
 * API succeeds (the request discipline says so): after an outage it does not sit out the
 * rest of a 20 s wait while the panels already have their figures. A stream that the
 * server accepts and drops (flapping) is never woken so: it keeps its slow backoff.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { ConnectionBackoff } from './backoff';
import type { ApiClient, Query } from './client';
import { IocEvent } from '@ioc/contract/contract';
import { ApiProblem } from './errors';
import { EventLoader, type ListState } from './eventLoader';

export type StreamPhase = 'connecting' | 'live' | 'reconnecting' | 'stale';

export interface ConnectionState {
  phase: StreamPhase;
  /** When the stream last delivered anything (ms); null before the first contact. */
  lastContactAt: number | null;
  /** The API refused the stream (401/403): retrying will not help until the token changes. */
  refused: 'unauthorized' | 'forbidden' | null;
  /** Stream frames dropped because they were not JSON or broke the contract (since start). */
  skipped: number;
  /** Connections in a row that opened and soon died: the stream is flapping. */
  flaps: number;
}

export interface EventStreamOptions {
  client: ApiClient;
  /** The street (or community) a bound console always sends as `region=`; null = whole district. */
  region: string | null;
  /** The API's heartbeat interval (docs/API.md: 15 s). */
  heartbeatMs: number;
  onEvents(events: IocEvent[], seq: number | null): void;
  onConnection(state: Partial<ConnectionState>): void;
  /** How the event list is doing (loading, ready, failed and why). */
  onList?(state: ListState): void;
  /** Newest updatedAt the app holds: where a back-fill starts. */
  latestUpdatedAt(): string | null;
  /** How many recently settled events the first load fetches (default 2,000). */
  settledWindow?: number;
  /** Not live for this long → shown as stale (default 10 s). */
  staleAfterMs?: number;
  maxBackoffMs?: number;
  /** A connection that lived this long starts the backoff afresh (default 30 s). */
  stableMs?: number;
  random?: () => number;
}

/** Longest stretch of stream handling before the page gets the main thread back. */
const SLICE_MS = 12;
/** How long a connection must hold before the status stops calling the stream unstable. */
export const FLAPS_SHOWN_MS = 10_000;
/** Bytes of a chunk decoded and parsed at a time. */
const FEED_BYTES = 16 * 1024;

/**
 * Lets input and a frame through, then goes on. scheduler.yield() resumes ahead of other
 * queued tasks; a setTimeout could wait behind every frame the map drew meanwhile (at
 * start-up, validating the first page of the list in slices took seconds that way).
 */
function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export class EventStream {
  private stopped = false;
  private connection: AbortController | null = null;
  private lastSeq: number | null = null;
  private skipped = 0;
  private serverRetryMs: number | undefined;
  private lastByteAt = 0;
  private lastLiveAt: number | null = null;
  private live = false;
  /** This connection has delivered a byte. */
  private heard = false;
  private wake: (() => void) | null = null;
  /** The last try could not reach the API at all (no answer, not a refusal, not a drop). */
  private unreachable = false;
  private unsubscribe: (() => void) | null = null;
  /** When the current connection opened. */
  private openedAt = 0;
  private staleTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly backoff: ConnectionBackoff;
  private readonly loader: EventLoader;
  private readonly o: Required<Omit<EventStreamOptions, 'region' | 'onList'>> &
    Pick<EventStreamOptions, 'region' | 'onList'>;

  constructor(options: EventStreamOptions) {
    this.o = {
      settledWindow: 2000,
      staleAfterMs: 10_000,
      maxBackoffMs: 20_000,
      stableMs: 30_000,
      random: Math.random,
      ...options,
    };
    this.backoff = new ConnectionBackoff(this.o.stableMs, { maxMs: this.o.maxBackoffMs }, this.o.random);
    this.loader = new EventLoader({
      client: this.o.client,
      region: this.o.region,
      settledWindow: this.o.settledWindow,
      onEvents: (events) => {
        if (!this.stopped) this.o.onEvents(events, null);
      },
      onSkip: () => this.skip(),
      onList: (state) => {
        this.o.onList?.(state);
        if (this.heard && this.loader.settled) this.goLive();
      },
      latestUpdatedAt: this.o.latestUpdatedAt,
      yieldIfLong: () => this.yieldIfLong(),
      maxBackoffMs: this.o.maxBackoffMs,
    });
  }

  start(): void {
    if (typeof window !== 'undefined') window.addEventListener('online', this.retryNow);
    // Another request to the API succeeded after failing to reach it: the API is back.
    this.unsubscribe = this.o.client.discipline.onReachable(() => {
      if (this.unreachable) this.wake?.();
    });
    // The list loads at once, beside the stream's opening, so the feed fills without waiting
    // for the connection; the connection's opening then has the list fetch what changed
    // since the list began (cover), so nothing falls between the two.
    this.loader.cover(Date.now());
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    if (typeof window !== 'undefined') window.removeEventListener('online', this.retryNow);
    this.unsubscribe?.();
    this.connection?.abort();
    this.loader.stop();
    this.wake?.();
    if (this.staleTimer) clearTimeout(this.staleTimer);
  }

  /** Skip the rest of the backoff (the browser says the network is back). */
  readonly retryNow = (): void => this.wake?.();

  private running = false;

  /**
   * For the wall's watchdog: connects again at once if the stream is waiting out a backoff,
   * or starts it again if its loop ended; true if it did either. A connection being opened
   * or read is left alone: its own silence check ends it, and aborting it from outside
   * would only keep it from ever becoming live.
   */
  reconnect(): boolean {
    if (this.stopped) return false;
    if (!this.running) {
      void this.run();
      return true;
    }
    if (!this.wake) return false;
    this.wake();
    return true;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      this.o.onConnection({ phase: 'connecting' });
      this.armStale();
      while (!this.stopped) {
        const lived = await this.connectOnce();
        if (this.stopped) break;
        const wait = this.backoff.next(lived, this.serverRetryMs);
        // Until the first time it is live, it is still connecting, not reconnecting.
        const phase = this.lastLiveAt === null ? 'connecting' : 'reconnecting';
        this.o.onConnection({ phase, lastContactAt: this.lastLiveAt, flaps: this.backoff.flaps });
        this.armStale();
        await this.sleep(wait);
      }
    } finally {
      this.running = false;
    }
  }

  /** One connection, from open to its end; how long it stayed open in ms (0: it never did). */
  private async connectOnce(): Promise<number> {
    const ac = new AbortController();
    this.connection = ac;
    this.live = false;
    this.heard = false;
    this.unreachable = false;
    let openedAt: number | null = null;
    let stable: ReturnType<typeof setTimeout> | undefined;
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
      const url = this.o.client.url('/events/stream', this.regionQuery());
      this.o.client.discipline.admit(url);
      const res = await fetch(url, { headers, signal: ac.signal, cache: 'no-store' });
      if (!res.ok || !res.body) {
        const refused = res.status === 401 ? 'unauthorized' : res.status === 403 ? 'forbidden' : null;
        this.o.onConnection({ refused });
        await res.body?.cancel();
        return 0;
      }
      openedAt = Date.now();
      this.openedAt = openedAt;
      this.o.onConnection({ refused: null });
      // A connection that holds a while says the flapping is over (the backoff itself starts
      // afresh only after stableMs).
      stable = setTimeout(() => this.o.onConnection({ flaps: 0 }), Math.min(this.o.stableMs, FLAPS_SHOWN_MS));
      // Each connection has the list fetch what changed since it opened.
      this.loader.cover(openedAt);
      await this.read(res.body, ac);
    } catch (e) {
      // network error, abort by the watchdog or stop(): the loop decides what next. Only a
      // try that got no answer at all may be woken early (not one the budget refused).
      if (openedAt === null && !(e instanceof ApiProblem)) this.unreachable = true;
    } finally {
      clearInterval(watchdog);
      clearTimeout(stable);
      ac.abort();
    }
    this.live = false;
    return openedAt === null ? 0 : Math.max(1, Date.now() - openedAt);
  }

  /**
   * Live once this connection has said something (one that only sent headers may be
   * stalled) and the first list load has ended: loaded, or failed and saying so in the feed.
   */
  private goLive(): void {
    if (this.live || this.stopped) return;
    this.live = true;
    this.lastLiveAt = Date.now();
    this.clearStale();
    this.o.onConnection({ phase: 'live', lastContactAt: this.lastLiveAt });
  }

  private onHeard(): void {
    this.heard = true;
    // The API answers: paths held for being unreachable may be asked now, and so may the list.
    this.o.client.discipline.recovered();
    this.loader.retryNow();
    if (this.loader.settled) this.goLive();
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
      if (!this.heard) this.onHeard();
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
    await yieldToPage();
    this.sliceStart = performance.now();
  }

  /**
   * Handles queued messages in slices (see yieldIfLong), so a burst never blocks input or a
   * frame. The next chunk is not read meanwhile: the network holds it.
   */
  private async drain(inbox: EventSourceMessage[], ac: AbortController): Promise<void> {
    for (let i = 0; i < inbox.length; i++) {
      if (ac.signal.aborted) break;
      this.onMessage(inbox[i]!);
      await this.yieldIfLong();
    }
    inbox.length = 0;
  }

  private onMessage(m: EventSourceMessage): void {
    if (m.event === 'reset') {
      // Our Last-Event-ID is useless to the server (its log moved on, or it restarted):
      // fetch what changed since the newest update we hold, and follow the new ids.
      this.lastSeq = null;
      // A load that started since this connection opened covers it: the stream has the rest.
      this.loader.cover(this.openedAt);
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

  private regionQuery(): Query {
    return this.o.region ? { region: this.o.region } : {};
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        // Only while sleeping is there something to wake (see reconnect).
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
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
