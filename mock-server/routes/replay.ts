/**
 * Replay (docs/API.md "Replay"): GET /events?asOf=, GET /kpis?asOf=, GET /milestones, GET
 * /events/{id}?asOf= and GET /events/changes, read from the retained events' histories with
 * the domain's replay, as the server reads its rows.
 */
import {
  CHANGES_RANGE_MAX_MS,
  type EventChange,
  type IocEvent,
  LIST_LIMIT_DEFAULT,
  LIST_LIMIT_MAX,
  MILESTONE_RANGE_MAX_MS,
  type Milestone,
} from '@ioc/contract/contract';
import { decodeChangeCursor, encodeChangeCursor, encodeCursor } from '@ioc/contract/cursor';
import { notFound } from '@ioc/contract/http';
import { parseLimit, parseMoment, parseRange, TIME_MIN_MS } from '@ioc/contract/input';
import {
  changeOrder,
  eventAsOf,
  eventAtVersion,
  listOrder,
  milestoneOrder,
  milestonesOf,
} from '@ioc/domain/events/asof';
import { eventInRegion } from '@ioc/domain/events/scope';
import { closureCrossings, type DueOrder, firstDueCounted } from '@ioc/domain/kpis/crossings';
import { isSettled } from '@ioc/contract/rules';
import type { Region } from '@ioc/domain/regions';
import { formatIso, parseIso } from '@ioc/domain/time';
import { resolveRegion } from '../auth';
import type { AppState, Handler } from '../context';
import { json } from '../http';
import { switchMilestones } from './emergency';

/** A hotline order that can count at some hour up to `to`, where it happened (as GET /kpis counts it). */
function dueOrder(ev: IocEvent, region: Region, firstDue: number, to: number): DueOrder | null {
  if (ev.source !== '12345') return null;
  const dueAt = parseIso(ev.dueAt);
  const reportedAt = parseIso(ev.reportedAt);
  if (dueAt <= firstDue || dueAt > to || reportedAt > to) return null;
  if (region.level === 'street' && ev.regionId !== region.id) return null;
  if (region.level === 'community' && ev.communityId !== region.id) return null;
  return {
    reportedAt,
    dueAt,
    changes: ev.history
      .map((h) => ({ at: parseIso(h.at), settled: isSettled({ status: h.toStatus }) }))
      .filter((c) => c.at <= to),
  };
}

/** How far back this mock's answers are whole (see EventStore.historyFrom). */
export function historyHeader(app: AppState): Record<string, string> {
  return { 'x-history-from': formatIso(Math.max(TIME_MIN_MS, app.store.historyFrom)) };
}

function withHeaders(res: Response, headers: Record<string, string>): Response {
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}

export interface AsOfQuery {
  at: number;
  region: Region;
  keep: (ev: IocEvent) => boolean;
  limit: number;
  cursor: { sec: number; id: string } | null;
}

/** GET /events?asOf=: the events known at `asOf`, each as it was then, in the live list's order. */
export function listAsOf(app: AppState, q: AsOfQuery): Response {
  const all: IocEvent[] = [];
  for (const ev of app.store.values()) {
    const then = eventAsOf(app.regions, ev, q.at);
    if (!then || !q.keep(then)) continue;
    if (q.region.level !== 'district' && !eventInRegion(app.regions, then, q.region.id)) continue;
    all.push(then);
  }
  all.sort(listOrder);
  const c = q.cursor;
  const after = c
    ? all.filter((ev) => {
        const sec = Math.floor(parseIso(ev.updatedAt) / 1000);
        return sec < c.sec || (sec === c.sec && ev.id < c.id);
      })
    : all;
  const items = after.slice(0, q.limit);
  const last = items[items.length - 1];
  const nextCursor =
    after.length > q.limit && last
      ? encodeCursor({ sec: Math.floor(parseIso(last.updatedAt) / 1000), id: last.id })
      : null;
  return withHeaders(json({ items, nextCursor }), historyHeader(app));
}

export const getMilestones: Handler = ({ app, url, caller }) => {
  const q = url.searchParams;
  const region = resolveRegion(app.regions, caller, q.get('region'));
  const { from, to } = parseRange(q.get('from'), q.get('to'), app.clock.now(), MILESTONE_RANGE_MAX_MS);
  const limit = parseLimit(q.get('limit'), LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX);
  const keep = (then: IocEvent) => region.level === 'district' || eventInRegion(app.regions, then, region.id);
  const all: Milestone[] = [];
  const orders: DueOrder[] = [];
  const firstDue = firstDueCounted(from);
  for (const ev of app.store.values()) {
    all.push(...milestonesOf(app.regions, ev, from, to, keep));
    const order = dueOrder(ev, region, firstDue, to);
    if (order) orders.push(order);
  }
  all.push(...switchMilestones(app, region, from, to), ...closureCrossings(orders, from, to, region.id));
  all.sort(milestoneOrder);
  return withHeaders(json({ items: all.slice(0, limit), truncated: all.length > limit }), historyHeader(app));
};

const inScope = (app: AppState, region: Region, ev: IocEvent) =>
  region.level === 'district' || eventInRegion(app.regions, ev, region.id);

export const getEvent: Handler = ({ app, url, caller, params }) => {
  const q = url.searchParams;
  const region = resolveRegion(app.regions, caller, q.get('region'));
  const atRaw = q.get('asOf');
  const at = atRaw === null ? null : parseMoment(atRaw, 'asOf', app.clock.now());
  const id = params.id ?? '';
  const ev = app.store.get(id);
  const then = ev && (at === null ? ev : eventAsOf(app.regions, ev, at));
  // Unknown, not yet reported then, or not the caller's: one answer, so none is told apart.
  if (!then || !inScope(app, region, then))
    throw notFound(at === null ? `no event ${id}` : `no event ${id} as of ${atRaw}`);
  return at === null ? json(then) : withHeaders(json(then), historyHeader(app));
};

export const listChanges: Handler = ({ app, url, caller }) => {
  const q = url.searchParams;
  const region = resolveRegion(app.regions, caller, q.get('region'));
  const { from, to } = parseRange(q.get('from'), q.get('to'), app.clock.now(), CHANGES_RANGE_MAX_MS);
  const limit = parseLimit(q.get('limit'), LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX);
  const raw = q.get('cursor');
  const c = raw !== null && raw !== '' ? decodeChangeCursor(raw) : null;
  const after = c && { at: c.sec * 1000, id: c.id, version: c.version };
  const rows: { at: number; id: string; version: number; ev: IocEvent }[] = [];
  // Candidates by today's scope, a superset of the scope then, as the server picks its rows.
  for (const ev of app.store.values()) {
    if (!inScope(app, region, ev)) continue;
    ev.history.forEach((h, i) => {
      const row = { at: parseIso(h.at), id: ev.id, version: i + 1, ev };
      if (row.at > from && row.at <= to && (!after || changeOrder(row, after) > 0)) rows.push(row);
    });
  }
  rows.sort(changeOrder);
  // As the server: the scope then is decided after the page is read; the cursor follows its last row.
  const page = rows.slice(0, limit);
  const items: EventChange[] = [];
  for (const r of page) {
    const then = eventAtVersion(app.regions, r.ev, r.version);
    if (then && inScope(app, region, then)) items.push({ at: then.updatedAt, event: then });
  }
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? encodeChangeCursor({ sec: Math.floor(last.at / 1000), id: last.id, version: last.version })
      : null;
  return withHeaders(json({ items, nextCursor }), historyHeader(app));
};
