/**
 * The data every planner analysis reads, whatever layers are on: streets and communities
 * (population, geometry) and the features of the layers that declare the role the tab
 * needs (roles in layers/kit/define.ts), whole district, in the basemap's CRS, through the
 * same loader and query cache as the map. No tab names a layer.
 */
import { useMemo } from 'react';
import { type LayerFeature, type Roles, text } from '../../../layers/kit/define';
import type { Feature, RegionProps } from '@ioc/contract/contract';
import { useRegions } from '../../api/queries';
import { useAnalysableDefs } from '../../catalog/analysable';
import { useCatalogEntries } from '../../catalog/entries';
import { type LayerData, useLayersData } from '../../catalog/layerData';
import { useReplayVersions } from '../../catalog/replayVersions';
import type { AnyLayer } from '../../catalog/registry';
import { useUiStore } from '../../state/ui';
import { currentProblem } from '../describeProblem';

export type AnalysisRole = keyof Pick<Roles, 'sites' | 'healthcare' | 'buildOut'>;

export interface RoleLayer {
  def: AnyLayer;
  features: LayerFeature[];
}

export interface PlannerData {
  streets: Feature<RegionProps>[];
  communities: Feature<RegionProps>[];
  /** The layers that declare the role, in catalog order (loaded whole). */
  layers: RoleLayer[];
  /** Region id → name, for tables. */
  names: Map<string, string>;
  loading: boolean;
  problem: unknown;
  /** Titles of the needed layers drawn from vector tiles, which the tools leave out. */
  tiled: string[];
  /** In a replay, titles of the needed layers that kept no version for the moment: current data. */
  current: string[];
}

/** `role`: what the tab analyses (only the layers declaring it load); none for regions only. */
export function usePlannerData(role?: AnalysisRole): PlannerData {
  const { entries, query: catalog } = useCatalogEntries();
  const defs = useMemo(
    () => (role ? entries.filter((e) => e.def.roles?.[role] !== undefined).map((e) => e.def) : []),
    [entries, role],
  );
  const analysable = useAnalysableDefs(defs);
  const replayed = useReplayVersions(analysable.defs);
  const data: Record<string, LayerData> = useLayersData(analysable.defs, null, replayed.versions);
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
      layers: analysable.defs.map((def) => ({ def, features: data[def.id]?.features ?? [] })),
      names: new Map([...s, ...c].map((f) => [f.properties.id, f.properties.name])),
      loading:
        streets.isPending ||
        communities.isPending ||
        analysable.pending ||
        layerStates.some((l) => l.loading),
      tiled: analysable.tiled.map((d) => text(locale, d.title)),
      current: replayed.current.map((d) => text(locale, d.title)),
      problem:
        currentProblem(streets) ??
        currentProblem(communities) ??
        // Point layers wait for the catalog (splitByTiles): while it fails, that is the problem.
        (analysable.pending ? currentProblem(catalog) : null) ??
        layerStates.find((l) => l.problem)?.problem ??
        null,
    };
  }, [
    data,
    analysable,
    replayed,
    locale,
    streets.data,
    communities.data,
    streets.isPending,
    communities.isPending,
    streets.error,
    communities.error,
    streets.failureReason,
    communities.failureReason,
    catalog,
  ]);
}
