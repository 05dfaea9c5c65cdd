/**
 * Indicators computed from the event store at `now`: 12345 hotline intake, trend,
 * closure, categories and overdue orders, plus open and severe events of every source.
 * Events count where they happened (regionId / communityId), so a street's figures use
 * only its own events. One pass over the retained events per request.
 */
import type { EventSource, Indicator, IocEvent } from '@ioc/contract/contract';
import { OPEN_STATUSES, SETTLED_STATUSES } from '@ioc/contract/rules';
import { HOTLINE_CATEGORIES, SOURCES } from '@ioc/domain/events/categories';
import type { Region } from '@ioc/domain/regions';
import { formatIso, HOUR, parseIso, startOfLocalDay } from '@ioc/domain/time';
import { childrenOf, indicator, pct } from '@ioc/domain/kpis/indicator';

const OPEN = new Set<IocEvent['status']>(OPEN_STATUSES);
const DONE = new Set<IocEvent['status']>(SETTLED_STATUSES);

/** Counters for one region (the asked one or one of its children). */
class Tally {
  intakeToday = 0;
  intake24h = 0;
  /** Orders that fell due in the last 24 h, and how many of those are resolved or closed. */
  due24h = 0;
  doneDue24h = 0;
  overdue = 0;
  open = 0;
  severe = 0;
  readonly category = new Map<string, number>();
  readonly sourceToday = new Map<EventSource, number>();
  readonly hourly: number[] = Array<number>(24).fill(0);
}

export function eventIndicators(region: Region, events: Iterable<IocEvent>, now: number): Indicator[] {
  const children = childrenOf(region);
  const total = new Tally();
  const byChild = new Map(children.map((c) => [c.id, new Tally()]));
  const dayStart = startOfLocalDay(now);
  const from24h = now - 24 * HOUR;
  // Hour buckets end at the current hour: [h-23, ..., h].
  const lastHourStart = Math.floor(now / HOUR) * HOUR;
  const firstHourStart = lastHourStart - 23 * HOUR;

  for (const ev of events) {
    const inRegion =
      region.level === 'district' ||
      (region.level === 'street' ? ev.regionId === region.id : ev.communityId === region.id);
    if (!inRegion) continue;
    const childId =
      region.level === 'district' ? ev.regionId : region.level === 'street' ? ev.communityId : undefined;
    const child = childId !== undefined ? byChild.get(childId) : undefined;
    const tallies = child ? [total, child] : [total];
    const reported = parseIso(ev.reportedAt);
    const open = OPEN.has(ev.status);
    for (const t of tallies) {
      if (open) {
        t.open++;
        if (ev.severity >= 3) t.severe++;
      }
      if (reported >= dayStart && reported <= now)
        t.sourceToday.set(ev.source, (t.sourceToday.get(ev.source) ?? 0) + 1);
      if (ev.source !== '12345') continue;
      if (open && parseIso(ev.dueAt) < now) t.overdue++;
      if (reported >= dayStart && reported <= now) t.intakeToday++;
      const due = parseIso(ev.dueAt);
      if (due > from24h && due <= now) {
        t.due24h++;
        if (DONE.has(ev.status)) t.doneDue24h++;
      }
      if (reported > from24h && reported <= now) {
        t.intake24h++;
        t.category.set(ev.category, (t.category.get(ev.category) ?? 0) + 1);
      }
      if (reported >= firstHourStart && reported < lastHourStart + HOUR) {
        const h = Math.floor((reported - firstHourStart) / HOUR);
        t.hourly[h] = (t.hourly[h] as number) + 1;
      }
    }
  }

  const breakdown = (fn: (t: Tally) => number) =>
    children.length > 0
      ? { breakdown: children.map((c) => ({ regionId: c.id, value: fn(byChild.get(c.id) as Tally) })) }
      : {};

  const out: Indicator[] = [
    indicator(
      'hotline.intakeToday',
      '12345热线今日受理',
      total.intakeToday,
      '件',
      breakdown((t) => t.intakeToday),
    ),
    indicator('hotline.trend', '12345热线近24小时受理', total.intake24h, '件', {
      trend: total.hourly.map((v, i) => ({ t: formatIso(firstHourStart + i * HOUR), v })),
    }),
    indicator(
      'hotline.closureRate',
      '12345热线办结率（近24小时到期工单）',
      pct(total.doneDue24h, total.due24h),
      '%',
      {
        target: 100,
        ...breakdown((t) => pct(t.doneDue24h, t.due24h)),
      },
    ),
    indicator(
      'hotline.overdue',
      '12345热线超期工单',
      total.overdue,
      '件',
      breakdown((t) => t.overdue),
    ),
  ];
  for (const c of HOTLINE_CATEGORIES) {
    out.push(
      indicator(
        `hotline.category.${c.id}`,
        `12345${c.label}（近24小时）`,
        total.category.get(c.id) ?? 0,
        '件',
        breakdown((t) => t.category.get(c.id) ?? 0),
      ),
    );
  }
  out.push(
    indicator(
      'events.open',
      '待办结事件',
      total.open,
      '件',
      breakdown((t) => t.open),
    ),
    indicator(
      'events.severe',
      '重大事件（3级及以上，未办结）',
      total.severe,
      '件',
      breakdown((t) => t.severe),
    ),
  );
  for (const s of SOURCES) {
    out.push(
      indicator(
        `events.source.${s.source}`,
        `${s.label}今日事件`,
        total.sourceToday.get(s.source) ?? 0,
        '件',
      ),
    );
  }
  return out;
}
