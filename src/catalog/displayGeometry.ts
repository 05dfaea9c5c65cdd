/**
 * What the map draws of a heavy geometry (more than HEAVY_VERTICES vertices): the same
 * shape simplified for the zoom, so one 200,000-vertex polygon cannot freeze the wall while
 * deck.gl tessellates it on load, redraws it for picking on every hover and again on every
 * refresh. The analyses and exports keep the full geometry; only the drawing (and so the
 * picking) uses this. Simplified once per payload and zoom level, cached like the CRS
 * conversion; features that are not heavy keep their identity.
 *
 * The simplifier (./simplifyGeometry.ts, with simplify-js) loads only when a heavy geometry
 * first appears; until then such features are left out of the drawing.
 */
import type { LayerFeature } from '../../layers/kit/define';
import { HEAVY_VERTICES, vertexCount } from '../api/heavyGeometry';

let simplifier: typeof import('./simplifyGeometry') | null = null;
let loading: Promise<void> | null = null;

/** Loads the simplifier once; resolves when it is there. */
export function loadSimplifier(): Promise<void> {
  loading ??= import('./simplifyGeometry').then((m) => {
    simplifier = m;
  });
  return loading;
}

export const simplifierLoaded = () => simplifier !== null;

/** Tolerance: half a pixel at the zoom level (512-pixel tiles, degrees of longitude). */
const toleranceAt = (band: number) => 360 / (512 * 2 ** band) / 2;

const heavyOf = new WeakMap<LayerFeature[], Set<number>>();

/** Indices of the heavy features (counted once per array). */
export function heavyIndices(features: LayerFeature[]): Set<number> {
  let hit = heavyOf.get(features);
  if (!hit) {
    hit = new Set();
    for (let i = 0; i < features.length; i++)
      if (vertexCount(features[i]!.geometry.coordinates) > HEAVY_VERTICES) hit.add(i);
    heavyOf.set(features, hit);
  }
  return hit;
}

const byBand = new WeakMap<LayerFeature[], Map<number, LayerFeature[]>>();

/** The features to draw at `zoom`: heavy ones simplified, the rest as they are. */
export function forDisplay(features: LayerFeature[], zoom: number): LayerFeature[] {
  const heavy = heavyIndices(features);
  if (heavy.size === 0) return features;
  if (!simplifier) {
    void loadSimplifier();
    return features.filter((_, i) => !heavy.has(i));
  }
  const band = Math.max(0, Math.min(22, Math.floor(zoom)));
  let bands = byBand.get(features);
  if (!bands) {
    bands = new Map();
    byBand.set(features, bands);
  }
  let out = bands.get(band);
  if (!out) {
    const tolerance = toleranceAt(band);
    const { simplified } = simplifier;
    out = features.map((f, i) => (heavy.has(i) ? { ...f, geometry: simplified(f.geometry, tolerance) } : f));
    bands.set(band, out);
  }
  return out;
}
