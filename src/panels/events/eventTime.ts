/**
 * How an event's age, deadline and distance read, as pure functions: the wall's alert
 * shows them before the feed's own code has loaded, so they live apart from it.
 */
import type { IocEvent } from '@ioc/contract/contract';
import { isOpen } from '@ioc/contract/rules';
import type { Translate } from '../../i18n';

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
