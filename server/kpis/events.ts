/**
 * Event indicators (12345 hotline, open and severe events, today's events per source),
 * counted by SQL from the events table at `now`, where each event happened (region_id /
 * community_id): the same indicators and windows as the mock's kpis/event-kpis.ts.
 */
import { HOTLINE_CATEGORIES, SOURCES } from '@ioc/domain/events/categories';
import { indicator, pct } from '@ioc/domain/kpis/indicator';
import type { Region } from '@ioc/domain/regions';
import { formatIso, HOUR, startOfLocalDay } from '@ioc/domain/time';
import type { Indicator } from '@ioc/contract/contract';
import { OPEN_STATUSES, SETTLED_STATUSES } from '@ioc/contract/rules';
import type { Sql } from '../db/driver';
import { candidatesAt, entryAt } from '../events/asof';
import { breakdownRegions, grouped } from './aggregate';
import { Params } from '../db/params';

const HOTLINE = "e.source = '12345'";
// $1 now, $2 start of the local day, $3 24 hours ago
const TODAY = 'e.reported_at >= $2 AND e.reported_at <= $1';
const LAST_24H = 'e.reported_at > $3 AND e.reported_at <= $1';
const DUE_24H = 'e.due_at > $3 AND e.due_at <= $1';
/** What the figures read of an event (its status is the moment's when replayed). */
const COLUMNS = 'id, source, category, severity, region_id, community_id, reported_at, due_at';

export async function eventIndicators(
  db: Sql,
  districtId: string,
  region: Region,
  now: number,
  replay = false,
): Promise<Indicator[]> {
  const iso = (ms: number) => new Date(ms).toISOString();
  // $1 now, $2 the start of today, $3 24 hours ago: the fixed places the SQL above names.
  const params = new Params([iso(now), iso(startOfLocalDay(now)), iso(now - 24 * HOUR)]);
  // Replayed, the events are those known at `now` that a figure can count, each with its status then.
  const events = (at: string, dayBefore: string) =>
    replay
      ? `(SELECT e.*, k.to_status AS status FROM (${candidatesAt(COLUMNS, at, dayBefore)}) e
           CROSS JOIN ${entryAt(at)}) e`
      : 'events e';
  const param = (v: unknown) => params.add(v);
  // What "open" and "settled" mean is the contract's, handed to SQL as parameters.
  const OPEN = `e.status = ANY(${param([...OPEN_STATUSES])}::text[])`;
  const SETTLED = `e.status = ANY(${param([...SETTLED_STATUSES])}::text[])`;
  const count = (where: string) => `count(*) FILTER (WHERE ${where})`;
  const exprs: Record<string, string> = {
    intakeToday: count(`${HOTLINE} AND ${TODAY}`),
    intake24h: count(`${HOTLINE} AND ${LAST_24H}`),
    // The closure rate is over the orders that fell due in the last 24 hours.
    due24h: count(`${HOTLINE} AND ${DUE_24H}`),
    doneDue24h: count(`${HOTLINE} AND ${DUE_24H} AND ${SETTLED}`),
    overdue: count(`${HOTLINE} AND ${OPEN} AND e.due_at < $1`),
    open: count(OPEN),
    severe: count(`${OPEN} AND e.severity >= 3`),
  };
  for (const c of HOTLINE_CATEGORIES)
    exprs[`cat.${c.id}`] = count(`${HOTLINE} AND ${LAST_24H} AND e.category = ${param(c.id)}`);
  for (const s of SOURCES) exprs[`src.${s.source}`] = count(`${TODAY} AND e.source = ${param(s.source)}`);
  const g = await grouped(
    db,
    districtId,
    {
      from: events('$1', '$3'),
      where: 'true',
      streetCol: 'e.region_id',
      communityCol: 'e.community_id',
      exprs,
    },
    params.values,
  );

  // Hour buckets end at the current hour: [h-23, ..., h].
  const lastHourStart = Math.floor(now / HOUR) * HOUR;
  const firstHourStart = lastHourStart - 23 * HOUR;
  const hours = new Params();
  const from = hours.add(iso(firstHourStart));
  const to = hours.add(iso(lastHourStart + HOUR));
  const column = region.level === 'street' ? 'e.region_id' : 'e.community_id';
  const where = region.level === 'district' ? '' : `AND ${column} = ${hours.add(region.id)}`;
  const known = replay
    ? events(`${hours.add(iso(now))}::timestamptz`, `${hours.add(iso(now - 24 * HOUR))}::timestamptz`)
    : 'events e';
  const hourRows = await db.query<{ h: number; n: number }>(
    `SELECT floor(extract(epoch FROM e.reported_at - ${from}::timestamptz) / 3600)::int AS h, count(*) AS n
     FROM ${known} WHERE ${HOTLINE} AND e.reported_at >= ${from} AND e.reported_at < ${to} ${where} GROUP BY 1`,
    hours.values,
  );
  const hourly = Array<number>(24).fill(0);
  for (const r of hourRows) if (r.h >= 0 && r.h < 24) hourly[r.h] = r.n;

  const v = (key: string) => (r: Region) => g.of(r.id)[key] ?? 0;
  const by = (fn: (r: Region) => number) => {
    const children = breakdownRegions(region);
    return children.length > 0 ? { breakdown: children.map((c) => ({ regionId: c.id, value: fn(c) })) } : {};
  };
  const closure = (r: Region) => pct(v('doneDue24h')(r), v('due24h')(r));
  const out: Indicator[] = [
    indicator(
      'hotline.intakeToday',
      '12345热线今日受理',
      v('intakeToday')(region),
      '件',
      by(v('intakeToday')),
    ),
    indicator('hotline.trend', '12345热线近24小时受理', v('intake24h')(region), '件', {
      trend: hourly.map((n, i) => ({ t: formatIso(firstHourStart + i * HOUR), v: n })),
    }),
    indicator('hotline.closureRate', '12345热线办结率（近24小时到期工单）', closure(region), '%', {
      target: 100,
      ...by(closure),
    }),
    indicator('hotline.overdue', '12345热线超期工单', v('overdue')(region), '件', by(v('overdue'))),
  ];
  for (const c of HOTLINE_CATEGORIES) {
    const n = v(`cat.${c.id}`);
    out.push(indicator(`hotline.category.${c.id}`, `12345${c.label}（近24小时）`, n(region), '件', by(n)));
  }
  out.push(
    indicator('events.open', '待办结事件', v('open')(region), '件', by(v('open'))),
    indicator('events.severe', '重大事件（3级及以上，未办结）', v('severe')(region), '件', by(v('severe'))),
  );
  for (const s of SOURCES) {
    out.push(
      indicator(`events.source.${s.source}`, `${s.label}今日事件`, v(`src.${s.source}`)(region), '件'),
    );
  }
  return out;
}
