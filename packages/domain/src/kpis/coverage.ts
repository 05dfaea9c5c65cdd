/**
 * selfService.coverage15min: share of residents within a 15-minute walk of a kiosk, by the
 * same method as the planner's 15-minute circle (src/analysis/serviceCircle.ts), so the KPI
 * panel and the workbench always show the same figure: each community's population spread
 * evenly over a grid of sample points inside it, a point covered when a kiosk lies within
 * SERVICE_CIRCLE_M in a straight line (docs/API.md). Kiosks in a neighbouring street count:
 * people walk across boundaries. Measured in WGS84, where positions are true ground
 * positions: the planner measures on the standard (WGS84) basemap, so with the same
 * conversion (src/api/crs.ts) both sample the very same points. The server stores these
 * samples as KPI inputs and counts them in SQL.
 */
import { type Crs, type Feature, type RegionProps, SERVICE_CIRCLE_M } from '@ioc/contract/contract';
import { serviceCircleCoverage } from '../analysis/serviceCircle';
import { convertFeatures } from '@ioc/contract/crs';
import type { Pos } from '../geo';
import type { RegionIndex } from '../regions';

export interface PopulationSample {
  communityId: string;
  streetId: string;
  /** Residents this point stands for. */
  weight: number;
  /** WGS84. */
  position: Pos;
}

/** Kiosk positions in WGS84. */
export function sitesWgs84(regions: RegionIndex, kiosks: readonly Feature<{ status: string }>[]): Pos[] {
  const points = convertFeatures([...kiosks], regions.file.crs as Crs, 'WGS84');
  return points.flatMap((k) => (k.geometry.type === 'Point' ? [k.geometry.coordinates as Pos] : []));
}

/** Where each community's residents are taken to live: the planner's sample grid, in WGS84. */
export function populationSamples(
  regions: RegionIndex,
  sites: Pos[] = [],
): (PopulationSample & { covered: boolean })[] {
  const communities = convertFeatures(
    regions.communities.map((c) => c.feature as Feature<RegionProps>),
    regions.file.crs as Crs,
    'WGS84',
  );
  const { samples } = serviceCircleCoverage(communities, sites, SERVICE_CIRCLE_M, { maxCandidates: 0 });
  return samples.map((s) => ({
    communityId: s.communityId,
    streetId: s.streetId,
    weight: s.population,
    position: s.at,
    covered: s.covered,
  }));
}

/** Covered population per community id. */
export function coveredPopulation(
  regions: RegionIndex,
  kiosks: readonly Feature<{ status: string }>[],
): Map<string, { covered: number; population: number }> {
  const out = new Map<string, { covered: number; population: number }>();
  for (const c of regions.communities) out.set(c.id, { covered: 0, population: c.population });
  for (const s of populationSamples(regions, sitesWgs84(regions, kiosks))) {
    const row = out.get(s.communityId);
    if (row && s.covered) row.covered += s.weight;
  }
  return out;
}
