/** Which layers a planner tool may load whole, by the map's own rule (splitByTiles). */
import { useMemo } from 'react';
import { useApi } from '../api/context';
import { useCatalogEntries } from './entries';
import type { AnyLayer } from './registry';
import { splitByTiles } from './tiles';

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
  const known = query.data !== undefined;
  return useMemo(() => {
    const split = splitByTiles(wanted, byId, config.tilesAboveFeatures, known);
    return {
      defs: split.fetchDefs,
      tiled: wanted.filter((d) => split.tiled.has(d.id)),
      pending: split.pending,
    };
  }, [wanted, byId, known, config.tilesAboveFeatures]);
}
