/** Who is calling and what they may see: the district, or one street (docs/API.md "Callers"). */
import type { IocEvent } from '@ioc/contract/contract';
import { eventInRegion as inRegion, type RegionTree } from '@ioc/contract/rules';
import type { RegionIndex } from '../regions';

export type Scope = { kind: 'district' } | { kind: 'street'; streetId: string };

/** Is this region (district, street or community id) visible to the caller? */
export function regionInScope(regions: RegionIndex, scope: Scope, regionId: string): boolean {
  return scope.kind === 'district' || regions.within(regionId, scope.streetId);
}

/** The region index as the contract's rules see it. */
export function regionTree(regions: RegionIndex): RegionTree {
  return {
    level: (id) => regions.get(id)?.level,
    parent: (id) => regions.get(id)?.parentId ?? null,
  };
}

/**
 * An event belongs to a street when it happened there or is assigned to it (or one of its
 * communities): a street may be handed an event from a neighbouring street. The rule is the
 * contract's (`eventInRegion` of @ioc/contract/rules); an unknown region holds nothing.
 */
export function eventInRegion(regions: RegionIndex, ev: IocEvent, regionId: string): boolean {
  const region = regions.get(regionId);
  if (!region) return false;
  return inRegion(ev, region.level === 'district' ? null : region.id, regionTree(regions));
}

export function eventInScope(regions: RegionIndex, ev: IocEvent, scope: Scope): boolean {
  return scope.kind === 'district' || eventInRegion(regions, ev, scope.streetId);
}
