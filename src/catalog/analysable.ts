/**
 * Which layers a tool may load whole, as GeoJSON: not those the map draws from vector tiles
 * (a million features is exactly what must not be fetched), and a point layer only once
 * GET /layers has said whether it comes as tiles.
 */
import { useMemo } from 'react';
import { useApi } from '../api/context';
import { useCatalogEntries } from './entries';
import type { AnyLayer } from './registry';
import { tilesFor } from './tiles';

export interface Analysable {
  /** Safe to load whole. */
  defs: AnyLayer[];
  /** Drawn from tiles: the tool leaves them out and says so. */
  tiled: AnyLayer[];
  /** GET /layers has not answered yet: point layers wait. */
  pending: boolean;
}

export function useAnalysableDefs(wanted: AnyLayer[]): Analysable {
  const { config } = useApi();
  const { byId, query } = useCatalogEntries();
  const known = query.data !== undefined || query.failureCount > 0;
  return useMemo(() => {
    const tiled = wanted.filter((d) => tilesFor(byId.get(d.id), config.tilesAboveFeatures) !== null);
    const waits = (d: AnyLayer) => !known && d.geometry === 'Point' && d.source.kind === 'features';
    const defs = wanted.filter((d) => !tiled.includes(d) && !waits(d));
    return { defs, tiled, pending: wanted.some(waits) };
  }, [wanted, byId, known, config.tilesAboveFeatures]);
}
