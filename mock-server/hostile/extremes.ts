/**
 * Answers with values at the edge of reason (pure functions, unit-tested): text of
 * 10,000 characters in every free-text field, indicators of 1e308 and -1, and a polygon of
 * 200,000 vertices in a feature collection.
 */

import { CJK, map } from './transform';

/** No spaces to break at: the worst case for wrapping. */
const FILL = '很长的名字没有空格可断行';

/**
 * Every free-text string (one with a Chinese character: ids, enums and timestamps are
 * ASCII, so they stay valid) made `chars` characters long: names of streets, hospitals
 * and layers, titles, labels, notes.
 */
export function longText(value: unknown, chars = 10_000): unknown {
  const tail = FILL.repeat(Math.ceil(chars / FILL.length));
  return map(
    value,
    (v) => (typeof v === 'string' && CJK.test(v) ? `${v}${tail}`.slice(0, Math.max(chars, v.length)) : v),
    null,
  );
}

/** GET /kpis with figures no indicator can have: 1e308 and -1, turn about. */
export function hugeNumbers(value: unknown): unknown {
  const body = value as { indicators?: { value: number }[] };
  if (!Array.isArray(body?.indicators)) return value;
  return {
    ...body,
    indicators: body.indicators.map((ind, i) => ({ ...ind, value: i % 2 === 0 ? 1e308 : -1 })),
  };
}

type Feature = { geometry: { type: string; coordinates: unknown } | null };

function anchor(g: Feature['geometry']): [number, number] {
  let c: unknown = g?.coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) && typeof c[0] === 'number' ? [c[0], c[1] as number] : [114.25, 22.7];
}

/**
 * A ring of `vertices` around `center`, about `radiusM` across, with a jagged edge, so no
 * two neighbours are in line and a simplifier cannot drop them for free.
 */
export function jaggedRing(center: [number, number], vertices: number, radiusM = 600): number[][] {
  const r = radiusM / 111_320;
  const ring: number[][] = [];
  for (let i = 0; i < vertices; i++) {
    const a = (i / vertices) * 2 * Math.PI;
    const k = r * (1 + 0.04 * Math.sin(i * 0.37) + 0.02 * (i % 2));
    ring.push([
      center[0] + (k * Math.cos(a)) / Math.cos((center[1] * Math.PI) / 180),
      center[1] + k * Math.sin(a),
    ]);
  }
  ring.push(ring[0]!);
  return ring;
}

/** The first feature's geometry made a polygon of `vertices` vertices around where it was. */
export function hugePolygon(value: unknown, vertices = 200_000): unknown {
  const fc = value as { features?: Feature[] };
  if (!Array.isArray(fc?.features) || fc.features.length === 0) return value;
  const [first, ...rest] = fc.features;
  const geometry = { type: 'Polygon', coordinates: [jaggedRing(anchor(first!.geometry), vertices)] };
  return { ...fc, features: [{ ...first, geometry }, ...rest] };
}
