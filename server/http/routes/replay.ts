/** GET /milestones: moments worth stepping to (docs/API.md "Replay"). */
import { LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX, MILESTONE_RANGE_MAX_MS } from '@ioc/contract/contract';
import { parseLimit, parseRange } from '@ioc/contract/input';
import { resolveRegion } from '../../auth/caller';
import { milestonesIn } from '../../events/asof';
import type { ApiHandler } from '../kit';
import { HISTORY_HEADERS } from './events';

export const getMilestones: ApiHandler = async ({ ctx, query, caller, reply }) => {
  const region = resolveRegion(ctx.regions, caller, query.get('region'));
  const { from, to } = parseRange(query.get('from'), query.get('to'), ctx.now(), MILESTONE_RANGE_MAX_MS);
  const limit = parseLimit(query.get('limit'), LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX);
  reply.headers(HISTORY_HEADERS);
  return milestonesIn(ctx.db, ctx.regions, { from, to, region, limit });
};
