/**
 * Feature by feature: a collection is checked as an envelope, then each feature on its
 * own, so one broken feature is skipped and counted and the rest of the payload is kept.
 * Every loader (layer features, tiles, regions, a user's file) validates through here,
 * and a geometry that is not of its layer's type (a Polygon in a point layer) is skipped
 * and counted like any other broken feature: drawn, it would sit at its first vertex.
 */
import { z } from 'zod';
import type { LayerFeature } from '../../layers/kit/define';
import { featureOf, type Geometry, type GeometryType } from '@ioc/contract/contract';
import { geometryVertices, HEAVY_VERTICES, heavySupport } from './heavyGeometry';

export const FeatureEnvelope = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.unknown()),
});

export interface Parsed<F = LayerFeature> {
  features: F[];
  /** Features dropped because they broke the schema (bad coordinates, wrong types…). */
  skipped: number;
}

const checkers = new WeakMap<z.ZodType, z.ZodType>();

/**
 * A feature checked by zod, except a heavy geometry, which is checked by a loop (or was
 * checked in the geometry worker and arrives packed: its verdict is kept).
 */
function checkFeature(feature: z.ZodType, f: unknown): ReturnType<z.ZodType['safeParse']> {
  const g = (f as { geometry?: { type?: unknown; coordinates?: unknown } } | null)?.geometry;
  const heavy = heavySupport();
  const standIn =
    heavy && typeof g?.type === 'string' && Object.hasOwn(heavy.STAND_IN, g.type)
      ? heavy.STAND_IN[g.type]
      : undefined;
  if (!heavy || !standIn || geometryVertices(g) <= HEAVY_VERTICES) return feature.safeParse(f);
  if (!heavy.validGeometry(g))
    return {
      success: false,
      error: new z.ZodError([{ code: 'custom', path: ['geometry'], message: 'invalid geometry', input: g }]),
    };
  const r = feature.safeParse({ ...(f as object), geometry: standIn });
  return r.success ? { success: true, data: { ...(r.data as object), geometry: g } } : r;
}

/** The geometries a layer of each type draws: the type itself and its Multi- form. */
const FAMILY: Record<GeometryType, readonly Geometry['type'][]> = {
  Point: ['Point', 'MultiPoint'],
  LineString: ['LineString', 'MultiLineString'],
  Polygon: ['Polygon', 'MultiPolygon'],
};

/**
 * `onSkip` hears which feature (by index) was dropped and why; `geometry`, the layer's
 * type, if its features must be of it.
 */
export function parseFeatures<F = LayerFeature>(
  raw: readonly unknown[],
  schema: z.ZodType,
  onSkip?: (index: number, error: z.ZodError) => void,
  geometry?: GeometryType,
): Parsed<F> {
  let feature = checkers.get(schema);
  if (!feature) {
    feature = featureOf(schema);
    checkers.set(schema, feature);
  }
  const features: F[] = [];
  let skipped = 0;
  const family = geometry ? FAMILY[geometry] : null;
  raw.forEach((f, i) => {
    const r = checkFeature(feature, f);
    if (r.success) {
      const type = (r.data as { geometry: Geometry }).geometry.type;
      if (family === null || family.includes(type)) features.push(r.data as F);
      else {
        skipped++;
        onSkip?.(
          i,
          new z.ZodError([
            {
              code: 'custom',
              path: ['geometry', 'type'],
              message: `${type} in a ${geometry} layer`,
              input: type,
            },
          ]),
        );
      }
    } else {
      skipped++;
      onSkip?.(i, r.error);
    }
  });
  return { features, skipped };
}
