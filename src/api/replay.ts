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

async function pages(
  client: ApiClient,
  query: Query,
  maxItems: number,
  signal: AbortSignal,
  onHistoryFrom?: HistoryFromListener,
): Promise<IocEvent[]> {
  const guard = new CursorGuard(client.url('/events'), MAX_PAGES, client.discipline);
  const out: IocEvent[] = [];
  let cursor: string | null = null;
  let n = 0;
  do {
    const page: z.infer<typeof LoosePage> = await client.get(
      '/events',
      LoosePage,
      { ...query, limit: LIST_LIMIT_MAX, cursor },
      signal,
      headersTo(onHistoryFrom),
    );
    for (const item of page.items) {
      const parsed = IocEvent.safeParse(item);
      if (parsed.success) out.push(parsed.data);
    }
    n += page.items.length;
    cursor = page.nextCursor;
    guard.follow(cursor);
  } while (cursor !== null && n < maxItems);
  return out;
}

/** GET /events?asOf=: the events known then, each as it was, by id. */
export async function fetchEventsAsOf(
  client: ApiClient,
  r: ReplayRequest,
  signal: AbortSignal,
  onHistoryFrom?: HistoryFromListener,
): Promise<Map<string, IocEvent>> {
  const base: Query = { asOf: r.asOf, region: r.region, since: r.since };
  const open = await pages(
    client,
    { ...base, status: OPEN_STATUSES.join(',') },
    Number.POSITIVE_INFINITY,
    signal,
    onHistoryFrom,
  );
  const settled = await pages(client, { ...base, status: 'resolved,closed' }, REPLAY_SETTLED, signal);
  return new Map([...open, ...settled.slice(0, REPLAY_SETTLED)].map((ev) => [ev.id, ev]));
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
