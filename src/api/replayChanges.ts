/**
 * Playing forward (docs/API.md "Replay"): the replayed set at the next moment is the one shown
 * plus GET /events/changes between the two, bounded as GET /events?asOf= would bound it, so a
 * step reads what changed rather than every event again. GET /events/{id}?asOf= reads one.
 */
import { EventChange, IocEvent, LIST_LIMIT_MAX } from '@ioc/contract/contract';
import { isOpen } from '@ioc/contract/rules';
import { listOrder } from '@ioc/domain/events/asof';
import { parseIso } from '@ioc/domain/time';
import type { ApiClient } from './client';
import { CursorGuard } from './discipline';
import { ApiProblem } from './errors';
import { type HistoryFromListener, headersTo, LoosePage, REPLAY_SETTLED } from './replay';

/** Past this many pages a step is read whole again: one asOf read costs about as much. */
const MAX_CHANGE_PAGES = 5;

/**
 * GET /events/changes in (from, to], every page, oldest first; null when the step holds more
 * than MAX_CHANGE_PAGES pages or a change that is not the contract's (the caller reads the
 * moment whole, which leaves such an event out as eventsAsOf does).
 */
export async function fetchChanges(
  client: ApiClient,
  r: { from: string; to: string; region: string | null },
  signal: AbortSignal,
  onHistoryFrom?: HistoryFromListener,
): Promise<EventChange[] | null> {
  const guard = new CursorGuard(client.url('/events/changes'), MAX_CHANGE_PAGES + 1, client.discipline);
  const out: EventChange[] = [];
  let cursor: string | null = null;
  for (let pages = 0; ; pages++) {
    if (pages === MAX_CHANGE_PAGES) return null;
    const page: LoosePage = await client.get(
      '/events/changes',
      LoosePage,
      { ...r, limit: LIST_LIMIT_MAX, cursor },
      signal,
      headersTo(onHistoryFrom),
    );
    for (const item of page.items) {
      const parsed = EventChange.safeParse(item);
      if (!parsed.success) return null;
      out.push(parsed.data);
    }
    cursor = page.nextCursor;
    guard.follow(cursor);
    if (cursor === null) return out;
  }
}

/**
 * The replayed set after `changes`: every open event and the REPLAY_SETTLED latest settled,
 * changed at or after `since`. updatedAt only grows, so the latest settled at the later
 * moment are among those held and those changed: the answer is eventsAsOf's last.
 */
export function advanceReplayed(
  held: ReadonlyMap<string, IocEvent>,
  changes: readonly EventChange[],
  since: number | null,
): Map<string, IocEvent> {
  const all = new Map(held);
  for (const c of changes) all.set(c.event.id, c.event);
  const open: IocEvent[] = [];
  const settled: IocEvent[] = [];
  for (const ev of all.values())
    if (since === null || parseIso(ev.updatedAt) >= since) (isOpen(ev) ? open : settled).push(ev);
  open.sort(listOrder);
  settled.sort(listOrder);
  return new Map([...open, ...settled.slice(0, REPLAY_SETTLED)].map((ev) => [ev.id, ev]));
}

/** GET /events/{id}?asOf=: the event as it was then; null when it was not known (or not ours) then. */
export async function fetchEventAsOf(
  client: ApiClient,
  r: { id: string; asOf: string; region: string | null },
  signal: AbortSignal,
): Promise<IocEvent | null> {
  try {
    return await client.get(
      `/events/${encodeURIComponent(r.id)}`,
      IocEvent,
      { asOf: r.asOf, region: r.region },
      signal,
    );
  } catch (e) {
    if (e instanceof ApiProblem && e.status === 404) return null;
    throw e;
  }
}
