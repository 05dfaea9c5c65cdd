/** Small geometry helpers shared by the analyses (pure; [lng, lat] in degrees). */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Geometry } from '@ioc/contract/contract';

export type Pos = [number, number];

const R = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in metres. */
export function haversineM(a: Pos, b: Pos): number {
  const dLat = rad(b[1] - a[1]);
  const dLng = rad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function isArea(g: Geometry): boolean {
  return g.type === 'Polygon' || g.type === 'MultiPolygon';
}

export function contains(area: Geometry, p: Pos): boolean {
  if (!isArea(area)) return false;
  return booleanPointInPolygon(p, area as never);
}

/** Outer rings' bounding box: [minLng, minLat, maxLng, maxLat]. */
export function bboxOf(g: Geometry): [number, number, number, number] {
  let b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as Pos;
      b = [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)];
    } else if (Array.isArray(c)) for (const x of c) visit(x);
  };
  visit((g as { coordinates: unknown }).coordinates);
  return b;
}

/** A representative point: the point itself, or the mean of an area's outer-ring vertices. */
export function anchorOf(g: Geometry): Pos | null {
  if (g.type === 'Point') return g.coordinates as Pos;
  const ring =
    g.type === 'Polygon'
      ? (g.coordinates as Pos[][])[0]
      : g.type === 'MultiPolygon'
        ? (g.coordinates as Pos[][][])[0]?.[0]
        : g.type === 'LineString'
          ? (g.coordinates as Pos[])
          : undefined;
  if (!ring || ring.length === 0) return null;
  let x = 0;
  let y = 0;
  for (const p of ring) {
    x += p[0];
    y += p[1];
  }
  return [x / ring.length, y / ring.length];
}
