/**
 * What lies inside each control ring around an incident, one column for each ring role a
 * layer declares (layers/kit/define.ts). Rings are annuli: 封控 is the disc of the first
 * radius, 管控 the band between the first and second radius (so it excludes 封控), 防范
 * the band between the second and third. A feature exactly on a boundary belongs to the
 * inner ring. Distances are great-circle (turf), in the CRS the layer's features came in
 * (the API's for its layers), where the incident is placed too.
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import distance from '@turf/distance';
import type { RingRole } from '../../../layers/kit/define';
import type { Geometry, LngLat } from '@ioc/contract/contract';
import { anchorOf } from '@ioc/domain/analysis/geo';
import { applyFilters } from '../../catalog/filters';

export interface AreaRow {
  /** Polygon or MultiPolygon coordinates in the API's CRS. */
  geometry:
    | { type: 'Polygon'; coordinates: number[][][] }
    | { type: 'MultiPolygon'; coordinates: number[][][][] };
  population: number;
  areaKm2: number;
}

export interface RingFeature {
  geometry: Geometry;
  properties: Record<string, unknown>;
}

/** One layer's part in the rings: its columns, its features and the incident, both in the layer's CRS. */
export interface RingInput {
  columns: RingRole[];
  features: RingFeature[];
  center: LngLat;
}

export interface RingCount {
  /** Outer radius (m). */
  radiusM: number;
  /** By column key (RingRole.key). */
  values: Record<string, number>;
}

/** Which ring a distance falls in: 0, 1, 2, or -1 beyond the last. */
export function ringOf(meters: number, radiiM: readonly number[]): number {
  for (let i = 0; i < radiiM.length; i++) if (meters <= (radiiM[i] as number)) return i;
  return -1;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Metres per degree of latitude and of longitude at `lat` (a local plane; fine for a few km). */
function metresPerDegree(lat: number): [number, number] {
  return [111_320 * Math.cos((lat * Math.PI) / 180), 110_540];
}

/**
 * Residents by ring: a grid of cells (`cellM` square) over the outer disc; each cell takes
 * the population density of the community it falls in, and goes to the ring of its
 * centre. Communities are far larger than the cells, so this is within a few per cent.
 */
export function residentsByRing(
  center: LngLat,
  radiiM: readonly number[],
  communities: readonly AreaRow[],
  cellM = 50,
): number[] {
  const out = radiiM.map(() => 0);
  const outer = radiiM[radiiM.length - 1] ?? 0;
  const [mx, my] = metresPerDegree(center[1]);
  const cellKm2 = (cellM * cellM) / 1e6;
  const density = communities.map((c) => (c.areaKm2 > 0 ? c.population / c.areaKm2 : 0));
  const n = Math.ceil(outer / cellM);
  let last = -1; // the community the previous cell fell in: neighbours usually share it
  for (let iy = -n; iy < n; iy++) {
    for (let ix = -n; ix < n; ix++) {
      const dx = (ix + 0.5) * cellM;
      const dy = (iy + 0.5) * cellM;
      const ring = ringOf(Math.hypot(dx, dy), radiiM);
      if (ring < 0) continue;
      const p: LngLat = [center[0] + dx / mx, center[1] + dy / my];
      let hit = -1;
      if (last >= 0 && booleanPointInPolygon(p, communities[last]!.geometry)) hit = last;
      else {
        for (let k = 0; k < communities.length; k++) {
          if (k !== last && booleanPointInPolygon(p, communities[k]!.geometry)) {
            hit = k;
            break;
          }
        }
      }
      if (hit < 0) continue;
      last = hit;
      out[ring] = (out[ring] as number) + (density[hit] as number) * cellKm2;
    }
  }
  return out.map(Math.round);
}

/** Areas with a population and an area, for a `residents` column. */
export function areasOf(features: RingFeature[], population: string, areaKm2: string): AreaRow[] {
  return features
    .filter((f) => f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon')
    .map((f) => ({
      geometry: f.geometry as AreaRow['geometry'],
      population: num(f.properties[population]),
      areaKm2: num(f.properties[areaKm2]),
    }));
}

/**
 * Every column of every layer, ring by ring. A feature counts at its anchor (a point, or
 * the middle of an area's outline); `exclude` (the incident itself) never counts.
 * `residents`: precomputed columns of the `residents` kind (the costly part, which does not
 * change with events), by column key.
 */
export function countRings(
  radiiM: readonly number[],
  inputs: readonly RingInput[],
  exclude: string | null = null,
  residents: Record<string, number[]> = residentsOf(radiiM, inputs),
): RingCount[] {
  const rings = radiiM.map((radiusM) => ({ radiusM, values: {} as Record<string, number> }));
  for (const { columns, features, center } of inputs) {
    for (const col of columns) {
      for (const r of rings) r.values[col.key] = 0;
      if (col.measure.kind === 'residents') {
        (residents[col.key] ?? []).forEach((v, i) => {
          if (rings[i]) rings[i].values[col.key] = v;
        });
        continue;
      }
      const m = col.measure;
      for (const f of col.where ? applyFilters(features as never, col.where) : features) {
        if (exclude !== null && f.properties.id === exclude) continue;
        const at = anchorOf(f.geometry);
        if (!at) continue;
        const ring = rings[ringOf(distance(center, at, { units: 'meters' }), radiiM)];
        if (ring) ring.values[col.key]! += m.kind === 'sum' ? num(f.properties[m.field]) : 1;
      }
    }
  }
  return rings;
}

/** The `residents` columns of `inputs`, by key. */
export function residentsOf(
  radiiM: readonly number[],
  inputs: readonly RingInput[],
): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const { columns, features, center } of inputs)
    for (const col of columns)
      if (col.measure.kind === 'residents')
        out[col.key] = residentsByRing(
          center,
          radiiM,
          areasOf(features, col.measure.population, col.measure.areaKm2),
        );
  return out;
}
