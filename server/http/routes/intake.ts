/**
 * POST /events: other systems report events with an intake token, one event or a batch of
 * them (`{ events: [...] }`). The body is checked with its route's schema before anything else
 * (a 400 names the field; the mock checks it with the same), then the token's rate
 * limit, shared by every instance (429 with Retry-After), then the events are written in one
 * transaction (with other requests that arrive meanwhile: events/intake.ts).
 */
import { HttpError } from '@ioc/contract/http';
import { intakeEvents, intakeItems } from '@ioc/domain/intake';
import type { BodyOf } from '@ioc/contract/routes';
import { homeRegion } from '../../auth/caller';
import { newIntakeId, takeIntake } from '../../events/intake';
import type { ApiHandler } from '../kit';

/** A full batch of long reports fits. */
export const INTAKE_BODY_LIMIT = 2 * 1024 * 1024;

export const postEvents: ApiHandler<BodyOf<'reportEvents'>> = async ({ ctx, reply, caller, body }) => {
  const intake = caller.intake;
  if (!intake) throw new HttpError(403, 'forbidden', 'reporting events needs an intake token');
  const read = intakeItems(body);
  const now = ctx.now();
  const home = homeRegion(ctx.regions, caller);
  const events = intakeEvents(ctx.regions, home, read, caller.by, now, () => newIntakeId(now));
  const { rate, burst } = intake.limit;
  if (read.items.length > burst)
    throw new HttpError(
      413,
      'payload_too_large',
      `a batch of ${read.items.length} is more than this token may send at once (${burst}); split it`,
    );
  const wait = await takeIntake(ctx.db, intake.tokenId, intake.limit, read.items.length);
  if (wait > 0)
    throw new HttpError(
      429,
      'rate_limited',
      `this token may report ${rate} events a second (${burst} at once); retry after the time Retry-After gives`,
      { 'retry-after': String(Math.max(1, Math.ceil(wait))) },
    );
  const results = await ctx.intake.write(read.items, events);
  if (read.batch) return { results };
  const [one] = results;
  if (one?.created) reply.code(201);
  return one;
};
