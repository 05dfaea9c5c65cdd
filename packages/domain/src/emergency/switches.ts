/**
 * The emergency switch's records read alike by the server and the mock: which regions a
 * switch holds for, the state of a region at a moment, and the milestones switches make.
 * A switch is the district's (it holds for every street) or one street's; a street's own
 * later switch overrides the district's for that street.
 */
import type {
  EmergencyState,
  EmergencySwitchRecord,
  EmergencySwitchRequest,
  Milestone,
} from '@ioc/contract/contract';
import { badRequest, forbidden, HttpError } from '@ioc/contract/http';
import { resolveRegion, type Scope } from '../events/scope';
import { formatIso, parseIso } from '../time';
import type { Region, RegionIndex } from '../regions';

/** The region and those above it: the switches that decide its state. */
export function switchRegionsFor(regions: RegionIndex, regionId: string): string[] {
  const out: string[] = [];
  for (let r = regions.get(regionId); r; r = r.parentId ? regions.get(r.parentId) : undefined) out.push(r.id);
  return out;
}

/** Is a switch of `switchRegion` shown on `region`'s timeline? Its own and those above it; the district sees every street's. */
export function switchConcerns(regions: RegionIndex, region: Region, switchRegion: string): boolean {
  return regions.within(region.id, switchRegion) || regions.within(switchRegion, region.id);
}

/** The state from the switches deciding a region, the last at or before `at` winning (records in recorded order). */
export function stateOf(
  regionId: string,
  at: number,
  deciding: readonly EmergencySwitchRecord[],
): EmergencyState {
  let last: EmergencySwitchRecord | null = null;
  for (const r of deciding) if (parseIso(r.at) <= at) last = r;
  return { asOf: formatIso(at), regionId, on: last?.on ?? false, last };
}

export function switchMilestone(regions: RegionIndex, r: EmergencySwitchRecord): Milestone {
  return {
    at: r.at,
    kind: r.on ? 'emergency_on' : 'emergency_off',
    ...(r.incidentId ? { eventId: r.incidentId } : {}),
    title: regions.get(r.regionId)?.name ?? r.regionId,
    regionId: r.regionId,
    by: r.by,
  };
}

/**
 * The region a switch is for: the one asked (default: the caller's own), which must be the
 * district or a street within the caller's scope. A community account does not switch: the
 * focus is the district's or a street's decision.
 */
export function switchRegion(regions: RegionIndex, scope: Scope, regionId: string | undefined): Region {
  if (scope.kind === 'community')
    throw forbidden(
      "the emergency switch is the district's or a street's: a community account may not switch",
    );
  const region = resolveRegion(regions, scope, regionId ?? null);
  if (region.level === 'community')
    throw badRequest(`switch: regionId must be the district or a street (${region.id} is a community)`);
  return region;
}

/** A retried switch is the same switch: one key, one switch (else 409 idempotency_conflict). */
export function sameSwitch(r: EmergencySwitchRecord, req: EmergencySwitchRequest, regionId: string): boolean {
  return (
    r.on === req.on &&
    r.regionId === regionId &&
    r.incidentId === (req.incidentId ?? null) &&
    r.note === (req.note ?? null)
  );
}

export const switchConflict = (key: string) =>
  new HttpError(
    409,
    'idempotency_conflict',
    `clientActionId ${key} was already used for another switch of this caller`,
  );
