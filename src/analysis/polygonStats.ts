/**
 * What lies inside a drawn polygon or circle: per layer, the number of features and the
 * sum of each numeric property. A point counts when it is inside; a line or an area counts
 * when its anchor (mean of its outer-ring vertices) is inside.
 */
import circle from '@turf/circle';
import type { Geometry } from '@ioc/contract/contract';
import { anchorOf, contains, type Pos } from '@ioc/domain/analysis/geo';

export type DrawnShape = { kind: 'polygon'; ring: Pos[] } | { kind: 'circle'; center: Pos; radiusM: number };

export interface LayerStats {
  layerId: string;
  count: number;
  /** Sum of every numeric property of the features inside, by key. */
  sums: Record<string, number>;
}

export interface StatsFeature {
  geometry: Geometry;
  properties: Record<string, unknown>;
}

/** The shape as a GeoJSON polygon (a circle as a 64-sided polygon). */
export function shapePolygon(shape: DrawnShape): Geometry {
  if (shape.kind === 'circle') {
    return circle(shape.center, shape.radiusM / 1000, { steps: 64, units: 'kilometers' })
      .geometry as Geometry;
  }
  const ring = [...shape.ring];
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) ring.push(first);
  return { type: 'Polygon', coordinates: [ring] } as Geometry;
}

export function polygonStats(
  shape: DrawnShape,
  layers: { layerId: string; features: StatsFeature[] }[],
): LayerStats[] {
  if (shape.kind === 'polygon' && shape.ring.length < 3)
    return layers.map((l) => ({ layerId: l.layerId, count: 0, sums: {} }));
  const area = shapePolygon(shape);
  return layers.map(({ layerId, features }) => {
    const sums: Record<string, number> = {};
    let count = 0;
    for (const f of features) {
      const at = anchorOf(f.geometry);
      if (!at || !contains(area, at)) continue;
      count++;
      for (const [key, v] of Object.entries(f.properties))
        if (typeof v === 'number' && Number.isFinite(v)) sums[key] = (sums[key] ?? 0) + v;
    }
    return { layerId, count, sums };
  });
}
