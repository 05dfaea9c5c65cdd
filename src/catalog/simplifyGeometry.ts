/**
 * A heavy geometry simplified to draw (see ./displayGeometry.ts): Douglas–Peucker after a
 * radial-distance pass (simplify-js), ring by ring, never collapsing a ring.
 */
import simplify from 'simplify-js';
import type { Geometry } from '../api/contract';
import { HEAVY_VERTICES } from '../api/heavyGeometry';

/** Vertices drawn of one feature at most, however fine the zoom. */
export const MAX_DRAWN = 4000;

type Ring = number[][];

function perimeter(rings: Ring[]): number {
  let p = 0;
  for (const ring of rings)
    for (let i = 1; i < ring.length; i++)
      p += Math.hypot(ring[i]![0]! - ring[i - 1]![0]!, ring[i]![1]! - ring[i - 1]![1]!);
  return p;
}

/** Every n-th vertex: a coarse outline, for a ring that simplification would collapse. */
function decimate(ring: Ring, keep: number): Ring {
  const step = Math.ceil(ring.length / keep);
  const out = ring.filter((_, i) => i % step === 0);
  out.push(ring[ring.length - 1]!);
  return out;
}

function simplifyLine(line: Ring, tolerance: number, closed: boolean): Ring {
  if (line.length <= 4) return line;
  const out = simplify(
    line.map((p) => ({ x: p[0]!, y: p[1]! })),
    tolerance,
  ).map((p) => [p.x, p.y]);
  if (!closed) return out;
  if (out.length >= 4) return out;
  // A ring smaller than the tolerance: as it was if light, else a coarse outline of it.
  return line.length <= HEAVY_VERTICES ? line : decimate(line, 64);
}

/**
 * Half a pixel at this zoom, coarser when that would still leave more than MAX_DRAWN
 * vertices: a radial-distance pass keeps no two vertices closer than the tolerance, so
 * the perimeter over the tolerance bounds what is left.
 */
export function simplified(g: Geometry, zoomTolerance: number): Geometry {
  switch (g.type) {
    case 'LineString': {
      const tol = Math.max(zoomTolerance, perimeter([g.coordinates]) / MAX_DRAWN);
      return { ...g, coordinates: simplifyLine(g.coordinates, tol, false) as typeof g.coordinates };
    }
    case 'MultiLineString': {
      const tol = Math.max(zoomTolerance, perimeter(g.coordinates) / MAX_DRAWN);
      return {
        ...g,
        coordinates: g.coordinates.map((l) => simplifyLine(l, tol, false)) as typeof g.coordinates,
      };
    }
    case 'Polygon': {
      const tol = Math.max(zoomTolerance, perimeter(g.coordinates) / MAX_DRAWN);
      return {
        ...g,
        coordinates: g.coordinates.map((r) => simplifyLine(r, tol, true)) as typeof g.coordinates,
      };
    }
    case 'MultiPolygon': {
      const tol = Math.max(zoomTolerance, perimeter(g.coordinates.flat()) / MAX_DRAWN);
      return {
        ...g,
        coordinates: g.coordinates.map((poly) =>
          poly.map((r) => simplifyLine(r, tol, true)),
        ) as typeof g.coordinates,
      };
    }
    default:
      return g;
  }
}
