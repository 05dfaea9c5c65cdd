/**
 * What lies inside each control ring around an incident. Rings are annuli: 封控 is the
 * disc of the first radius, 管控 the band between the first and second radius (so it
 * excludes 封控), 防范 the band between the second and third. A feature exactly on a
 * boundary belongs to the inner ring. Distances are great-circle (turf), in the API's CRS,
 * where the incident and the features both are.
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import distance from '@turf/distance';
import type { LngLat } from '../../api/contract';

export interface PointRow {
  at: LngLat;
  props: Record<string, unknown>;
}

export interface AreaRow {
  /** Polygon or MultiPolygon coordinates in the API's CRS. */
  geometry:
    | { type: 'Polygon'; coordinates: number[][][] }
    | { type: 'MultiPolygon'; coordinates: number[][][][] };
  population: number;
  areaKm2: number;
}

export interface RingInputs {
  kindergartens: PointRow[];
  medical: PointRow[];
  kiosks: PointRow[];
  stations: PointRow[];
  /** Open events (reported, dispatched, handling); the incident itself is not counted. */
  events: PointRow[];
  communities: AreaRow[];
}

export interface RingCount {
  /** Outer radius (m). */
  radiusM: number;
  kindergartens: number;
  cameras: number;
  hospitals: number;
  /** Every medical facility (hospital, community health centre, clinic). */
  medical: number;
  beds: number;
  kiosks: number;
  stations: number;
  events: number;
  /** Estimated residents: each community's population density over the ring's area. */
  residents: number;
}

/** Which ring a distance falls in: 0, 1, 2, or -1 beyond the last. */
export function ringOf(meters: number, radiiM: readonly number[]): number {
  for (let i = 0; i < radiiM.length; i++) if (meters <= (radiiM[i] as number)) return i;
  return -1;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function emptyRing(radiusM: number): RingCount {
  return {
    radiusM,
    kindergartens: 0,
    cameras: 0,
    hospitals: 0,
    medical: 0,
    beds: 0,
    kiosks: 0,
    stations: 0,
    events: 0,
    residents: 0,
  };
}

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

/** `residents`: precomputed `residentsByRing` (it is the costly part and does not change with events). */
export function countRings(
  center: LngLat,
  radiiM: readonly number[],
  inputs: RingInputs,
  residents = residentsByRing(center, radiiM, inputs.communities),
): RingCount[] {
  const rings = radiiM.map(emptyRing);
  const each = (rows: PointRow[], add: (r: RingCount, p: Record<string, unknown>) => void) => {
    for (const row of rows) {
      const i = ringOf(distance(center, row.at, { units: 'meters' }), radiiM);
      if (i >= 0) add(rings[i] as RingCount, row.props);
    }
  };
  each(inputs.kindergartens, (r, p) => {
    r.kindergartens++;
    r.cameras += num(p.cameras);
  });
  each(inputs.medical, (r, p) => {
    r.medical++;
    if (p.kind === 'hospital') r.hospitals++;
    r.beds += num(p.beds);
  });
  each(inputs.kiosks, (r) => {
    r.kiosks++;
  });
  each(inputs.stations, (r) => {
    r.stations++;
  });
  each(inputs.events, (r) => {
    r.events++;
  });
  rings.forEach((r, i) => {
    r.residents = residents[i] ?? 0;
  });
  return rings;
}
