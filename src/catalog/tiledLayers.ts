/**
 * The tiled layers of the map (see ./tiles.ts): which of the layers that are on come as
 * tiles, each drawn by its definition from a TileLayer, and what the catalog and the header
 * show of them (loading, a failure, asked again on the backoff).
 */
import { useEffect, useMemo, useState } from 'react';
import type { BuildContext } from '../../layers/kit/define';
import { backoffDelay } from '../api/backoff';
import { useApi } from '../api/context';
import { useDataCrs } from '../api/queries';
import { useLayersStore } from '../state/layers';
import { useScopeStore } from '../state/scope';
import { useShowsProblems } from '../state/shownProblems';
import type { CatalogEntry } from './entries';
import type { LayerData } from './layerData';
import type { AnyLayer } from './registry';
import {
  loadTileLayer,
  splitByTiles,
  type TileLayerClass,
  type TiledLayerOptions,
  tiledLayer,
  tileTemplate,
} from './tiles';

type TileStatus = { loadedAt: number; problem: unknown; retry: number };
const NO_STATUS: TileStatus = { loadedAt: 0, problem: null, retry: 0 };
export interface TiledLayers {
  /** The catalog with tiled entries drawing from tiles (same ids, same everything else). */
  byId: Map<string, CatalogEntry>;
  /** The layers that still load GET /features. */
  fetchDefs: AnyLayer[];
  /** What the catalog shows for tiled layers: loading and problems; the count is the API's. */
  data: Record<string, LayerData>;
  /** Every tiled layer has drawn the tiles of the view at least once. */
  ready: boolean;
  /**
   * Every tiled layer can be handed to deck.gl (its code and the data's CRS known) or has
   * failed: its tiles are asked for only once it is drawn, so the map must not wait for them.
   */
  drawable: boolean;
}

/** `catalog` is GET /layers' query (see splitByTiles). */
export function useTiledLayers(
  byId: Map<string, CatalogEntry>,
  onDefs: AnyLayer[],
  catalog: { data?: unknown },
): TiledLayers {
  const { config, client } = useApi();
  const dataCrs = useDataCrs();
  const scopeId = useScopeStore((s) => s.regionId);
  const filters = useLayersStore((s) => s.filters);
  const [status, setStatus] = useState<Record<string, TileStatus>>({});
  const retry = useTileRetry(setStatus);
  const [TileLayer, setTileLayer] = useState<TileLayerClass | null>(null);
  const above = config.tilesAboveFeatures;

  const known = catalog.data !== undefined;
  const { tiled, fetchDefs } = useMemo(
    () => splitByTiles(onDefs, byId, above, known),
    [onDefs, byId, above, known],
  );

  const needed = tiled.size > 0;
  useEffect(() => {
    if (!needed || TileLayer) return;
    loadTileLayer()
      .then((loaded) => setTileLayer(() => loaded))
      .catch((problem: unknown) =>
        setStatus((s) => ({
          ...s,
          ...Object.fromEntries([...tiled.keys()].map((id) => [id, { ...NO_STATUS, problem }])),
        })),
      );
  }, [needed, TileLayer, tiled]);

  const retryKeys = [...tiled.keys()].map((id) => status[id]?.retry ?? 0).join(',');
  const drawn = useMemo(() => {
    if (tiled.size === 0) return byId;
    const out = new Map(byId);
    for (const [id, tiles] of tiled) {
      const entry = byId.get(id) as CatalogEntry;
      const options: Omit<TiledLayerOptions, 'from'> = {
        template: tileTemplate(config.apiBaseUrl, tiles, scopeId),
        tiles,
        chosen: filters[id],
        to: config.basemap.crs,
        headers: client.headers(),
        onLoaded: (failed) => {
          if (!failed) retry.succeeded(id);
          setStatus((s) => {
            const was = s[id] ?? NO_STATUS;
            if (failed) return { ...s, [id]: { ...was, loadedAt: Date.now() } };
            return was.loadedAt && !was.problem
              ? s
              : { ...s, [id]: { ...was, loadedAt: Date.now(), problem: null } };
          });
        },
        onError: (problem) => {
          setStatus((s) => ({ ...s, [id]: { ...(s[id] ?? NO_STATUS), problem } }));
          retry.failed(id);
        },
        retryKey: status[id]?.retry ?? 0,
      };
      const buildLayers = (ctx: BuildContext) =>
        dataCrs && TileLayer ? [tiledLayer(TileLayer, entry.def, ctx, { ...options, from: dataCrs })] : [];
      out.set(id, { ...entry, def: { ...entry.def, buildLayers: buildLayers as AnyLayer['buildLayers'] } });
    }
    return out;
    // `retryKeys` stands for the one part of `status` the drawing reads.
  }, [byId, tiled, config, client, scopeId, filters, dataCrs, TileLayer, retryKeys]);

  // `drawn` is a dependency on purpose: it is why the arrays must be fresh.
  const data = useMemo(() => {
    const out: Record<string, LayerData> = {};
    for (const id of tiled.keys()) {
      const s = status[id];
      out[id] = {
        // Always empty, but a fresh array whenever the drawing changes (CRS known, filters,
        // scope): the map rebuilds a layer only when its inputs change, and this is its input.
        features: [],
        skipped: 0,
        loading: !s?.loadedAt && !s?.problem,
        problem: s?.problem ?? null,
        // Zero keeps the catalog from counting features it never holds: it shows the API's count.
        updatedAt: 0,
      };
    }
    return out;
  }, [tiled, status, drawn]);

  // deck.gl fetches the tiles, so no query tells the header a tiled layer fails: this does.
  useShowsProblems([...tiled.keys()].filter((id) => status[id]?.problem).map((id) => `layer:${id}`));
  const ready = [...tiled.keys()].every((id) => (status[id]?.loadedAt ?? 0) > 0);
  const drawable =
    (TileLayer !== null && dataCrs !== undefined) || [...tiled.keys()].every((id) => status[id]?.problem);
  return { byId: drawn, fetchDefs, data, ready, drawable };
}

/**
 * Asks a tiled layer's view again after a tile failed, on the shared backoff (1 s, growing to
 * 20 s): deck.gl never asks for a failed tile again while it stays in view, so a passing 503
 * left a hole in the layer until the user panned away. One wait per layer at a time.
 */
function useTileRetry(setStatus: (f: (s: Record<string, TileStatus>) => Record<string, TileStatus>) => void) {
  const [state] = useState(() => ({
    failures: new Map<string, number>(),
    timers: new Map<string, ReturnType<typeof setTimeout>>(),
  }));
  useEffect(
    () => () => {
      for (const t of state.timers.values()) clearTimeout(t);
      state.timers.clear();
    },
    [state],
  );
  return {
    failed(id: string) {
      if (state.timers.has(id)) return;
      const n = (state.failures.get(id) ?? 0) + 1;
      state.failures.set(id, n);
      const timer = setTimeout(() => {
        state.timers.delete(id);
        setStatus((s) => ({ ...s, [id]: { ...(s[id] ?? NO_STATUS), retry: (s[id]?.retry ?? 0) + 1 } }));
      }, backoffDelay(n));
      state.timers.set(id, timer);
    },
    succeeded(id: string) {
      state.failures.delete(id);
    },
  };
}
