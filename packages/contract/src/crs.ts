/**
 * Coordinate conversion between coordinate systems. Chinese platforms often publish GCJ-02
 * (or Baidu's BD-09); standard tiles and the embedded basemap are WGS84. CGCS2000 differs
 * from WGS84 by centimetres, far below what a city map shows, so it is treated as WGS84.
 * The arithmetic is gcoord's.
 */
import gcoord, { type CRSTypes } from 'gcoord';
import type { Crs, Geometry, LngLat } from './contract';

const GC: Record<Crs, CRSTypes> = {
  WGS84: gcoord.WGS84,
  CGCS2000: gcoord.WGS84,
  GCJ02: gcoord.GCJ02,
  BD09: gcoord.BD09,
};

export function sameDatum(from: Crs, to: Crs): boolean {
  return GC[from] === GC[to];
}

export function convertPoint(p: LngLat, from: Crs, to: Crs): LngLat {
  if (sameDatum(from, to)) return p;
  const [lng, lat] = gcoord.transform([p[0], p[1]], GC[from], GC[to]) as [number, number];
  return [lng, lat];
}

export type Pos = number[];
export function mapPositions<T>(coords: T, f: (p: Pos) => Pos): T {
  if (typeof (coords as Pos)[0] === 'number') return f(coords as Pos) as T;
  return (coords as unknown[]).map((c) => mapPositions(c, f)) as T;
}

/** The exact shift of one position between two datums. */
export function exactShift(from: Crs, to: Crs): (p: Pos) => Pos {
  return (p) => {
    const [lng, lat] = gcoord.transform([p[0]!, p[1]!], GC[from], GC[to]) as [number, number];
    return [lng, lat];
  };
}

/**
 * A geometry in another datum. `shiftFor` may choose a cheaper shift for a geometry (the
 * browser interpolates a heavy polygon's shift on a grid); the default shifts every vertex.
 */
export function convertGeometry<G extends Geometry>(
  g: G,
  from: Crs,
  to: Crs,
  shiftFor: (g: G, exact: (p: Pos) => Pos) => (p: Pos) => Pos = (_g, exact) => exact,
): G {
  if (sameDatum(from, to)) return g;
  return { ...g, coordinates: mapPositions(g.coordinates, shiftFor(g, exactShift(from, to))) };
}

export function convertFeatures<F extends { geometry: Geometry }>(features: F[], from: Crs, to: Crs): F[] {
  if (sameDatum(from, to)) return features;
  return features.map((feat) => ({ ...feat, geometry: convertGeometry(feat.geometry, from, to) }));
}
