/** GET /kpis, GET /events, GET /events/stream and POST /events/{id}/actions. */
import { eventInRegion } from '@ioc/domain/events/scope';
import { badRequest, HttpError } from '@ioc/contract/http';
import { decodeCursor, encodeCursor } from '@ioc/contract/cursor';
import { parseMoment, parseSince, TIME_MAX_MS, TIME_MIN_MS, parseLimit } from '@ioc/contract/input';
import { parseLastEventId } from '@ioc/contract/sse';
import type { BodyOf } from '@ioc/contract/routes';
import { EventSource, EventStatus, LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX } from '@ioc/contract/contract';
import { resolveRegion } from '../../auth/caller';
import { listAsOf } from '../../events/asof';
import { EVENT_COLUMNS, type EventRow, eventInRegionSql, readableEvents } from '../../events/rows';
import { serveStream } from '../../events/sse';
import { actionTime } from '../../events/store';
import { kpisFor } from '../../kpis/index';
import { formatIso } from '@ioc/domain/time';
import { type ApiHandler, CORS } from '../kit';
import { Params } from '../../db/params';

export const getKpis: ApiHandler = async ({ ctx, query, caller, reply }) => {
  const region = resolveRegion(ctx.regions, caller, query.get('region'));
  const now = ctx.now();
  const atRaw = query.get('asOf');
  if (atRaw === null) return kpisFor(ctx.db, ctx.regions, region, now);
  const at = parseMoment(atRaw, 'asOf', now);
  reply.headers(HISTORY_HEADERS);
  return kpisFor(ctx.db, ctx.regions, region, now, at);
};

function enumList(raw: string | null, name: string, options: readonly string[]): string[] | null {
  if (raw === null) return null;
  const values = raw.split(',').map((v) => v.trim());
  const bad = values.filter((v) => !options.includes(v));
  if (bad.length > 0) throw badRequest(`${name} must be among ${options.join(', ')} (got ${bad.join(', ')})`);
  return values;
}

/**
 * GET /events: newest first by (updatedAt, id), from the cursor on. Only times the API
 * represents are listed (@ioc/contract/input), and a stored event that cannot be read back as
 * the contract's (a time outside that range written before the door refused it) is left out
 * of the page, logged and counted in X-Skipped-Events: one bad row never fails the list.
 */
export const listEvents: ApiHandler = async ({ ctx, query, caller, req, reply }) => {
  const region = resolveRegion(ctx.regions, caller, query.get('region'));
  const atRaw = query.get('asOf');
  const at = atRaw === null ? null : parseMoment(atRaw, 'asOf', ctx.now());
  const statuses = enumList(query.get('status'), 'status', EventStatus.options);
  const sources = enumList(query.get('source'), 'source', EventSource.options);
  const params = new Params();
  const p = (v: unknown) => params.add(v);
  const where: string[] = [
    `e.updated_at >= ${p(new Date(TIME_MIN_MS).toISOString())}`,
    `e.updated_at < ${p(new Date(TIME_MAX_MS).toISOString())}`,
  ];
  if (region.level !== 'district') where.push(eventInRegionSql(region.level, p(region.id)));
  if (statuses) where.push(`e.status = ANY(${p(statuses)}::text[])`);
  if (sources) where.push(`e.source = ANY(${p(sources)}::text[])`);
  const sinceRaw = query.get('since');
  if (sinceRaw !== null) where.push(`e.updated_at >= ${p(new Date(parseSince(sinceRaw)).toISOString())}`);
  const limit = parseLimit(query.get('limit'), LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX);
  const cursorRaw = query.get('cursor');
  if (at !== null) {
    const cursor = cursorRaw !== null && cursorRaw !== '' ? decodeCursor(cursorRaw) : null;
    const since = sinceRaw === null ? null : parseSince(sinceRaw);
    const page = await listAsOf(ctx.db, ctx.regions, { at, region, statuses, sources, since, limit, cursor });
    reportSkipped(req, reply, page.skipped);
    reply.headers(HISTORY_HEADERS);
    return { items: page.items, nextCursor: page.nextCursor };
  }
  if (cursorRaw !== null && cursorRaw !== '') {
    // Newest first by updatedAt (whole seconds) then id: the cursor is the last row's pair.
    const c = decodeCursor(cursorRaw);
    const at = p(new Date(c.sec * 1000).toISOString());
    where.push(`(e.updated_at < ${at} OR (e.updated_at = ${at} AND e.id < ${p(c.id)}))`);
  }
  const rows = await ctx.db.query<EventRow & Record<string, unknown>>(
    `SELECT ${EVENT_COLUMNS} FROM events e WHERE ${where.join(' AND ')}
     ORDER BY e.updated_at DESC, e.id DESC LIMIT ${p(limit + 1)}`,
    params.values,
  );
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const { events, skipped } = await readableEvents(ctx.db, page);
  reportSkipped(req, reply, skipped);
  // The cursor follows the last row read, listed or not, so a skipped row is not read again.
  const last = page[page.length - 1];
  return {
    items: events,
    nextCursor:
      more && last ? encodeCursor({ sec: Math.floor(last.updated_at.getTime() / 1000), id: last.id }) : null,
  };
};

type Ctx = Parameters<ApiHandler>[0];
function reportSkipped(req: Ctx['req'], reply: Ctx['reply'], skipped: { id: string; reason: string }[]) {
  if (skipped.length === 0) return;
  req.log.error({ skipped }, `GET /events left out ${skipped.length} stored event(s) it cannot represent`);
  reply.header('x-skipped-events', String(skipped.length));
}

/** The server keeps every event and its whole history: a replay is whole back to the API's first time. */
export const HISTORY_HEADERS = { 'x-history-from': formatIso(TIME_MIN_MS) };

export const streamEvents: ApiHandler = async ({ ctx, query, req, reply, caller }) => {
  const region = resolveRegion(ctx.regions, caller, query.get('region'));
  const header = req.headers['last-event-id'];
  const lastEventId = parseLastEventId(typeof header === 'string' ? header : null, query.get('lastEventId'));
  const p = caller.person;
  const tokenId = caller.key.startsWith('token:') ? caller.key.slice('token:'.length) : null;
  reply.hijack();
  await serveStream({
    res: reply.raw,
    headers: CORS,
    store: ctx.store,
    tail: ctx.tail,
    keep: region.level === 'district' ? () => true : (ev) => eventInRegion(ctx.regions, ev, region.id),
    lastEventId,
    heartbeatMs: ctx.heartbeatMs,
    registry: ctx.streams,
    ...(p
      ? { watch: (end) => ctx.sessions.watch(p.sessionId, p.role, p.regionId, end) }
      : tokenId
        ? { watch: (end) => ctx.sessions.watchToken(tokenId, end) }
        : {}),
  });
};

export const postAction: ApiHandler<BodyOf<'postAction'>> = async ({ ctx, reply, body, params, caller }) => {
  const result = await ctx.store.act(params.id ?? '', body, caller, actionTime(ctx.now()));
  if (!result.ok && result.current) {
    // A stale version: the contract's error, with the event as it is now.
    reply.code(result.status);
    return JSON.stringify({ error: { code: result.code, message: result.message, current: result.current } });
  }
  if (!result.ok) throw new HttpError(result.status, result.code, result.message);
  if (!result.replayed) void ctx.tail.wake();
  return result.json;
};
