/**
 * POST /events: other systems report events with an intake token, one event or a batch of
 * them (`{ events: [...] }`). The body is checked with the contract before anything else (a
 * 400 names the field), then the token's rate limit, shared by every instance (429 with
 * Retry-After), then the events are written in one transaction.
 */
import type { z } from 'zod';
import { badRequest, HttpError } from '../../../mock-server/http';
import { IntakeBatch, IntakeEvent, type IocEvent } from '../../../src/api/contract';
import { intakeEvent, takeIntake, writeIntake } from '../../events/intake';
import type { ApiHandler } from '../kit';

/** A full batch of long reports fits. */
export const INTAKE_BODY_LIMIT = 2 * 1024 * 1024;

/** `events[3].location`, as a person would write the field's name. */
export function fieldName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(body)';
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${fieldName(i.path)}: ${i.message}`)
    .join('; ');
}

export const postEvents: ApiHandler = async ({ ctx, req, reply, caller }) => {
  const intake = caller.intake;
  if (!intake) throw new HttpError(403, 'forbidden', 'reporting events needs an intake token');
  let body: unknown;
  try {
    body = JSON.parse(typeof req.body === 'string' ? req.body : '');
  } catch {
    throw badRequest('body must be JSON: one event { source, externalId, … } or { events: [ … ] }');
  }
  const batch = typeof body === 'object' && body !== null && 'events' in body;
  let items: IntakeEvent[];
  if (batch) {
    const parsed = IntakeBatch.safeParse(body);
    if (!parsed.success) throw badRequest(`invalid batch: ${describe(parsed.error)}`);
    items = parsed.data.events;
  } else {
    const parsed = IntakeEvent.safeParse(body);
    if (!parsed.success) throw badRequest(`invalid event: ${describe(parsed.error)}`);
    items = [parsed.data];
  }
  const now = ctx.now();
  const events: IocEvent[] = [];
  for (const [i, item] of items.entries()) {
    const ev = intakeEvent(ctx.regions, item, caller.scope, caller.by, now);
    if ('field' in ev) {
      const field = batch ? `events[${i}].${ev.field}` : ev.field;
      throw new HttpError(
        ev.status,
        ev.status === 400 ? 'bad_request' : 'forbidden',
        `${field} ${ev.message}`,
      );
    }
    events.push(ev);
  }
  const { rate, burst } = intake.limit;
  if (items.length > burst)
    throw new HttpError(
      413,
      'payload_too_large',
      `a batch of ${items.length} is more than this token may send at once (${burst}); split it`,
    );
  const wait = await takeIntake(ctx.db, intake.tokenId, intake.limit, items.length);
  if (wait > 0)
    throw new HttpError(
      429,
      'rate_limited',
      `this token may report ${rate} events a second (${burst} at once); retry after the time Retry-After gives`,
      { 'retry-after': String(Math.max(1, Math.ceil(wait))) },
    );
  const { results, published } = await writeIntake(ctx.db, ctx.regions, items, events);
  if (published > 0) void ctx.tail.wake();
  if (batch) return { results };
  const [one] = results;
  if (one?.created) reply.code(201);
  return one;
};
