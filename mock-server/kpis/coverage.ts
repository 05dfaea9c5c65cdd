/**
 * selfService.coverage15min: share of residents within a 15-minute walk of a kiosk.
 *
 * Method: each community's population is spread over 32 seeded sample points drawn the
 * way the generators place activity (clustered around the community centre, inside the
 * street), each point carrying population / 32. A point is covered when a kiosk lies
 * within 1,200 m great-circle distance (15 min × ~80 m/min, no street network).
 * Kiosks in a neighbouring street count: people walk across boundaries. Coverage of a
 * region = covered population / population of its sample points.
 */
import type { Feature } from '../../src/api/contract';
import { haversineM, type Pos } from '../geo';
import { clusterSigmaM } from '../generators/common';
import { rngFor } from '../prng';
import type { RegionIndex } from '../regions';

export const WALK_15_MIN_M = 1200;
export const SAMPLES_PER_COMMUNITY = 32;

export interface PopulationSample {
  communityId: string;
  streetId: string;
  position: Pos;
}

/** Where each community's residents are taken to live: SAMPLES_PER_COMMUNITY seeded points. */
export function populationSamples(regions: RegionIndex, seed: number): PopulationSample[] {
  const out: PopulationSample[] = [];
  for (const c of regions.communities) {
    const street = regions.streetOf(c.id);
    if (!street) continue;
    const rng = rngFor(seed, 'coverage', c.id);
    for (let i = 0; i < SAMPLES_PER_COMMUNITY; i++) {
      out.push({
        communityId: c.id,
        streetId: street.id,
        position: street.polygon.pointNear(rng, c.center, clusterSigmaM(c)),
      });
    }
  }
  return out;
}

/** Covered population per community id. */
export function coveredPopulation(
  regions: RegionIndex,
  seed: number,
  kiosks: readonly Feature<{ status: string }>[],
): Map<string, { covered: number; population: number }> {
  const cell = 0.012; // ~1.2 km: a covered point's kiosk is in its cell or a neighbour
  const grid = new Map<string, Pos[]>();
  for (const k of kiosks) {
    if (k.geometry.type !== 'Point') continue;
    const p = k.geometry.coordinates as Pos;
    const key = `${Math.floor(p[0] / cell)}|${Math.floor(p[1] / cell)}`;
    const list = grid.get(key);
    if (list) list.push(p);
    else grid.set(key, [p]);
  }
  const near = (p: Pos): boolean => {
    const cx = Math.floor(p[0] / cell);
    const cy = Math.floor(p[1] / cell);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const k of grid.get(`${cx + dx}|${cy + dy}`) ?? [])
          if (haversineM(p, k) <= WALK_15_MIN_M) return true;
      }
    }
    return false;
  };
  const coveredCount = new Map<string, number>();
  for (const s of populationSamples(regions, seed)) {
    coveredCount.set(s.communityId, (coveredCount.get(s.communityId) ?? 0) + (near(s.position) ? 1 : 0));
  }
  const out = new Map<string, { covered: number; population: number }>();
  for (const c of regions.communities) {
    const covered = coveredCount.get(c.id);
    if (covered === undefined) continue;
    out.set(c.id, { covered: (c.population * covered) / SAMPLES_PER_COMMUNITY, population: c.population });
  }
  return out;
}
