/** GET /kpis, GET /events, GET /events/stream and POST /events/{id}/actions. */
import type { BodyOf } from '@ioc/contract/routes';
import {
  EventSource,
  EventStatus,
  type IocEvent,
  LIST_LIMIT_DEFAULT,
  LIST_LIMIT_MAX,
} from '@ioc/contract/contract';
import { resolveRegion } from '../auth';
import type { Handler } from '../context';
import { eventInRegion } from '@ioc/domain/events/scope';
import { badRequest } from '@ioc/contract/http';
import { errorResponse, json, jsonText } from '../http';
import { eventStream, parseLastEventId } from '../sse';
import { parseIso } from '@ioc/domain/time';
import { decodeCursor, encodeCursor } from '@ioc/contract/cursor';
import { parseMoment, parseSince, parseLimit } from '@ioc/contract/input';
import { historyHeader, listAsOf } from './replay';

export const getKpis: Handler = ({ app, url, caller }) => {
  const region = resolveRegion(app.regions, caller, url.searchParams.get('region'));
  const now = app.clock.now();
  const atRaw = url.searchParams.get('asOf');
  if (atRaw === null) return json(app.kpis.forRegion(region, now));
  const res = json(app.kpis.forRegionAt(region, now, parseMoment(atRaw, 'asOf', now)));
  for (const [k, v] of Object.entries(historyHeader(app))) res.headers.set(k, v);
  return res;
};

function enumList<T extends string>(raw: string | null, name: string, options: readonly T[]): Set<T> | null {
  if (raw === null) return null;
  const values = raw.split(',').map((v) => v.trim());
  const bad = values.filter((v) => !(options as readonly string[]).includes(v));
  if (bad.length > 0) throw badRequest(`${name} must be among ${options.join(', ')} (got ${bad.join(', ')})`);
  return new Set(values as T[]);
}

export const listEvents: Handler = ({ app, url, caller }) => {
  const q = url.searchParams;
  const region = resolveRegion(app.regions, caller, q.get('region'));
  const atRaw = q.get('asOf');
  const at = atRaw === null ? null : parseMoment(atRaw, 'asOf', app.clock.now());
  const statuses = enumList(q.get('status'), 'status', EventStatus.options);
  const sources = enumList(q.get('source'), 'source', EventSource.options);
  const sinceRaw = q.get('since');
  // From the start of its second, as the server reads it (updatedAt has whole seconds).
  const since = sinceRaw === null ? Number.NEGATIVE_INFINITY : parseSince(sinceRaw);
  const limit = parseLimit(q.get('limit'), LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX);
  const cursorRaw = q.get('cursor');
  const cursor = cursorRaw !== null && cursorRaw !== '' ? decodeCursor(cursorRaw) : null;
  const filters = (ev: IocEvent) =>
    (statuses === null || statuses.has(ev.status)) &&
    (sources === null || sources.has(ev.source)) &&
    (since === Number.NEGATIVE_INFINITY || parseIso(ev.updatedAt) >= since);
  if (at !== null) return listAsOf(app, { at, region, keep: filters, limit, cursor });
  const keep = (ev: IocEvent) =>
    filters(ev) && (region.level === 'district' || eventInRegion(app.regions, ev, region.id));
  const { items, next } = app.store.list({ keep, limit, cursor });
  return json({ items, nextCursor: next ? encodeCursor(next) : null });
};

export const streamEvents: Handler = ({ app, url, request, caller }) => {
  const region = resolveRegion(app.regions, caller, url.searchParams.get('region'));
  const lastEventId = parseLastEventId(
    request.headers.get('last-event-id'),
    url.searchParams.get('lastEventId'),
  );
  return eventStream({
    store: app.store,
    keep: region.level === 'district' ? () => true : (ev) => eventInRegion(app.regions, ev, region.id),
    lastEventId,
    heartbeatMs: app.heartbeatMs,
    signal: request.signal,
    registry: app.streams,
  });
};

export const postAction: Handler<BodyOf<'postAction'>> = async ({ app, params, body, caller }) => {
  const id = params.id ?? '';
  const now = app.clock.now();
  const result = app.store.act(id, body, caller.scope, caller.by, now);
  if (!result.ok && 'current' in result && result.current)
    return json(
      { error: { code: result.code, message: result.message, current: result.current } },
      result.status,
    );
  if (!result.ok) return errorResponse(result.status, result.code, result.message);
  // The simulated city carries on from the operator's decision.
  if (!result.replayed) app.simulator.replan(result.event, Math.max(now, app.simulator.now));
  return jsonText(result.json);
};
