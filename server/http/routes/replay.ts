/** GET /milestones, GET /events/{id}(?asOf=) and GET /events/changes (docs/API.md "Replay"). */
import {
  CHANGES_RANGE_MAX_MS,
  LIST_LIMIT_DEFAULT,
  LIST_LIMIT_MAX,
  MILESTONE_RANGE_MAX_MS,
} from '@ioc/contract/contract';
import { decodeChangeCursor } from '@ioc/contract/cursor';
import { notFound } from '@ioc/contract/http';
import { parseLimit, parseMoment, parseRange } from '@ioc/contract/input';
import { resolveRegion } from '../../auth/caller';
import { milestonesIn } from '../../events/asof';
import { changesIn, eventAt } from '../../events/changes';
import type { ApiHandler } from '../kit';
import { HISTORY_HEADERS } from './events';

export const getMilestones: ApiHandler = async ({ ctx, query, caller, reply }) => {
  const region = resolveRegion(ctx.regions, caller, query.get('region'));
  const { from, to } = parseRange(query.get('from'), query.get('to'), ctx.now(), MILESTONE_RANGE_MAX_MS);
  const limit = parseLimit(query.get('limit'), LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX);
  reply.headers(HISTORY_HEADERS);
  return milestonesIn(ctx.db, ctx.regions, { from, to, region, limit });
};

export const getEvent: ApiHandler = async ({ ctx, query, caller, params, reply }) => {
  const region = resolveRegion(ctx.regions, caller, query.get('region'));
  const atRaw = query.get('asOf');
  const at = atRaw === null ? null : parseMoment(atRaw, 'asOf', ctx.now());
  const id = params.id ?? '';
  const ev = await eventAt(ctx.db, ctx.regions, { id, at, region });
  // Unknown, not yet reported then, or not the caller's: one answer, so none is told apart.
  if (!ev) throw notFound(at === null ? `no event ${id}` : `no event ${id} as of ${atRaw}`);
  if (at !== null) reply.headers(HISTORY_HEADERS);
  return ev;
};

export const listChanges: ApiHandler = async ({ ctx, query, caller, reply }) => {
  const region = resolveRegion(ctx.regions, caller, query.get('region'));
  const { from, to } = parseRange(query.get('from'), query.get('to'), ctx.now(), CHANGES_RANGE_MAX_MS);
  const limit = parseLimit(query.get('limit'), LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX);
  const raw = query.get('cursor');
  const cursor = raw !== null && raw !== '' ? decodeChangeCursor(raw) : null;
  reply.headers(HISTORY_HEADERS);
  return changesIn(ctx.db, ctx.regions, { from, to, region, limit, cursor });
};
