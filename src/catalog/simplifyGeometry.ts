/**
 * A heavy geometry simplified to draw (see ./displayGeometry.ts): Douglas–Peucker after a
 * radial-distance pass (simplify-js), ring by ring, never collapsing a ring.
 */
import simplify from 'simplify-js';
import type { Geometry } from '@ioc/contract/contract';
import { HEAVY_VERTICES } from '../api/heavyGeometry';

/** Vertices drawn of one feature at most, however fine the zoom. */
export const MAX_DRAWN = 4000;
/** Coarsening passes before a line still over budget is thinned evenly. */
const MAX_PASSES = 12;

type Line = number[][];

/** Every n-th vertex, and the last: an even thinning, the last resort. */
function decimate(line: Line, keep: number): Line {
  const step = Math.ceil(line.length / keep);
  const out = line.filter((_, i) => i % step === 0);
  out.push(line[line.length - 1]!);
  return out;
}

/**
 * Half a pixel at this zoom; while more than `budget` vertices are left, twice as coarse.
 * A line far over budget is first thinned evenly to four times it (a vertex every few
 * centimetres of a hostile 200,000-vertex polygon), so each pass is cheap and its error
 * stays within its own tolerance.
 */
function simplifyLine(line: Line, tolerance: number, budget: number, closed: boolean): Line {
  if (line.length <= Math.min(budget, HEAVY_VERTICES)) return line;
  const points = (line.length > 4 * budget ? decimate(line, 4 * budget) : line).map((p) => ({
    x: p[0]!,
    y: p[1]!,
  }));
  let kept = simplify(points, tolerance);
  for (let pass = 1, t = tolerance; kept.length > budget && pass < MAX_PASSES; pass++) {
    t *= 2;
    kept = simplify(points, t);
  }
  let out = kept.map((p) => [p.x, p.y]);
  if (out.length > budget) out = decimate(out, budget);
  if (!closed || out.length >= 4) return out;
  // A ring smaller than the tolerance: as it was if light, else a coarse outline of it.
  return line.length <= HEAVY_VERTICES ? line : decimate(line, 64);
}

/** The feature's budget shared by its lines in proportion to their vertices. */
function lines(all: Line[], tolerance: number, closed: boolean): Line[] {
  const total = all.reduce((n, l) => n + l.length, 0);
  return all.map((l) =>
    simplifyLine(l, tolerance, Math.max(64, Math.floor((MAX_DRAWN * l.length) / total)), closed),
  );
}

export function simplified(g: Geometry, tolerance: number): Geometry {
  switch (g.type) {
    case 'LineString':
      return {
        ...g,
        coordinates: simplifyLine(g.coordinates, tolerance, MAX_DRAWN, false) as typeof g.coordinates,
      };
    case 'MultiLineString':
      return { ...g, coordinates: lines(g.coordinates, tolerance, false) as typeof g.coordinates };
    case 'Polygon':
      return { ...g, coordinates: lines(g.coordinates, tolerance, true) as typeof g.coordinates };
    case 'MultiPolygon': {
      const flat = lines(g.coordinates.flat(), tolerance, true);
      let at = 0;
      const coordinates = g.coordinates.map((poly) => poly.map(() => flat[at++]!));
      return { ...g, coordinates: coordinates as typeof g.coordinates };
    }
    default:
      return g;
  }
}
