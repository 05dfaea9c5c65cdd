/**
 * The one backoff of the app: queries, the event stream, the event list and the action
 * queue all wait by it, so no fault can make one part of the app hammer the API while
 * another holds back. Waits grow threefold from a second to a ceiling low enough that a
 * panel is back within half a minute of the API recovering, and high enough that a fault
 * seen twice costs a few requests a minute. Jitter keeps a room of consoles from coming
 * back in one burst.
 */

export interface BackoffPolicy {
  /** The first wait (and the floor of a server's `retry:`). */
  baseMs: number;
  factor: number;
  maxMs: number;
  /** The share of a wait that is random: a wait lies in [(1 - jitter) × w, w]. */
  jitter: number;
}

export const BACKOFF: BackoffPolicy = { baseMs: 1000, factor: 3, maxMs: 20_000, jitter: 0.25 };

/**
 * The wait before try `attempt` (1 = the first retry). `baseMs` may be a server's SSE
 * `retry:`, which is honoured but never below the policy's own base: `retry: 0` must not
 * turn a flapping stream into a storm.
 */
export function backoffDelay(
  attempt: number,
  random: number = Math.random(),
  policy: Partial<BackoffPolicy> = {},
): number {
  const p = { ...BACKOFF, ...policy };
  const base = Math.max(BACKOFF.baseMs, p.baseMs);
  const wait = Math.min(p.maxMs, base * p.factor ** Math.max(0, attempt - 1));
  return wait * (1 - p.jitter * random);
}

/**
 * Backoff for something that connects and stays connected (the event stream). It counts
 * how long each connection lived, not only that it opened: only one that lived `stableMs`
 * earns a fresh start, so a server that accepts and drops at once is retried ever more
 * slowly instead of at the first, shortest wait each time.
 */
export class ConnectionBackoff {
  private attempt = 0;
  /** Connections in a row that ended before `stableMs`. */
  private short = 0;

  constructor(
    private readonly stableMs = 30_000,
    private readonly policy: Partial<BackoffPolicy> = {},
    private readonly random: () => number = Math.random,
  ) {}

  /** A try ended after `livedMs` (0: it never opened); the wait before the next. */
  next(livedMs: number, serverRetryMs?: number): number {
    if (livedMs >= this.stableMs) {
      this.attempt = 0;
      this.short = 0;
    } else if (livedMs > 0) this.short++;
    this.attempt++;
    const policy = serverRetryMs === undefined ? this.policy : { ...this.policy, baseMs: serverRetryMs };
    return backoffDelay(this.attempt, this.random(), policy);
  }

  /** Connections in a row that opened and died young: the stream is flapping. */
  get flaps(): number {
    return this.short;
  }
}
