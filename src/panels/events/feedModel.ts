/**
 * The feed as pure functions: which events a filter and a scope keep, in which order,
 * and how age and deadlines read. No React, so they test without a browser.
 */
import type { EventSource, EventStatus, IocEvent } from '../../api/contract';
import { eventInRegion, isOpen, type RegionTree } from '../../api/rules';
import type { Translate } from '../../i18n';
import { projectEvent, type QueuedAction } from '../../state/actionQueue';
import { feedOrder, type ViewRule } from '../../state/eventIndex';

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
  const pendingIds = new Set(queued.map((a) => a.eventId));
  return (base) => {
    const ev = pendingIds.has(base.id) ? projectEvent(base, queued) : base;
    return keepByFilter(ev, filter) && eventInRegion(ev, scope, tree) ? ev : null;
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

/** A duration in the largest units that matter to an operator: 5 分 / 2 小时 15 分 / 3 天 4 小时. */
export function formatDuration(t: Translate, ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return t('events.duration.m', { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('events.duration.hm', { h: hours, m: minutes % 60 });
  return t('events.duration.dh', { d: Math.floor(hours / 24), h: hours % 24 });
}

export function formatAge(t: Translate, iso: string, now: number): string {
  const minutes = Math.floor((now - Date.parse(iso)) / 60_000);
  if (minutes < 1) return t('events.age.justNow');
  if (minutes < 60) return t('events.age.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  return hours < 24
    ? t('events.age.hours', { n: hours })
    : t('events.age.days', { n: Math.floor(hours / 24) });
}

/** Time left to dueAt, or how far past it; null once the event is settled (the clock stopped). */
export function deadline(ev: IocEvent, now: number): { overdue: boolean; ms: number } | null {
  if (!isOpen(ev)) return null;
  const left = Date.parse(ev.dueAt) - now;
  return { overdue: left < 0, ms: Math.abs(left) };
}

export function formatDeadline(t: Translate, ev: IocEvent, now: number): string | null {
  const d = deadline(ev, now);
  if (!d) return null;
  const text = formatDuration(t, d.ms);
  return d.overdue ? t('events.due.overdue', { d: text }) : t('events.due.left', { d: text });
}

/** Distance for people: 350 米 / 1.2 公里. */
export function formatDistance(t: Translate, meters: number): string {
  if (meters < 1000) return t('events.distance.m', { n: Math.round(meters / 10) * 10 });
  return t('events.distance.km', { n: (meters / 1000).toFixed(1) });
}
