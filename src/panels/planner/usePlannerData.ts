/**
 * The data every planner analysis reads, whatever layers are on: streets and communities
 * (population, geometry) and the features of the layers the analyses need, all for the
 * whole district and in the basemap's CRS. Shares the query cache with the map.
 */
import { useMemo } from 'react';
import { type LayerFeature, text } from '../../../layers/kit/define';
import type { Feature, RegionProps } from '../../api/contract';
import { useRegions } from '../../api/queries';
import { useAnalysableDefs } from '../../catalog/analysable';
import { type LayerData, useLayersData } from '../../catalog/layerData';
import { findLayer } from '../../catalog/registry';
import { useUiStore } from '../../state/ui';

export type AnalysisLayer = 'kiosks' | 'medical' | '5g-stations';
const NONE: readonly AnalysisLayer[] = [];

export interface PlannerData {
  streets: Feature<RegionProps>[];
  communities: Feature<RegionProps>[];
  layer(id: AnalysisLayer): LayerFeature[];
  /** Region id → name, for tables. */
  names: Map<string, string>;
  loading: boolean;
  problem: unknown;
  /** Titles of the needed layers drawn from vector tiles, which the tools leave out. */
  tiled: string[];
}

/** `layers`: the analysis layers this tab needs (only those load). */
export function usePlannerData(layers: readonly AnalysisLayer[] = NONE): PlannerData {
  // Callers pass a module constant, so `layers` is stable.
  const defs = useMemo(() => layers.map((id) => findLayer(id)).filter((d) => d !== undefined), [layers]);
  const analysable = useAnalysableDefs(defs);
  const data: Record<string, LayerData> = useLayersData(analysable.defs, null);
  const locale = useUiStore((s) => s.locale);
  const streets = useRegions('street');
  const communities = useRegions('community');
  return useMemo(() => {
    const s = streets.data?.features ?? [];
    const c = communities.data?.features ?? [];
    const layerStates = Object.values(data);
    return {
      streets: s,
      communities: c,
      layer: (id) => data[id]?.features ?? [],
      names: new Map([...s, ...c].map((f) => [f.properties.id, f.properties.name])),
      loading:
        streets.isPending ||
        communities.isPending ||
        analysable.pending ||
        layerStates.some((l) => l.loading),
      tiled: analysable.tiled.map((d) => text(locale, d.title)),
      problem: streets.error ?? communities.error ?? layerStates.find((l) => l.problem)?.problem ?? null,
    };
  }, [
    data,
    analysable,
    locale,
    streets.data,
    communities.data,
    streets.isPending,
    communities.isPending,
    streets.error,
    communities.error,
  ]);
}
