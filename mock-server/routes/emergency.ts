/**
 * GET /emergency and POST /emergency as the server answers them (server/http/routes/
 * emergency.ts): switches kept in memory, append-only, with the signed-in person's name.
 */
import type { EmergencySwitchRecord, Milestone } from '@ioc/contract/contract';
import { badRequest, forbidden, HttpError } from '@ioc/contract/http';
import { parseMoment } from '@ioc/contract/input';
import type { BodyOf } from '@ioc/contract/routes';
import {
  sameSwitch,
  stateOf,
  switchConcerns,
  switchConflict,
  switchMilestone,
  switchRegion,
  switchRegionsFor,
} from '@ioc/domain/emergency/switches';
import { eventInRegion } from '@ioc/domain/events/scope';
import type { Region } from '@ioc/domain/regions';
import { formatIso, parseIso } from '@ioc/domain/time';
import { resolveRegion } from '../auth';
import type { AppState, Handler } from '../context';
import { json } from '../http';
import { signedIn } from './session';
import { historyHeader } from './replay';

/** One recorded switch and whose key it was sent with. */
export interface StoredSwitch {
  record: EmergencySwitchRecord;
  actorKey: string;
  clientActionId: string;
}

function stateAt(app: AppState, regionId: string, at: number) {
  const deciding = new Set(switchRegionsFor(app.regions, regionId));
  return stateOf(
    regionId,
    at,
    app.switches.map((s) => s.record).filter((r) => deciding.has(r.regionId)),
  );
}

export const getEmergency: Handler = ({ app, url, caller }) => {
  const q = url.searchParams;
  const region = resolveRegion(app.regions, caller, q.get('region'));
  const atRaw = q.get('asOf');
  if (atRaw === null) return json(stateAt(app, region.id, app.clock.now()));
  const res = json(stateAt(app, region.id, parseMoment(atRaw, 'asOf', app.clock.now())));
  for (const [k, v] of Object.entries(historyHeader(app))) res.headers.set(k, v);
  return res;
};

export const postEmergency: Handler<BodyOf<'postEmergency'>> = ({ app, body, caller, session, request }) => {
  const person = request.headers.has('authorization') ? null : signedIn(app, session);
  if (!person && caller.by === 'anonymous')
    throw new HttpError(401, 'unauthorized', 'the emergency switch needs a person signed in');
  if (!person)
    throw forbidden("the emergency switch is a person's decision: sign in (a machine token may not switch)");
  if (caller.readOnly)
    throw forbidden(`a ${person.role} account reads only: it may not switch emergency focus`);
  const region = switchRegion(app.regions, caller.scope, body.regionId);
  if (body.incidentId !== undefined) {
    const ev = app.store.get(body.incidentId);
    if (!ev || (region.level !== 'district' && !eventInRegion(app.regions, ev, region.id)))
      throw badRequest(`switch: incidentId ${body.incidentId} is no event in ${region.id}`);
  }
  const actorKey = `user:${person.id}`;
  const seen = app.switches.find((s) => s.actorKey === actorKey && s.clientActionId === body.clientActionId);
  if (seen) {
    if (!sameSwitch(seen.record, body, region.id)) throw switchConflict(body.clientActionId);
    return json(stateAt(app, region.id, parseIso(seen.record.at)));
  }
  // Whole seconds, as the server stamps an action.
  const at = Math.floor(app.clock.now() / 1000) * 1000;
  const record: EmergencySwitchRecord = {
    at: formatIso(at),
    on: body.on,
    regionId: region.id,
    by: caller.by,
    incidentId: body.incidentId ?? null,
    note: body.note ?? null,
  };
  app.switches.push({ record, actorKey, clientActionId: body.clientActionId });
  return json(stateAt(app, region.id, at));
};

/** The switches in [from, to] that `region`'s timeline shows. */
export function switchMilestones(app: AppState, region: Region, from: number, to: number): Milestone[] {
  return app.switches
    .map((s) => s.record)
    .filter((r) => {
      const at = parseIso(r.at);
      return at >= from && at <= to && switchConcerns(app.regions, region, r.regionId);
    })
    .map((r) => switchMilestone(app.regions, r));
}
