/**
 * The event list (GET /events), loaded and reported on its own, apart from the stream: a
 * stream that keeps closing cannot stop it, and a list that fails says so while the
 * stream stays live. The first load fetches every open event and a window of recently
 * settled ones; after that, whenever the stream (re)connects, what changed since the
 * newest update held is fetched, unless a load that started after that connection opened
 * already covers it. Loads never overlap; a failed one is retried on the request
 * discipline; pages stop at a repeated or cycling cursor and at a page cap. A page whose
 * cursor the guard followed is progress to the discipline, not repetition: a long list
 * loads at the speed the API answers, each page once.
 */
import { z } from 'zod';
import type { ApiClient, Query } from './client';
import { IocEvent, LIST_LIMIT_MAX } from '@ioc/contract/contract';
import { BACKOFF, backoffDelay } from './backoff';
import { CursorGuard } from './discipline';
import { ApiProblem } from './errors';
import { OPEN_STATUSES } from '@ioc/contract/rules';

export type ListPhase = 'loading' | 'ready' | 'failed';

export interface ListState {
  phase: ListPhase;
  /** Why the latest load failed (it is being retried); null when it did not. */
  problem: unknown;
}

export interface EventLoaderOptions {
  client: ApiClient;
  region: string | null;
  /** How many recently settled events the first load fetches. */
  settledWindow: number;
  onEvents(events: IocEvent[]): void;
  /** An event of a page broke the contract and was skipped. */
  onSkip(): void;
  onList(state: ListState): void;
  latestUpdatedAt(): string | null;
  /** Hands the main thread back during long pages. */
  yieldIfLong(): Promise<void>;
  /** The longest wait between tries (tests shorten it); default the shared backoff's. */
  maxBackoffMs?: number;
}

const OPEN = OPEN_STATUSES.join(',');
const SETTLED = 'resolved,closed';
/** A back-fill starts this much before the newest update held: clocks and seconds round. */
const BACKFILL_MARGIN_MS = 60_000;
/** A page of GET /events whose items are checked one by one (the contract's EventPage, item-wise). */
const LooseEventPage = z.object({ items: z.array(z.unknown()), nextCursor: z.string().nullable() });
/** No list is followed past this many pages; a back-fill that reaches it reloads instead. */
export const MAX_PAGES = 50;

export class EventLoader {
  private loaded = false;
  private stopped = false;
  private running: { startedAt: number } | null = null;
  /** Start of the last load that succeeded: everything changed since then is held. */
  private coveredFrom = Number.NEGATIVE_INFINITY;
  /** A load must start at or after this (a connection opened then); null: none wanted. */
  private wanted: number | null = null;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly abort = new AbortController();
  private state: ListState = { phase: 'loading', problem: null };

  constructor(private readonly o: EventLoaderOptions) {}

  /** The first load has ended, well or not: the stream may call itself live. */
  get settled(): boolean {
    return this.loaded || this.state.phase === 'failed';
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** A stream connection opened at `openedAt`: make sure a load starting after it runs. */
  cover(openedAt: number): void {
    if (this.stopped || this.coveredFrom >= openedAt) return;
    if (this.running && this.running.startedAt >= openedAt) return;
    this.wanted = Math.max(this.wanted ?? openedAt, openedAt);
    if (!this.running && !this.retryTimer) void this.run();
  }

  /** The API can be reached again (the stream is live): a load that could not reach it goes now. */
  retryNow(): void {
    const p = this.state.problem;
    const unreachable = p instanceof ApiProblem && (p.kind === 'network' || p.kind === 'timeout');
    if (!this.retryTimer || !unreachable) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    void this.run();
  }

  private async run(): Promise<void> {
    if (this.running || this.stopped) return;
    const startedAt = Date.now();
    this.running = { startedAt };
    this.wanted = null;
    try {
      if (!this.loaded) {
        await this.pages({ status: OPEN }, Number.POSITIVE_INFINITY);
        await this.pages({ status: SETTLED }, this.o.settledWindow);
        this.loaded = true;
      } else if (await this.since()) {
        // Too much changed to page through: load the open events afresh.
        this.loaded = false;
        this.wanted = startedAt;
      }
      this.failures = 0;
      this.coveredFrom = startedAt;
      this.report({ phase: 'ready', problem: null });
    } catch (e) {
      if (this.stopped) return;
      this.failures++;
      this.wanted = Math.min(this.wanted ?? startedAt, startedAt);
      this.report({ phase: 'failed', problem: e });
      // Its own count, too: a cursor that cycles fails a load whose every request succeeded.
      // A list that never ends will not end in a second either, and each try costs pages:
      // it waits the longest step at once.
      const paging = e instanceof ApiProblem && e.kind === 'paging';
      const wait = Math.max(
        backoffDelay(paging ? Number.POSITIVE_INFINITY : this.failures, Math.random(), {
          maxMs: this.o.maxBackoffMs ?? BACKOFF.maxMs,
        }),
        this.o.client.discipline.retryDelay(this.failures - 1, e),
      );
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        void this.run();
      }, wait);
    } finally {
      this.running = null;
    }
    if (this.wanted !== null && !this.retryTimer && !this.stopped) void this.run();
  }

  private report(state: ListState): void {
    if (state.phase === this.state.phase && state.problem === this.state.problem) return;
    this.state = state;
    this.o.onList(state);
  }

  /** What changed since the newest update held; true when too much did to page through. */
  private async since(): Promise<boolean> {
    const latest = this.o.latestUpdatedAt();
    if (latest === null) return false;
    // Never from the future (one bad timestamp must not hide a gap); earlier only overlaps.
    const from = Math.min(Date.parse(latest), Date.now()) - BACKFILL_MARGIN_MS;
    return this.pages({ since: new Date(from).toISOString() }, (MAX_PAGES - 1) * LIST_LIMIT_MAX);
  }

  /** Follows a listing's cursors up to `maxItems`; true when it stopped there with more to come. */
  private async pages(query: Query, maxItems: number): Promise<boolean> {
    const { client } = this.o;
    const signal = this.abort.signal;
    const guard = new CursorGuard(client.url('/events'), MAX_PAGES, client.discipline);
    const region = this.o.region ? { region: this.o.region } : {};
    let cursor: string | null = null;
    let n = 0;
    do {
      const page: z.infer<typeof LooseEventPage> = await client.get(
        '/events',
        LooseEventPage,
        { ...query, ...region, limit: LIST_LIMIT_MAX, cursor },
        signal,
      );
      if (signal.aborted) break;
      // Each event validated on its own, in slices: one bad event is skipped and counted,
      // not the page lost; a page of 1,000 never blocks the page.
      const good: IocEvent[] = [];
      for (const item of page.items) {
        const parsed = IocEvent.safeParse(item);
        if (parsed.success) good.push(parsed.data);
        else this.o.onSkip();
        await this.o.yieldIfLong();
      }
      if (good.length > 0) this.o.onEvents(good);
      n += page.items.length;
      cursor = page.nextCursor;
      guard.follow(cursor);
    } while (cursor !== null && n < maxItems && !signal.aborted);
    if (signal.aborted) throw new ApiProblem('network', '/events', 'aborted');
    return cursor !== null;
  }
}
