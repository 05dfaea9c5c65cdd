/** What every layer generator shares: inputs, feature building, allocation by population. */
import type { Feature } from '@ioc/contract/contract';
import { type Pos, round6 } from '@ioc/domain/geo';
import { apportion, type Rng, weightedSampler } from '@ioc/domain/prng';
import type { Region, RegionIndex } from '@ioc/domain/regions';

export interface GenContext {
  seed: number;
  /** Multiplies every layer's feature count (stress tests); 1 reproduces docs/DATA.md. */
  scale: number;
  regions: RegionIndex;
}

/** A docs/DATA.md count at the current scale (same rounding everywhere, so tests can recompute it). */
export function scaled(count: number, scale: number): number {
  return Math.max(0, Math.round(count * scale));
}

export function pointFeature<P>(position: Pos, properties: P): Feature<P> {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [round6(position[0]), round6(position[1])] },
    properties,
  };
}

export function polygonFeature<P>(ring: Pos[], properties: P): Feature<P> {
  const closed = ring.map((p) => [round6(p[0]), round6(p[1])]);
  closed.push(closed[0] as number[]);
  return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [closed] }, properties };
}

/** `prefix` + zero-padded running number: short, sortable, unique within a layer. */
export function featureId(prefix: string, n: number, width = 6): string {
  return `${prefix}${String(n).padStart(width, '0')}`;
}

/**
 * Split a district total over the streets by population, each street's weight jittered by
 * up to ±jitter so streets differ (an exact split makes every street look identical).
 */
export function perStreet(ctx: GenContext, total: number, rng: Rng, jitter: number): Map<string, number> {
  const streets = ctx.regions.streets;
  const shares = apportion(
    total,
    streets.map((s) => s.population * (1 + jitter * (2 * rng() - 1))),
  );
  return new Map(streets.map((s, i) => [s.id, shares[i] as number]));
}

/** Draws communities of one street (or the whole district) in proportion to population. */
export function communitySampler(ctx: GenContext, streetId?: string): (rng: Rng) => Region {
  const pool = streetId ? (ctx.regions.street(streetId)?.children ?? []) : ctx.regions.communities;
  if (pool.length === 0) {
    const street = streetId ? ctx.regions.street(streetId) : undefined;
    if (street) return () => street;
    throw new Error(`no communities for ${streetId ?? 'district'}`);
  }
  return weightedSampler(
    pool,
    pool.map((c) => Math.max(1, c.population)),
  );
}

/** Typical spread of activity around a community's centre: a third of its "radius". */
export function clusterSigmaM(community: Region): number {
  return Math.max(150, Math.sqrt(Math.max(0.05, community.areaKm2)) * 1000 * 0.35);
}

/**
 * A position in the community's street, clustered around the community centre, and the
 * street it is in. The street polygon is the authority for regionId.
 */
export function positionIn(
  rng: Rng,
  community: Region,
  ctx: GenContext,
  sigmaScale = 1,
): { pos: Pos; street: Region } {
  const street = community.level === 'street' ? community : (ctx.regions.streetOf(community.id) as Region);
  const pos = street.polygon.pointNear(rng, community.center, clusterSigmaM(community) * sigmaScale);
  return { pos, street };
}
