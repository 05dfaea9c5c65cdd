/** Filters are pure predicates over feature properties: keep a feature whose value is one of those chosen. */
import type { LayerFeature } from '../../layers/kit/define';

export function applyFilters(
  features: LayerFeature[],
  chosen: Record<string, string[]> | undefined,
): LayerFeature[] {
  const active = Object.entries(chosen ?? {}).filter(([, values]) => values.length > 0);
  if (active.length === 0) return features;
  const sets = active.map(([key, values]) => [key, new Set(values)] as const);
  return features.filter((f) =>
    sets.every(([key, values]) => {
      const v = (f.properties as Record<string, unknown>)[key];
      return v !== undefined && v !== null && values.has(String(v));
    }),
  );
}

type Chosen = Record<string, string[]> | undefined;
const kept = new WeakMap<LayerFeature[], { chosen: Chosen; features: LayerFeature[] }>();

/** What a filter keeps, as the same array for the same input and choice (deck.gl compares data by identity). */
export function filteredOf(features: LayerFeature[], chosen: Chosen): LayerFeature[] {
  const hit = kept.get(features);
  if (hit && hit.chosen === chosen) return hit.features;
  const out = applyFilters(features, chosen);
  kept.set(features, { chosen, features: out });
  return out;
}
