/**
 * GET /emergency (anyone who may read the region) and POST /emergency (a signed-in person
 * who acts): the emergency switch recorded as evidence, audited like an action on an event.
 */
import type { BodyOf } from '@ioc/contract/routes';
import { badRequest, forbidden, HttpError } from '@ioc/contract/http';
import { parseMoment } from '@ioc/contract/input';
import { switchRegion } from '@ioc/domain/emergency/switches';
import { resolveRegion } from '../../auth/caller';
import { writeAudit } from '../../auth/audit';
import { emergencyAt, recordSwitch } from '../../events/emergency';
import { eventInRegionSql } from '../../events/rows';
import { actionTime } from '../../events/store';
import type { ApiHandler } from '../kit';
import { actorOf } from './audit';
import { HISTORY_HEADERS } from './events';

export const getEmergency: ApiHandler = async ({ ctx, query, caller, reply }) => {
  const region = resolveRegion(ctx.regions, caller, query.get('region'));
  const atRaw = query.get('asOf');
  if (atRaw === null) return emergencyAt(ctx.db, ctx.regions, region.id, ctx.now());
  reply.headers(HISTORY_HEADERS);
  return emergencyAt(ctx.db, ctx.regions, region.id, parseMoment(atRaw, 'asOf', ctx.now()));
};

const switchOf: ApiHandler<BodyOf<'postEmergency'>> = async ({ ctx, body, caller }) => {
  if (!caller.person)
    throw forbidden("the emergency switch is a person's decision: sign in (a machine token may not switch)");
  const region = switchRegion(ctx.regions, caller.scope, body.regionId);
  if (body.incidentId !== undefined) {
    const scope = region.level === 'district' ? 'true' : eventInRegionSql('street', '$2');
    const found = await ctx.db.query(
      `SELECT 1 FROM events e WHERE e.id = $1 AND ${scope}`,
      region.level === 'district' ? [body.incidentId] : [body.incidentId, region.id],
    );
    if (found.length === 0)
      throw badRequest(`switch: incidentId ${body.incidentId} is no event in ${region.id}`);
  }
  const { state } = await recordSwitch(
    ctx.db,
    ctx.regions,
    region,
    body,
    { by: caller.by, key: caller.key },
    actionTime(ctx.now()),
  );
  return state;
};

/**
 * Every switch a known caller tries is audited, refused or not (nobody signed in and
 * read-only accounts were refused before the body, by actingHook in routes/audit.ts).
 */
export const postEmergency: ApiHandler<BodyOf<'postEmergency'>> = async (r) => {
  const { caller, req, ctx, body } = r;
  const detail: Record<string, unknown> = { clientActionId: body.clientActionId };
  if (body.regionId) detail.regionId = body.regionId;
  if (body.incidentId) detail.incidentId = body.incidentId;
  const record = (result: string) =>
    writeAudit(ctx.db, {
      kind: 'emergency_switch',
      actor: actorOf(caller, req),
      eventId: null,
      action: body.on ? 'on' : 'off',
      result,
      detail,
    }).catch((e: unknown) => req.log.error({ err: e }, 'writing the audit log failed'));
  try {
    const out = await switchOf(r);
    await record('ok');
    return out;
  } catch (e) {
    await record(e instanceof HttpError ? e.code : 'internal');
    throw e;
  }
};
