/**
 * Replay: an event as it was at a moment, read back from its append-only history, and the
 * moments worth stepping to. The server and the mock replay alike with these functions.
 *
 * History keeps what was done, not where a dispatch sent the event, so the assignee at a
 * moment is worked back from the current one: undoing a first dispatch leaves none, undoing a
 * street's dispatch to one of its communities leaves that street. Where the history proves
 * nothing more (a re-dispatch by the district, an escalation), the later assignee stands: the
 * nearest region the history vouches for, never one outside the event's later chain.
 */
import { CRITICAL_SEVERITY, type HistoryEntry, type IocEvent, type Milestone } from '@ioc/contract/contract';
import { isOpen } from '@ioc/contract/rules';
import type { RegionIndex } from '../regions';

type Assignee = NonNullable<IocEvent['assignee']>;
import { formatIso, parseIso } from '../time';

/** The history entries written at or before t (history is appended in time order). */
export function historyAt(history: readonly HistoryEntry[], t: number): HistoryEntry[] {
  let n = 0;
  while (n < history.length && parseIso((history[n] as HistoryEntry).at) <= t) n++;
  return history.slice(0, n);
}

/** The assignee before `entry` was applied, given the one after it. */
function assigneeBefore(
  regions: RegionIndex,
  entry: HistoryEntry,
  after: Assignee | undefined,
): Assignee | undefined {
  if (entry.action === 'report') return undefined;
  if (entry.action !== 'dispatch') return after;
  if (entry.fromStatus === 'reported') return undefined;
  if (after?.level === 'community') {
    const street = regions.get(after.regionId)?.parentId;
    if (street) return { level: 'street', regionId: street };
  }
  return after;
}

/**
 * The event as it was at t: null when it was not known yet (reported later, or no history
 * entry at or before t). Status and updatedAt are those of the last entry kept.
 */
export function eventAsOf(regions: RegionIndex, ev: IocEvent, t: number): IocEvent | null {
  if (parseIso(ev.reportedAt) > t) return null;
  return eventAtVersion(regions, ev, historyAt(ev.history, t).length);
}

/**
 * The event right after its `version`-th history entry (null for none). A change is one
 * entry, and two entries may share a second, so GET /events/changes cuts by count, not time.
 */
export function eventAtVersion(regions: RegionIndex, ev: IocEvent, version: number): IocEvent | null {
  const kept = ev.history.slice(0, version);
  const last = kept[kept.length - 1];
  if (!last) return null;
  if (kept.length === ev.history.length) return ev;
  let assignee = ev.assignee;
  for (let i = ev.history.length - 1; i >= kept.length; i--)
    assignee = assigneeBefore(regions, ev.history[i] as HistoryEntry, assignee);
  const out: IocEvent = { ...ev, status: last.toStatus, updatedAt: last.at, history: kept };
  if (assignee) out.assignee = { ...assignee };
  else delete out.assignee;
  return out;
}

/** Order of GET /events/changes: oldest first, then event id, then the event's own order. */
export function changeOrder(
  a: { at: number; id: string; version: number },
  b: { at: number; id: string; version: number },
): number {
  if (a.at !== b.at) return a.at - b.at;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return a.version - b.version;
}

/** List order of GET /events: newest update first, then id descending. */
export function listOrder(a: IocEvent, b: IocEvent): number {
  const d = parseIso(b.updatedAt) - parseIso(a.updatedAt);
  if (d !== 0) return d;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Milestone order: oldest first, then by event and kind, so every implementation agrees. */
export function milestoneOrder(a: Milestone, b: Milestone): number {
  const d = parseIso(a.at) - parseIso(b.at);
  if (d !== 0) return d;
  const ae = a.eventId ?? '';
  const be = b.eventId ?? '';
  if (ae !== be) return ae < be ? -1 : 1;
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  // Two switches of one second: by region, so every implementation agrees.
  return a.regionId < b.regionId ? -1 : a.regionId > b.regionId ? 1 : 0;
}

/**
 * A critical event's milestones within [from, to]: its report, each dispatch, and its
 * deadline when it was still open then. `keep` decides with the event as it was at that
 * moment (a street sees a dispatch to it, not what happened before it was handed over).
 */
export function milestonesOf(
  regions: RegionIndex,
  ev: IocEvent,
  from: number,
  to: number,
  keep: (asOf: IocEvent) => boolean,
): Milestone[] {
  if (ev.severity !== CRITICAL_SEVERITY) return [];
  const out: Milestone[] = [];
  const add = (at: number, kind: Milestone['kind']) => {
    if (at < from || at > to) return;
    const then = eventAsOf(regions, ev, at);
    if (!then || !keep(then)) return;
    if (kind === 'overdue' && !isOpen(then)) return;
    out.push({ at: formatIso(at), kind, eventId: ev.id, title: ev.title, regionId: ev.regionId });
  };
  for (const h of ev.history) {
    if (h.action === 'report') add(parseIso(h.at), 'reported');
    else if (h.action === 'dispatch') add(parseIso(h.at), 'dispatched');
  }
  add(parseIso(ev.dueAt), 'overdue');
  return out;
}
