/**
 * Reading the past (docs/API.md "Replay"): the events as they were at a moment, and the
 * moments worth stepping to. The replayed set is bounded like the live one (every open
 * event, a window of the latest settled), each event validated on its own with the
 * contract's schema so one bad event is left out, not the moment lost.
 */
import { z } from 'zod';
import { IocEvent, LIST_LIMIT_MAX, MilestoneList } from '@ioc/contract/contract';
import { OPEN_STATUSES } from '@ioc/contract/rules';
import { parseIso } from '@ioc/domain/time';
import type { ApiClient, Query } from './client';
import { CursorGuard } from './discipline';

/** As many settled events as the live feed holds (src/api/stream.ts). */
export const REPLAY_SETTLED = 2000;
/** No replayed list is followed past this many pages. */
const MAX_PAGES = 50;
export const LoosePage = z.object({ items: z.array(z.unknown()), nextCursor: z.string().nullable() });
export type LoosePage = z.infer<typeof LoosePage>;

export interface ReplayRequest {
  /** The moment, ISO with offset. */
  asOf: string;
  region: string | null;
  /** Only events changed at or after this (the "last N hours" window); null: all known then. */
  since: string | null;
}

/** The X-History-From header, in ms; called with each answer that carries it. */
export type HistoryFromListener = (ms: number) => void;

export function headersTo(onHistoryFrom?: HistoryFromListener) {
  return {
    onHeaders(h: Headers) {
      const raw = h.get('x-history-from');
      if (raw === null || !onHistoryFrom) return;
      const ms = parseIso(raw);
      if (Number.isFinite(ms)) onHistoryFrom(ms);
    },
  };
}

/** Settled events in a jump's first answer: the feed's first screens and the last hour's fading dots. */
export const HEAD_SETTLED = 200;

interface Pages {
  items: IocEvent[];
  /** Where the list goes on; null at its end. */
  cursor: string | null;
}

async function pages(
  client: ApiClient,
  query: Query,
  read: { limit: number; maxItems: number; cursor: string | null },
  signal: AbortSignal,
  onHistoryFrom?: HistoryFromListener,
): Promise<Pages> {
  const guard = new CursorGuard(client.url('/events'), MAX_PAGES, client.discipline);
  const items: IocEvent[] = [];
  let cursor = read.cursor;
  let n = 0;
  do {
    const page: z.infer<typeof LoosePage> = await client.get(
      '/events',
      LoosePage,
      { ...query, limit: Math.min(read.limit, read.maxItems - n), cursor },
      signal,
      headersTo(onHistoryFrom),
    );
    for (const item of page.items) {
      const parsed = IocEvent.safeParse(item);
      if (parsed.success) items.push(parsed.data);
    }
    n += page.items.length;
    cursor = page.nextCursor;
    guard.follow(cursor);
  } while (cursor !== null && n < read.maxItems);
  return { items, cursor };
}

/** When the page has nothing else to do (a second at most). */
const idle = () =>
  new Promise<void>((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 1000 });
    else setTimeout(resolve, 50);
  });

const byIdOf = (events: readonly IocEvent[]) => new Map(events.map((ev) => [ev.id, ev]));

/**
 * GET /events?asOf=: the events known then, each as it was, by id; in two steps so that a
 * jump draws from its first answers: every open event and the HEAD_SETTLED latest settled
 * (asked side by side), then the set with the rest of the settled window.
 */
export async function* eventsAsOf(
  client: ApiClient,
  r: ReplayRequest,
  signal: AbortSignal,
  onHistoryFrom?: HistoryFromListener,
): AsyncGenerator<Map<string, IocEvent>> {
  const base: Query = { asOf: r.asOf, region: r.region, since: r.since };
  const settledQuery = { ...base, status: 'resolved,closed' };
  const [open, head] = await Promise.all([
    pages(
      client,
      { ...base, status: OPEN_STATUSES.join(',') },
      { limit: LIST_LIMIT_MAX, maxItems: Number.POSITIVE_INFINITY, cursor: null },
      signal,
      onHistoryFrom,
    ),
    pages(client, settledQuery, { limit: HEAD_SETTLED, maxItems: HEAD_SETTLED, cursor: null }, signal),
  ]);
  const first = [...open.items, ...head.items];
  yield byIdOf(first);
  if (head.cursor === null || head.items.length >= REPLAY_SETTLED) return;
  // The rest once the first answers are drawn: asked at once, its parsing and the server's
  // answering it would hold back the very picture the first answers were for.
  await idle();
  signal.throwIfAborted();
  const rest = await pages(
    client,
    settledQuery,
    { limit: LIST_LIMIT_MAX, maxItems: REPLAY_SETTLED - head.items.length, cursor: head.cursor },
    signal,
  );
  yield byIdOf([...first, ...rest.items]);
}

/** GET /milestones between two moments (ISO), oldest first. */
export function fetchMilestones(
  client: ApiClient,
  range: { from: string; to: string; region: string | null },
  signal: AbortSignal,
  onHistoryFrom?: HistoryFromListener,
): Promise<MilestoneList> {
  return client.get(
    '/milestones',
    MilestoneList,
    { ...range, limit: LIST_LIMIT_MAX },
    signal,
    headersTo(onHistoryFrom),
  );
}
