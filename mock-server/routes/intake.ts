/**
 * POST /events: a reporting system's events (intake token), read and located as the server
 * does (../intake.ts), each created once per (source, externalId). Unlike the server, the
 * mock has no rate limit.
 */
import type { IntakeResult } from '@ioc/contract/contract';
import type { Handler } from '../context';
import { json } from '../http';
import { intakeEvents, intakeItems, intakeKey } from '@ioc/domain/intake';
import type { BodyOf } from '@ioc/contract/routes';

export const reportEvents: Handler<BodyOf<'reportEvents'>> = async ({ app, body, caller }) => {
  const read = intakeItems(body);
  const now = Math.max(app.clock.now(), app.simulator.now);
  const events = intakeEvents(app.regions, app.regions.district, read, caller.by, now, () => '');
  const results = read.items.map((item, i): IntakeResult => {
    const key = intakeKey(item.source, item.externalId);
    const known = app.intakeIds.get(key);
    if (known !== undefined) return { externalId: item.externalId, id: known, created: false };
    const ev = { ...(events[i] as (typeof events)[number]), id: app.simulator.nextId().id };
    app.simulator.create(ev, now);
    app.intakeIds.set(key, ev.id);
    return { externalId: item.externalId, id: ev.id, created: true };
  });
  if (read.batch) return json({ results });
  const [one] = results;
  return json(one, one?.created ? 201 : 200);
};
