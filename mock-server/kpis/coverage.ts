/**
 * selfService.coverage15min: share of residents within a 15-minute walk of a kiosk, by the
 * same method as the planner's 15-minute circle (src/analysis/serviceCircle.ts), so the KPI
 * panel and the workbench always show the same figure: each community's population spread
 * evenly over a grid of sample points inside it, a point covered when a kiosk lies within
 * SERVICE_CIRCLE_M in a straight line (docs/API.md). Kiosks in a neighbouring street count:
 * people walk across boundaries. Measured in WGS84, where positions are true ground
 * positions: the planner measures on the standard (WGS84) basemap, so with the same
 * conversion (src/api/crs.ts) both sample the very same points.
 */
import { type Crs, type Feature, type RegionProps, SERVICE_CIRCLE_M } from '../../src/api/contract';
import { serviceCircleCoverage } from '../../src/analysis/serviceCircle';
import { convertFeatures } from '../../src/api/crs';
import type { Pos } from '../geo';
import type { RegionIndex } from '../regions';

/** Covered population per community id. */
export function coveredPopulation(
  regions: RegionIndex,
  kiosks: readonly Feature<{ status: string }>[],
): Map<string, { covered: number; population: number }> {
  const from = regions.file.crs as Crs;
  const points = convertFeatures([...kiosks], from, 'WGS84');
  const sites = points.flatMap((k) => (k.geometry.type === 'Point' ? [k.geometry.coordinates as Pos] : []));
  const communities = convertFeatures(
    regions.communities.map((c) => c.feature as Feature<RegionProps>),
    from,
    'WGS84',
  );
  const { samples } = serviceCircleCoverage(communities, sites, SERVICE_CIRCLE_M, { maxCandidates: 0 });
  const out = new Map<string, { covered: number; population: number }>();
  for (const c of regions.communities) out.set(c.id, { covered: 0, population: c.population });
  for (const s of samples) {
    const row = out.get(s.communityId);
    if (row && s.covered) row.covered += s.population;
  }
  return out;
}
