/** Who is calling and what they may see: the district, or one street (docs/API.md "Callers"). */
import type { IocEvent } from '@ioc/contract/contract';
import type { RegionIndex } from '../regions';

export type Scope = { kind: 'district' } | { kind: 'street'; streetId: string };

/** Is this region (district, street or community id) visible to the caller? */
export function regionInScope(regions: RegionIndex, scope: Scope, regionId: string): boolean {
  return scope.kind === 'district' || regions.within(regionId, scope.streetId);
}

/**
 * An event belongs to a street when it happened there or is assigned to it (or one of its
 * communities): a street may be handed an event from a neighbouring street.
 */
export function eventInRegion(regions: RegionIndex, ev: IocEvent, regionId: string): boolean {
  const region = regions.get(regionId);
  if (!region) return false;
  if (region.level === 'district') return true;
  if (region.level === 'street') {
    if (ev.regionId === regionId) return true;
    return (
      ev.assignee !== undefined &&
      ev.assignee.level !== 'district' &&
      regions.within(ev.assignee.regionId, regionId)
    );
  }
  return ev.communityId === regionId || ev.assignee?.regionId === regionId;
}

export function eventInScope(regions: RegionIndex, ev: IocEvent, scope: Scope): boolean {
  return scope.kind === 'district' || eventInRegion(regions, ev, scope.streetId);
}
