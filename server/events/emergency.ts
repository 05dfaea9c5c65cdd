/**
 * The emergency switch in the database (migration 0012): each switch appended with the
 * person and the time, read back as the state of a region at a moment and as milestones.
 * A retried switch (the caller's clientActionId again) is answered from the first one and
 * records nothing; the key is looked up among the caller's own switches only.
 */
import type {
  EmergencyState,
  EmergencySwitchRecord,
  EmergencySwitchRequest,
  Milestone,
} from '@ioc/contract/contract';
import {
  sameSwitch,
  stateOf,
  switchConflict,
  switchMilestone,
  switchRegionsFor,
} from '@ioc/domain/emergency/switches';
import type { Region, RegionIndex } from '@ioc/domain/regions';
import { formatIso } from '@ioc/domain/time';
import { type Db, isUniqueViolation, type Sql } from '../db/driver';

interface SwitchRow {
  at: Date;
  region_id: string;
  switched_on: boolean;
  incident_id: string | null;
  note: string | null;
  actor: string;
}

const COLUMNS = 'at, region_id, switched_on, incident_id, note, actor';

const toRecord = (r: SwitchRow): EmergencySwitchRecord => ({
  at: formatIso(r.at.getTime()),
  on: r.switched_on,
  regionId: r.region_id,
  by: r.actor,
  incidentId: r.incident_id,
  note: r.note,
});

/** The region's state at `at`: the last switch at or before it of the region or one above it. */
export async function emergencyAt(
  db: Sql,
  regions: RegionIndex,
  regionId: string,
  at: number,
): Promise<EmergencyState> {
  const rows = await db.query<SwitchRow & Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM emergency_switches WHERE region_id = ANY($1::text[]) AND at <= $2
     ORDER BY at DESC, id DESC LIMIT 1`,
    [switchRegionsFor(regions, regionId), new Date(at).toISOString()],
  );
  return stateOf(regionId, at, rows.map(toRecord));
}

export interface Switcher {
  by: string;
  key: string;
}

/** Records a switch (or finds the caller's first with this key) and answers the region's state after it. */
export async function recordSwitch(
  db: Db,
  regions: RegionIndex,
  region: Region,
  req: EmergencySwitchRequest,
  who: Switcher,
  at: number,
): Promise<{ state: EmergencyState; replayed: boolean }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        const [seen] = await tx.query<SwitchRow & Record<string, unknown>>(
          `SELECT ${COLUMNS} FROM emergency_switches WHERE actor_key = $1 AND client_action_id = $2`,
          [who.key, req.clientActionId],
        );
        if (seen) {
          const first = toRecord(seen);
          if (!sameSwitch(first, req, region.id)) throw switchConflict(req.clientActionId);
          return { state: await emergencyAt(tx, regions, region.id, seen.at.getTime()), replayed: true };
        }
        await tx.query(
          `INSERT INTO emergency_switches (at, region_id, switched_on, incident_id, note, actor, actor_key, client_action_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            new Date(at).toISOString(),
            region.id,
            req.on,
            req.incidentId ?? null,
            req.note ?? null,
            who.by,
            who.key,
            req.clientActionId,
          ],
        );
        return { state: await emergencyAt(tx, regions, region.id, at), replayed: false };
      });
    } catch (e) {
      // Two requests with one key raced: the loser now finds the winner's switch.
      if (!isUniqueViolation(e) || attempt > 0) throw e;
    }
  }
}

/** The switches in [from, to] that `region`'s timeline shows, as milestones. */
export async function switchMilestones(
  db: Sql,
  regions: RegionIndex,
  q: { region: Region; from: number; to: number },
): Promise<Milestone[]> {
  const params: unknown[] = [new Date(q.from).toISOString(), new Date(q.to).toISOString()];
  // The district sees every street's switches; a street or a community its own and the district's.
  const scope = q.region.level === 'district' ? '' : 'AND region_id = ANY($3::text[])';
  if (scope) params.push(switchRegionsFor(regions, q.region.id));
  const rows = await db.query<SwitchRow & Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM emergency_switches WHERE at >= $1 AND at <= $2 ${scope} ORDER BY at, id`,
    params,
  );
  return rows.map((r) => switchMilestone(regions, toRecord(r)));
}
