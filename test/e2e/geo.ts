/** The district as the API serves it, moved onto the WGS84 basemap, for pixel checks. */
import gcoord from 'gcoord';
import type { RegionCollection } from '@ioc/contract/contract';
import { insidePolygon, project } from './pixels';

export type Rings = number[][][];
export interface Camera {
  center: [number, number];
  zoom: number;
}

export function toWgs84Rings(fc: RegionCollection): Rings[] {
  return fc.features.map((f) => {
    const g = gcoord.transform(f.geometry as never, gcoord.GCJ02, gcoord.WGS84) as unknown as {
      type: string;
      coordinates: number[][][] | number[][][][];
    };
    return g.type === 'Polygon' ? (g.coordinates as Rings) : (g.coordinates as Rings[]).flat();
  });
}

export function insideAny(p: [number, number], polys: Rings[]): boolean {
  return polys.some((rings) => insidePolygon(p, rings));
}

/** Pixel distance from a screen point to the nearest edge of any polygon. */
export function edgeDistancePx(
  px: [number, number],
  polys: Rings[],
  camera: Camera,
  size: { width: number; height: number },
): number {
  let best = Number.POSITIVE_INFINITY;
  for (const rings of polys) {
    for (const ring of rings) {
      let prev = project(ring[0] as [number, number], camera, size);
      for (let i = 1; i < ring.length; i++) {
        const cur = project(ring[i] as [number, number], camera, size);
        const [dx, dy] = [cur[0] - prev[0], cur[1] - prev[1]];
        const len2 = dx * dx + dy * dy || 1;
        const t = Math.max(0, Math.min(1, ((px[0] - prev[0]) * dx + (px[1] - prev[1]) * dy) / len2));
        best = Math.min(best, Math.hypot(px[0] - prev[0] - t * dx, px[1] - prev[1] - t * dy));
        prev = cur;
      }
    }
  }
  return best;
}
