/**
 * What the map draws of a heavy geometry (more than HEAVY_VERTICES vertices): the same
 * shape simplified for the zoom, so one 200,000-vertex polygon cannot freeze the wall while
 * deck.gl tessellates it on load, redraws it for picking on every hover and again on every
 * refresh. The analyses and exports keep the full geometry; only the drawing (and so the
 * picking) uses this. Simplified once per payload and zoom level, cached like the CRS
 * conversion; features that are not heavy keep their identity.
 *
 * A packed geometry (one a layer's answer brought through the geometry worker) is
 * simplified in that worker: simplifying 200,000 vertices took a quarter of a second and
 * more on the page's thread. Until its band's outline is back, the nearest band's is drawn
 * (none at first); `onSimplified` tells the map to draw again. Any other heavy geometry is
 * simplified here (./simplifyGeometry.ts, with simplify-js, loaded when one first appears;
 * until then such features are left out of the drawing).
 */
import type { LayerFeature } from '../../layers/kit/define';
import type { Geometry } from '@ioc/contract/contract';
import { simplifyOffThread } from '../api/geometryWorker';
import { geometryVertices, HEAVY_VERTICES, PackedGeometry } from '../api/heavyGeometry';

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
      if (geometryVertices(features[i]!.geometry) > HEAVY_VERTICES) hit.add(i);
    heavyOf.set(features, hit);
  }
  return hit;
}

/** Per array and band: what was drawn, as of which outline count; kept for good once complete. */
const byBand = new WeakMap<LayerFeature[], Map<number, { out: LayerFeature[]; version: number | null }>>();

/** Outlines of packed geometries by zoom band, as the worker sent them back. */
const outlines = new WeakMap<PackedGeometry, Map<number, Geometry | null>>();
let version = 0;
const listeners = new Set<() => void>();

/** Tells `listener` whenever the worker sent an outline back; returns the unsubscribe. */
export function onSimplified(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Counts the outlines sent back (what the map redraws on). */
export const simplifiedVersion = (): number => version;

/**
 * A packed geometry's outline for `band`: asked of the worker once; meanwhile the nearest
 * band's (null: none yet). Where no worker runs, simplified here.
 */
function outlineOf(g: PackedGeometry, band: number): Geometry | null {
  let bands = outlines.get(g);
  if (!bands) {
    bands = new Map();
    outlines.set(g, bands);
  }
  const hit = bands.get(band);
  if (hit) return hit;
  if (!bands.has(band)) {
    bands.set(band, null);
    const done = bands;
    void simplifyOffThread(g, toleranceAt(band)).then(async (outline) => {
      if (!outline) {
        await loadSimplifier();
        outline = simplifier!.simplified(
          { type: g.type, coordinates: g.coordinates } as Geometry,
          toleranceAt(band),
        );
      }
      done.set(band, outline);
      version++;
      for (const listener of [...listeners]) listener();
    });
  }
  let nearest: Geometry | null = null;
  let distance = Number.POSITIVE_INFINITY;
  for (const [b, outline] of bands)
    if (outline && Math.abs(b - band) < distance) {
      nearest = outline;
      distance = Math.abs(b - band);
    }
  return nearest;
}

/** The features to draw at `zoom`: heavy ones simplified, the rest as they are. */
export function forDisplay(features: LayerFeature[], zoom: number): LayerFeature[] {
  const heavy = heavyIndices(features);
  if (heavy.size === 0) return features;
  const band = Math.max(0, Math.min(22, Math.floor(zoom)));
  let bands = byBand.get(features);
  if (!bands) {
    bands = new Map();
    byBand.set(features, bands);
  }
  const cached = bands.get(band);
  if (cached && (cached.version === null || cached.version === version)) return cached.out;
  const packed = [...heavy].some((i) => features[i]!.geometry instanceof PackedGeometry);
  if (!simplifier && !packed) {
    void loadSimplifier();
    return features.filter((_, i) => !heavy.has(i));
  }
  const tolerance = toleranceAt(band);
  let complete = true;
  const out: LayerFeature[] = [];
  features.forEach((f, i) => {
    const g = f.geometry;
    if (!heavy.has(i)) out.push(f);
    else if (g instanceof PackedGeometry) {
      const outline = outlineOf(g, band);
      complete &&= outlines.get(g)?.get(band) != null;
      if (outline) out.push({ ...f, geometry: outline });
    } else if (simplifier) out.push({ ...f, geometry: simplifier.simplified(g, tolerance) });
    else {
      complete = false;
      void loadSimplifier();
    }
  });
  // Kept for good once every heavy feature has its own band's outline; until then, until
  // the next outline arrives.
  bands.set(band, { out, version: complete ? null : version });
  return out;
}
