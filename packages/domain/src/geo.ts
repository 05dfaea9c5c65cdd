/**
 * Small planar/spherical geometry for generated data: point-in-polygon, sampling, areas,
 * distances. Coordinates are [lng, lat] degrees (GCJ-02 here, but nothing depends on it).
 */
import type { Rng } from './prng';

export type Pos = [number, number];
export type Ring = Pos[];
export type PolygonCoords = Ring[];
export type BBox = [number, number, number, number];
export type AreaGeometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;
/** Metres per degree of latitude (and of longitude at the equator). */
export const M_PER_DEG = EARTH_RADIUS_M * RAD;

export function haversineM(a: readonly number[], b: readonly number[]): number {
  const [lng1, lat1] = a as [number, number];
  const [lng2, lat2] = b as [number, number];
  const dLat = (lat2 - lat1) * RAD;
  const dLng = (lng2 - lng1) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

function ringsOf(g: AreaGeometry): number[][][] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat(1);
}

export function bboxOf(g: AreaGeometry): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const ring of ringsOf(g)) {
    for (const p of ring) {
      const x = p[0] as number;
      const y = p[1] as number;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

export function inBBox(p: readonly number[], b: BBox): boolean {
  const x = p[0] as number;
  const y = p[1] as number;
  return x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];
}

/**
 * Point-in-polygon with edges bucketed into horizontal bands, so a test touches only the
 * few edges near the point's latitude (a street outline has hundreds of vertices and we test
 * millions of points at layerScale 100). Even-odd rule over all rings, so holes and
 * multi-polygons work without special cases.
 */
export class PolygonIndex {
  readonly bbox: BBox;
  private readonly edges: Float64Array;
  private readonly bands: Uint32Array[];
  private readonly bandHeight: number;
  private readonly bandCount: number;

  constructor(readonly geometry: AreaGeometry) {
    this.bbox = bboxOf(geometry);
    const list: number[] = [];
    for (const ring of ringsOf(geometry)) {
      for (let i = 0; i < ring.length; i++) {
        const a = ring[i] as number[];
        const b = ring[(i + 1) % ring.length] as number[];
        if (a[1] === b[1] && a[0] === b[0]) continue;
        list.push(a[0] as number, a[1] as number, b[0] as number, b[1] as number);
      }
    }
    this.edges = Float64Array.from(list);
    const edgeCount = list.length / 4;
    const bandCount = Math.max(1, Math.min(512, Math.ceil(edgeCount / 4)));
    this.bandCount = bandCount;
    this.bandHeight = (this.bbox[3] - this.bbox[1]) / bandCount || 1;
    const buckets: number[][] = Array.from({ length: bandCount }, () => []);
    for (let e = 0; e < edgeCount; e++) {
      const y1 = this.edges[e * 4 + 1] as number;
      const y2 = this.edges[e * 4 + 3] as number;
      const lo = this.band(Math.min(y1, y2));
      const hi = this.band(Math.max(y1, y2));
      for (let k = lo; k <= hi; k++) (buckets[k] as number[]).push(e);
    }
    this.bands = buckets.map((b) => Uint32Array.from(b));
  }

  private band(y: number): number {
    const k = Math.floor((y - this.bbox[1]) / this.bandHeight);
    return Math.max(0, Math.min(this.bandCount - 1, k));
  }

  contains(x: number, y: number): boolean {
    const b = this.bbox;
    if (x < b[0] || x > b[2] || y < b[1] || y > b[3]) return false;
    const k = this.band(y);
    const edges = this.edges;
    let inside = false;
    for (const e of this.bands[k] as Uint32Array) {
      const i = e * 4;
      const x1 = edges[i] as number;
      const y1 = edges[i + 1] as number;
      const x2 = edges[i + 2] as number;
      const y2 = edges[i + 3] as number;
      if (y1 > y !== y2 > y && x < ((x2 - x1) * (y - y1)) / (y2 - y1) + x1) inside = !inside;
    }
    return inside;
  }

  /** Uniform random point inside, by rejection from the bounding box. */
  randomPoint(rng: Rng, maxTries = 10_000): Pos {
    const b = this.bbox;
    for (let i = 0; i < maxTries; i++) {
      const x = b[0] + rng() * (b[2] - b[0]);
      const y = b[1] + rng() * (b[3] - b[1]);
      if (this.contains(x, y)) return [x, y];
    }
    throw new Error('PolygonIndex.randomPoint: polygon too thin to sample');
  }

  /**
   * A point near `center` (normal spread of `sigmaM` metres) that lies inside; after a few
   * misses it falls back to a uniform point, so sampling always terminates.
   */
  pointNear(rng: Rng, center: readonly number[], sigmaM: number, tries = 12): Pos {
    const cx = center[0] as number;
    const cy = center[1] as number;
    const sy = sigmaM / M_PER_DEG;
    const sx = sy / Math.cos(cy * RAD);
    for (let i = 0; i < tries; i++) {
      // Box–Muller pair inlined: this runs a million times at layerScale 100.
      const r = Math.sqrt(-2 * Math.log(1 - rng()));
      const t = 2 * Math.PI * rng();
      const x = cx + sx * r * Math.cos(t);
      const y = cy + sy * r * Math.sin(t);
      if (this.contains(x, y)) return [x, y];
    }
    return this.randomPoint(rng);
  }
}

/** Area of a ring in square metres (local equirectangular projection; fine for city blocks). */
export function ringAreaM2(ring: readonly (readonly number[])[]): number {
  if (ring.length < 3) return 0;
  const lat0 = (ring[0] as number[])[1] as number;
  const kx = M_PER_DEG * Math.cos(lat0 * RAD);
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as number[];
    const b = ring[(i + 1) % ring.length] as number[];
    s +=
      (a[0] as number) * kx * ((b[1] as number) * M_PER_DEG) -
      (b[0] as number) * kx * ((a[1] as number) * M_PER_DEG);
  }
  return Math.abs(s) / 2;
}

/** Area of a polygon (outer ring minus holes) in square metres. */
export function polygonAreaM2(rings: readonly (readonly (readonly number[])[])[]): number {
  let area = 0;
  rings.forEach((r, i) => {
    area += i === 0 ? ringAreaM2(r) : -ringAreaM2(r);
  });
  return Math.max(0, area);
}

/** Vertex mean of a ring's distinct vertices: good enough as a label point for small blocks. */
export function ringCenter(ring: readonly (readonly number[])[]): Pos {
  const n =
    ring.length > 1 &&
    ring[0]?.[0] === ring[ring.length - 1]?.[0] &&
    ring[0]?.[1] === ring[ring.length - 1]?.[1]
      ? ring.length - 1
      : ring.length;
  let x = 0;
  let y = 0;
  for (let i = 0; i < n; i++) {
    x += (ring[i] as number[])[0] as number;
    y += (ring[i] as number[])[1] as number;
  }
  return [x / n, y / n];
}

/** Offset a position by metres east/north. */
export function offsetM(p: readonly number[], eastM: number, northM: number): Pos {
  const lat = p[1] as number;
  return [(p[0] as number) + eastM / (M_PER_DEG * Math.cos(lat * RAD)), lat + northM / M_PER_DEG];
}

/** Round to 6 decimals (~0.1 m): smaller JSON, and stable text across engines. */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
