/**
 * 15-minute service circle: the share of residents within reach of an existing kiosk, by
 * street, and where the gaps are.
 *
 * Method (the same as the API's selfService.coverage15min, so the two figures agree):
 * each community's population (GET /regions?level=community) is spread evenly over the
 * points of a regular grid (about `samplesPerCommunity` points, fitted to the community's
 * bounding box) that fall inside the community polygon; a community too small for any grid
 * point gets one point at its anchor. A sample point is covered when an existing kiosk lies
 * within `radiusM` great-circle metres (no street network). A street's share = covered
 * population of its communities / their population.
 * Gap candidates: for each community with uncovered points, the mean of those points. They
 * are chosen greedily, as a planner would site kiosks one after another: first the site
 * that covers the most uncovered people, then the one that covers the most of those still
 * uncovered, and so on; `newlyCovered` is each site's addition given the sites above it,
 * so two neighbouring sites never both count the same residents.
 */
import type { Feature, RegionProps } from '@ioc/contract/contract';
import { anchorOf, bboxOf, contains, haversineM, type Pos } from './geo';

export interface SamplePoint {
  at: Pos;
  communityId: string;
  streetId: string;
  population: number;
  covered: boolean;
}

export interface StreetCoverage {
  streetId: string;
  population: number;
  covered: number;
  /** covered / population, 0..1 (0 for an empty street). */
  share: number;
}

export interface GapCandidate {
  at: Pos;
  communityId: string;
  /** Uncovered population within radiusM of this site: what a new kiosk here would add. */
  newlyCovered: number;
}

export interface CoverageResult {
  streets: StreetCoverage[];
  candidates: GapCandidate[];
  samples: SamplePoint[];
  totalPopulation: number;
  totalCovered: number;
}

/** Evenly spaced points inside a community, or its anchor when none fall inside. */
export function samplePoints(area: Feature<RegionProps>, target: number): Pos[] {
  const [x0, y0, x1, y1] = bboxOf(area.geometry);
  const w = x1 - x0;
  const h = y1 - y0;
  const out: Pos[] = [];
  if (w > 0 && h > 0) {
    const step = Math.sqrt((w * h) / Math.max(1, target));
    for (let y = y0 + step / 2; y < y1; y += step)
      for (let x = x0 + step / 2; x < x1; x += step) if (contains(area.geometry, [x, y])) out.push([x, y]);
  }
  if (out.length === 0) {
    const a = area.properties.center ?? anchorOf(area.geometry);
    if (a) out.push([a[0], a[1]]);
  }
  return out;
}

function nearAny(p: Pos, sites: Pos[], radiusM: number): boolean {
  for (const s of sites) if (haversineM(p, s) <= radiusM) return true;
  return false;
}

export function serviceCircleCoverage(
  communities: Feature<RegionProps>[],
  kiosks: Pos[],
  radiusM: number,
  opts: { samplesPerCommunity?: number; maxCandidates?: number } = {},
): CoverageResult {
  const target = opts.samplesPerCommunity ?? 48;
  const samples: SamplePoint[] = [];
  for (const c of communities) {
    const pts = samplePoints(c, target);
    const each = c.properties.population / pts.length;
    for (const at of pts)
      samples.push({
        at,
        communityId: c.properties.id,
        streetId: c.properties.parentId ?? c.properties.id,
        population: each,
        covered: nearAny(at, kiosks, radiusM),
      });
  }
  const byStreet = new Map<string, StreetCoverage>();
  for (const s of samples) {
    const row = byStreet.get(s.streetId) ?? { streetId: s.streetId, population: 0, covered: 0, share: 0 };
    row.population += s.population;
    if (s.covered) row.covered += s.population;
    byStreet.set(s.streetId, row);
  }
  const streets = [...byStreet.values()].map((r) => ({
    ...r,
    share: r.population > 0 ? Math.min(1, r.covered / r.population) : 0,
  }));

  const wanted = opts.maxCandidates ?? 10;
  // No candidates asked for (the KPI): skip the siting, which weighs every uncovered point.
  const uncovered = wanted > 0 ? samples.filter((s) => !s.covered) : [];
  const groups = new Map<string, SamplePoint[]>();
  for (const s of uncovered) groups.set(s.communityId, [...(groups.get(s.communityId) ?? []), s]);
  const sites = [...groups].map(([communityId, pts]) => {
    const at: Pos = [
      pts.reduce((a, p) => a + p.at[0], 0) / pts.length,
      pts.reduce((a, p) => a + p.at[1], 0) / pts.length,
    ];
    return { at, communityId, reach: uncovered.filter((p) => haversineM(at, p.at) <= radiusM) };
  });
  const reached = new Set<SamplePoint>();
  const gain = (site: (typeof sites)[number]) =>
    site.reach.reduce((a, p) => a + (reached.has(p) ? 0 : p.population), 0);
  const candidates: GapCandidate[] = [];
  while (candidates.length < wanted && sites.length > 0) {
    let best = -1;
    let bestGain = 0;
    sites.forEach((site, i) => {
      const g = gain(site);
      const better =
        g > bestGain || (g === bestGain && best >= 0 && site.communityId < sites[best]!.communityId);
      if (g > 0 && better) {
        best = i;
        bestGain = g;
      }
    });
    if (best < 0) break;
    const [site] = sites.splice(best, 1);
    for (const p of site!.reach) reached.add(p);
    candidates.push({ at: site!.at, communityId: site!.communityId, newlyCovered: bestGain });
  }
  const totalPopulation = streets.reduce((a, r) => a + r.population, 0);
  const totalCovered = streets.reduce((a, r) => a + r.covered, 0);
  return {
    streets,
    candidates,
    samples,
    totalPopulation,
    totalCovered,
  };
}
