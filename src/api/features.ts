/**
 * Feature by feature: a collection is checked as an envelope, then each feature on its
 * own, so one broken feature is skipped and counted and the rest of the payload is kept.
 * Every loader (layer features, tiles, regions, a user's file) validates through here.
 */
import { z } from 'zod';
import type { LayerFeature } from '../../layers/kit/define';
import { featureOf } from './contract';

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

/** `onSkip` hears which feature (by index) was dropped and why. */
export function parseFeatures<F = LayerFeature>(
  raw: readonly unknown[],
  schema: z.ZodType,
  onSkip?: (index: number, error: z.ZodError) => void,
): Parsed<F> {
  let feature = checkers.get(schema);
  if (!feature) {
    feature = featureOf(schema);
    checkers.set(schema, feature);
  }
  const features: F[] = [];
  let skipped = 0;
  raw.forEach((f, i) => {
    const r = feature.safeParse(f);
    if (r.success) features.push(r.data as F);
    else {
      skipped++;
      onSkip?.(i, r.error);
    }
  });
  return { features, skipped };
}
