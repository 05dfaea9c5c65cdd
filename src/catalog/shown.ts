/**
 * What is shown: the one selector that the map, the compare map, the catalog's counts, the
 * planner's tools and the exports read. For each layer that is on: its features loaded by
 * the one loader of its source kind, in the basemap's CRS, narrowed to the scope and to the
 * catalog's filters, or its tiles when it is too large to hold (splitByTiles). Derived
 * arrays are memoised on their inputs, so every reader gets the same arrays and deck.gl
 * sees unchanged data as unchanged.
 */
import { useEffect, useMemo, useState } from 'react';
import type { BuildContext, LayerFeature } from '../../layers/kit/define';
import type { EventPoints } from '../../layers/kit/eventPoints';
import type { Feature, RegionProps } from '@ioc/contract/contract';
import { useMeta, useRegions } from '../api/queries';
import { currentProblem } from '../panels/describeProblem';
import { useLayersStore } from '../state/layers';
import { useScopeStore } from '../state/scope';
import { type CatalogEntry, useCatalogEntries } from './entries';
import { useShownEvents } from './eventData';
import { filteredOf } from './filters';
import { holdsFeatures, type LayerData, NO_DATA, useLayersData } from './layerData';
import { useReplayVersions } from './replayVersions';
import type { AnyLayer } from './registry';
import { useTiledLayers } from './tiledLayers';
import { USER_LAYER_ID, useUserLayers } from './userLayers/store';

export interface ShownLayer {
  entry: CatalogEntry;
  /** The definition that draws it (for a tiled layer, one that draws from tiles). */
  def: AnyLayer;
  /** In the basemap's CRS, in the scope, filtered; empty for tiled, regions and events layers. */
  features: LayerFeature[];
  /** For a layer of the events kind: the events in the scope (basemap CRS), kept across flushes. */
  live: EventPoints | null;
  regions: BuildContext['regions'];
  /** What the layer holds before the filters (undefined until known). */
  total: number | undefined;
  /** What is shown after scope and filters (undefined for tiles: never held whole). */
  shown: number | undefined;
  skipped: number;
  loading: boolean;
  problem: unknown;
  tiled: boolean;
}

export interface Shown {
  layers: ShownLayer[];
  byId: Map<string, ShownLayer>;
  /** Every layer has its data drawn (the benchmark's `ioc:map-ready`). */
  ready: boolean;
  /**
   * Every layer can be drawn: its data is held, or for a tiled layer its code is loaded. A
   * tiled layer's tiles load only once deck.gl has the layer, so the first screen, handed
   * over whole, waits for this, not for `ready` (which would wait for its own fallback).
   */
  settled: boolean;
  /** Data is on its first way in (not while it retries after a failure): the map says it is busy. */
  busy: boolean;
}

const NO_REGIONS: BuildContext['regions'] = {};

const scoped = new WeakMap<LayerFeature[], { area: object | null; features: LayerFeature[] }>();
type Geo = typeof import('@ioc/domain/analysis/geo');
/** The point-in-polygon code loads with the first user's layer seen in a scope. */
let geo: Geo | null = null;

function useGeo(needed: boolean): Geo | null {
  const [, loaded] = useState(0);
  useEffect(() => {
    if (needed && !geo)
      void import('@ioc/domain/analysis/geo').then((m) => {
        geo = m;
        loaded((n) => n + 1);
      });
  }, [needed]);
  return geo;
}

/**
 * A layer the API does not serve (a user's file) is narrowed here: a feature is in the
 * scope when its anchor lies in the scoped region. The API narrows its own layers.
 */
function scopedOf(features: LayerFeature[], area: Feature<RegionProps> | null, g: Geo): LayerFeature[] {
  if (!area) return features;
  const hit = scoped.get(features);
  if (hit && hit.area === area) return hit.features;
  const out = features.filter((f) => {
    const at = g.anchorOf(f.geometry);
    return at !== null && g.contains(area.geometry, at);
  });
  scoped.set(features, { area, features: out });
  return out;
}

