/**
 * The request discipline every endpoint goes through (the client calls it for each request,
 * the stream for each connection), so no fault and no bug can make the app hammer a path:
 *
 * - a budget per path: a bucket of BURST requests refilled at one a second. A list's next
 *   page is progress, not repetition: a cursor its CursorGuard has just followed (new to the
 *   list, under the page cap) is admitted once without spending the budget, so a 50-page
 *   list loads at the speed the API answers; the same cursor asked again, a cursor that
 *   repeats or cycles, or a list that restarts pays like any other request;
 * - a hold per failing path: after its n-th failure in a row a path is not asked again for
 *   backoffDelay(n), whoever asks (a panel, the rings, "nearby"); a request made meanwhile
 *   is answered at once with the path's last problem, so the panel still says what is wrong;
 * - the wait before a query retries, which never comes before the path admits again;
 * - word that the API answers again: a request succeeds on a path that last failed because
 *   the API could not be reached (onReachable), so what waits out a long backoff for the
 *   same API (the event stream) may try again at once.
 */
import { BACKOFF, backoffDelay } from './backoff';
import { ApiProblem } from './errors';

/** Requests a path may make at once, and how many it regains each second. */
const BURST = 30;
const REFILL_PER_S = 1;
/** Paths remembered before idle ones are forgotten (action paths carry event ids). */
const MAX_PATHS = 500;
/** Next pages a path may have granted at once (lists are followed one page at a time). */
const MAX_EXPECTED = 4;

interface PathState {
  tokens: number;
  at: number;
  failures: number;
  heldUntil: number;
  last: ApiProblem | null;
  /** Cursors a CursorGuard followed on this path: each admits one request without a token. */
  expected: string[];
}

/** The path of a request URL, without its query: what the budget and the hold are kept by. */
export function pathKey(url: string): string {
  try {
    return new URL(url).pathname.replace(/\/+$/u, '');
  } catch {
    return url.split('?')[0] ?? url;
  }
}

/** The `cursor` a request URL asks for; null when it asks for a list's first page. */
function cursorOf(url: string): string | null {
  try {
    return new URL(url).searchParams.get('cursor') || null;
  } catch {
    return null;
  }
}

const unreachable = (p: ApiProblem | null) => p !== null && (p.kind === 'network' || p.kind === 'timeout');

export class RequestDiscipline {
  private readonly paths = new Map<string, PathState>();
  private readonly reachable = new Set<() => void>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {}

  private state(path: string): PathState {
    let s = this.paths.get(path);
    if (!s) {
      if (this.paths.size >= MAX_PATHS) this.forgetIdle();
      s = { tokens: BURST, at: this.now(), failures: 0, heldUntil: 0, last: null, expected: [] };
      this.paths.set(path, s);
    }
    return s;
  }

  /** Throws the reason a request to `url` may not go now; else counts it against the budget. */
  admit(url: string): void {
    const path = pathKey(url);
    const s = this.state(path);
    const now = this.now();
    if (s.last && now < s.heldUntil) throw s.last.heldFor(s.heldUntil - now);
    const cursor = cursorOf(url);
    const granted = cursor === null ? -1 : s.expected.indexOf(cursor);
    if (granted >= 0) {
      // The next page of a list that is making progress: once, free of the budget.
      s.expected.splice(granted, 1);
      return;
    }
    s.tokens = Math.min(BURST, s.tokens + ((now - s.at) / 1000) * REFILL_PER_S);
    s.at = now;
    if (s.tokens < 1) {
      const wait = Math.ceil(((1 - s.tokens) / REFILL_PER_S) * 1000);
      throw new ApiProblem('throttled', url, `more than ${BURST} requests at once`, undefined, {
        retryAfterMs: wait,
      });
    }
    s.tokens -= 1;
  }

  succeeded(url: string): void {
    const s = this.paths.get(pathKey(url));
    if (!s) return;
    const back = unreachable(s.last);
    s.failures = 0;
    s.heldUntil = 0;
    s.last = null;
    if (back) for (const listener of [...this.reachable]) listener();
  }

  /**
   * Calls `listener` each time a request succeeds on a path whose last failure was that the
   * API could not be reached: the API answers again. Returns the unsubscribe.
   */
  onReachable(listener: () => void): () => void {
    this.reachable.add(listener);
    return () => this.reachable.delete(listener);
  }

  /** A request to `url` failed: hold the path for as long as its failures in a row say. */
  failed(url: string, problem: ApiProblem): void {
    if (problem.kind === 'throttled') return;
    const s = this.state(pathKey(url));
    s.failures++;
    s.last = problem;
    const wait = Math.max(backoffDelay(s.failures, this.random()), problem.retryAfterMs ?? 0);
    s.heldUntil = this.now() + Math.min(wait, BACKOFF.maxMs);
  }

  /**
   * A list on `url`'s path has moved on to `cursor` (its CursorGuard checked that the cursor
   * is new to the list and under the page cap): the request for that page is progress.
   */
  progress(url: string, cursor: string): void {
    const s = this.state(pathKey(url));
    if (s.expected.includes(cursor)) return;
    s.expected.push(cursor);
    if (s.expected.length > MAX_EXPECTED) s.expected.shift();
  }

  /** ms until `url` is admitted again (0: now). */
  heldFor(url: string): number {
    const s = this.paths.get(pathKey(url));
    return s?.last ? Math.max(0, s.heldUntil - this.now()) : 0;
  }

  /**
   * The API is reachable again (the stream went live, the browser came online): paths held
   * because the API could not be reached may be asked at once.
   */
  recovered(): void {
    for (const s of this.paths.values()) if (unreachable(s.last)) s.heldUntil = 0;
  }

  /**
   * TanStack Query's retryDelay: the path's own schedule while it is held (shared by every
   * query of that path), else the shared backoff by the query's failures.
   */
  retryDelay(failureCount: number, error: unknown): number {
    if (error instanceof ApiProblem) {
      const held = this.heldFor(error.path);
      if (held > 0) return held + this.random() * 250;
      if (error.kind === 'throttled' && error.retryAfterMs !== undefined) return error.retryAfterMs;
    }
    return backoffDelay(failureCount + 1, this.random());
  }

  private forgetIdle(): void {
    for (const [path, s] of this.paths) if (s.failures === 0) this.paths.delete(path);
  }
}

/**
 * Where a list of pages stops: a cursor seen before (repeated or cycling), or too many pages.
 * A cursor it lets the list follow is told to the discipline as progress (see admit).
 */
export class CursorGuard {
  private readonly seen = new Set<string>();
  private pages = 0;

  constructor(
    private readonly path: string,
    private readonly maxPages: number,
    private readonly discipline?: RequestDiscipline,
  ) {}

  /** Call with each page's next cursor; throws when following it would never end. */
  follow(cursor: string | null): void {
    this.pages++;
    if (cursor === null) return;
    if (this.seen.has(cursor))
      throw new ApiProblem('paging', this.path, `cursor repeated after ${this.pages} pages`);
    if (this.pages >= this.maxPages)
      throw new ApiProblem('paging', this.path, `more than ${this.maxPages} pages`);
    this.seen.add(cursor);
    this.discipline?.progress(this.path, cursor);
  }
}
