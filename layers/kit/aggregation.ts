/**
 * deck.gl's aggregation layers, and the GPU aggregation code they bring, weigh about 20 KB
 * of the first frame's 700 KB budget, yet only hexagons use them. They load beside the first
 * screen's requests (src/main.tsx) and the map is rebuilt when they arrive
 * (src/catalog/useDeckLayers.ts); until then a layer draws without its hexagons.
 */
import type { HexagonLayer } from '@deck.gl/aggregation-layers';

let hexagon: typeof HexagonLayer | null = null;
let loading: Promise<void> | null = null;

export function loadAggregation(): Promise<void> {
  loading ??= import('@deck.gl/aggregation-layers').then((m) => {
    hexagon = m.HexagonLayer;
  });
  return loading;
}

export const aggregationLoaded = (): boolean => hexagon !== null;

/** A hexagon layer, or nothing while its code is still on its way. */
export function hexagons<D>(props: ConstructorParameters<typeof HexagonLayer<D>>[0]): HexagonLayer<D>[] {
  return hexagon ? [new hexagon<D>(props)] : [];
}
