/**
 * Who is calling and what they may see: the district, one street, or one community of a
 * street (docs/API.md "Callers"). The server and the mock read a caller's scope alike.
 */
import type { IocEvent } from '@ioc/contract/contract';
import { eventInRegion as inRegion, type RegionTree } from '@ioc/contract/rules';
import { forbidden, notFound } from '@ioc/contract/http';
import type { Region, RegionIndex } from '../regions';

export type Scope =
  | { kind: 'district' }
  | { kind: 'street'; streetId: string }
  | { kind: 'community'; communityId: string; streetId: string };

/** The caller's own region: its community, its street, or the district (null). */
export function homeOf(scope: Scope): string | null {
  return scope.kind === 'district' ? null : scope.kind === 'street' ? scope.streetId : scope.communityId;
}

/** Is this region (district, street or community id) visible to the caller? */
export function regionInScope(regions: RegionIndex, scope: Scope, regionId: string): boolean {
  const home = homeOf(scope);
  return home === null || regions.within(regionId, home);
}

/**
 * The scope of a region an account or a token is bound to; undefined for an unknown region
 * (the caller is refused).
 */
export function scopeOfRegion(regions: RegionIndex, regionId: string): Scope | undefined {
  const region = regions.get(regionId);
  if (!region) return undefined;
  if (region.level === 'district') return { kind: 'district' };
  if (region.level === 'street') return { kind: 'street', streetId: region.id };
  const street = regions.streetOf(region.id);
  return street ? { kind: 'community', communityId: region.id, streetId: street.id } : undefined;
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
  const home = homeOf(scope);
  return home === null || eventInRegion(regions, ev, home);
}

/** The caller's own region: the district, its street or its community (403 when unknown). */
export function homeRegion(regions: RegionIndex, scope: Scope): Region {
  const id = homeOf(scope) ?? regions.district.id;
  const region = regions.get(id);
  if (!region) throw forbidden(`the caller's region ${id} is unknown`);
  return region;
}

/**
 * The region a request is about: `region=` if given (404 unknown, 403 outside the caller's
 * region), else the caller's own region. The server and the mock answer alike.
 */
export function resolveRegion(regions: RegionIndex, scope: Scope, param: string | null): Region {
  const home = homeRegion(regions, scope);
  if (param === null) return home;
  const region = regions.get(param);
  if (!region) throw notFound(`unknown region ${param}`);
  if (!regions.within(region.id, home.id))
    throw forbidden(`region ${param} is outside the caller's ${home.level} ${home.id}`);
  return region;
}
