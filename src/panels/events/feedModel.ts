/**
 * The feed as pure functions: which events a filter and a scope keep, and in which order
 * (how age and deadlines read: ./eventTime.ts). No React, so they test without a browser.
 */
import type { EventSource, EventStatus, IocEvent } from '@ioc/contract/contract';
import { isOpen, type RegionTree } from '@ioc/contract/rules';
import { type QueuedAction, scopedView } from '../../pipeline/actions';
import { feedOrder, type ViewRule } from '../../pipeline/eventIndex';

export type StatusFilter = 'all' | 'open' | EventStatus;
export type SourceFilter = 'all' | EventSource;
/** Minimum severity; 'all' keeps every event. */
export type SeverityFilter = 'all' | 2 | 3 | 4;

export interface FeedFilter {
  status: StatusFilter;
  source: SourceFilter;
  severity: SeverityFilter;
}

export function keepByFilter(ev: IocEvent, f: FeedFilter): boolean {
  if (f.status === 'open' ? !isOpen(ev) : f.status !== 'all' && ev.status !== f.status) return false;
  if (f.source !== 'all' && ev.source !== f.source) return false;
  return f.severity === 'all' || ev.severity >= f.severity;
}

/** What the feed shows of a held event: queued actions applied on top, then filter and scope. */
export function feedRule(
  filter: FeedFilter,
  scope: string | null,
  tree: RegionTree,
  queued: readonly QueuedAction[],
): ViewRule {
  const view = scopedView(queued, scope, tree);
  return (base) => {
    const ev = view(base);
    return ev && keepByFilter(ev, filter) ? ev : null;
  };
}

/**
 * The feed's rows at once (tests; the feed itself keeps them across flushes in a
 * SortedEvents): newest update first, ties by id, descending, as GET /events orders them.
 */
export function selectFeed(
  events: Iterable<IocEvent>,
  filter: FeedFilter,
  scope: string | null,
  tree: RegionTree,
  queued: readonly QueuedAction[],
): IocEvent[] {
  const rule = feedRule(filter, scope, tree, queued);
  const rows: IocEvent[] = [];
  for (const base of events) {
    const ev = rule(base);
    if (ev) rows.push(ev);
  }
  return rows.sort(feedOrder);
}