/** The shown state of the layers `ids` (bottom to top); unknown ids are left out. */
export function useShown(ids: readonly string[]): Shown {
  const { byId, query } = useCatalogEntries();
  const defs = useMemo(() => ids.map((id) => byId.get(id)?.def).filter((d) => d !== undefined), [ids, byId]);
  const scopeId = useScopeStore((s) => s.regionId);
  const filters = useLayersStore((s) => s.filters);
  // Layers too large for GeoJSON come as vector tiles: those skip the features loader.
  const tiled = useTiledLayers(byId, defs, query);
  // In a replay, a layer whose kept version answers for the moment is fetched as of it; the
  // others stay current, and their rows say so (src/panels/catalog/LayerRow.tsx).
  const { versions } = useReplayVersions(tiled.fetchDefs);
  const fetched = useLayersData(tiled.fetchDefs, scopeId, versions);
  const streets = useRegions('street');
  const communities = useRegions('community');
  const events = useShownEvents(defs.some((d) => d.source.kind === 'events'));
  const meta = useMeta();
  // A user's layer named in the address waits for the browser's storage to list it.
  const restored = useUserLayers((s) => s.restored);
  const regions = useMemo(
    () => ({ street: streets.data?.features, community: communities.data?.features }),
    [streets.data, communities.data],
  );
  const area = useMemo(
    () =>
      scopeId
        ? ([...(streets.data?.features ?? []), ...(communities.data?.features ?? [])].find(
            (f) => f.properties.id === scopeId,
          ) ?? null)
        : null,
    [scopeId, streets.data, communities.data],
  );
  const regionCount = (streets.data?.features.length ?? 0) + (communities.data?.features.length ?? 0);
  const g = useGeo(area !== null && defs.some((d) => d.source.kind === 'local'));
  const regionsLoading = streets.isLoading && streets.failureCount === 0;
  // Retried without end (see main.tsx): while it has nothing, its latest failure is the problem.
  const regionsProblem = currentProblem(streets);
  const streetsKnown = streets.data !== undefined;
  // A point layer waits for the catalog to say whether it comes as tiles (splitByTiles); while
  // the catalog fails, its problem is the layer's.
  const fetchIds = useMemo(() => new Set(tiled.fetchDefs.map((d) => d.id)), [tiled.fetchDefs]);
  const catalogProblem = currentProblem(query);

  const layers = useMemo(
    () =>
      defs.map((d): ShownLayer => {
        const entry = tiled.byId.get(d.id) ?? byId.get(d.id)!;
        const isTiled = d.id in tiled.data;
        const data: LayerData = tiled.data[d.id] ?? fetched[d.id] ?? NO_DATA;
        const base = {
          entry,
          def: entry.def,
          features: [] as LayerFeature[],
          live: null,
          regions: NO_REGIONS,
          skipped: data.skipped,
          loading: data.loading,
          problem: data.problem,
          tiled: isTiled,
        };
        if (d.source.kind === 'events') {
          const held = events.points?.size ?? 0;
          return { ...base, live: events.points, total: held, shown: held, loading: false };
        }
        if (d.source.kind === 'regions') {
          return {
            ...base,
            regions,
            total: streetsKnown ? regionCount : undefined,
            shown: streetsKnown ? regionCount : undefined,
            loading: regionsLoading,
            problem: regionsProblem,
          };
        }
        if (isTiled || !holdsFeatures(d)) return { ...base, total: undefined, shown: undefined };
        if (!fetchIds.has(d.id))
          return { ...base, total: undefined, shown: undefined, loading: true, problem: catalogProblem };
        const local = d.source.kind === 'local';
        if (local && area && !g) return { ...base, total: undefined, shown: undefined, loading: true };
        const held = data.updatedAt > 0;
        const inScope = local && g ? scopedOf(data.features, area, g) : data.features;
        const features = filteredOf(inScope, filters[d.id]);
        return {
          ...base,
          features,
          total: held ? data.features.length : undefined,
          shown: held ? features.length : undefined,
        };
      }),
    [
      defs,
      tiled.byId,
      tiled.data,
      byId,
      fetched,
      filters,
      area,
      g,
      events,
      regions,
      regionCount,
      regionsLoading,
      regionsProblem,
      streetsKnown,
      fetchIds,
      catalogProblem,
    ],
  );
  const byLayer = useMemo(() => new Map(layers.map((l) => [l.def.id, l])), [layers]);

  const held =
    streetsKnown &&
    layers.every((l) => !holdsFeatures(l.def) || l.tiled || (fetched[l.def.id]?.updatedAt ?? 0) > 0);
  const ready = held && tiled.ready;
  const settled = held && tiled.drawable;
  const busy =
    [meta, streets].some((q) => q.isLoading && q.failureCount === 0) ||
    (!restored && ids.some((id) => USER_LAYER_ID.test(id))) ||
    layers.some((l) => l.loading && !l.problem);
  return { layers, byId: byLayer, ready, settled, busy };
}
