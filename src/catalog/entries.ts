/**
 * The catalog as the user sees it: every layer the API lists (GET /layers) and every
 * layer file and every layer the user made from a file, joined by id. Server entries
 * bring counts, update times and field labels; files bring the drawing; a server layer
 * with no file gets a plain generic drawing.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { formatIso } from '@ioc/domain/time';
import { replayMoment, useClockStore } from '../state/clock';
import { useMemo } from 'react';
import { clip, LABEL_MAX } from '../api/clip';
import { LayerCatalog, type LayerInfo, type LayerVersionAt } from '@ioc/contract/contract';
import type { ApiClient } from '../api/client';
import { useApi } from '../api/context';
import { genericLayer } from './generic';
import { type AnyLayer, registry } from './registry';
import { useUserLayers } from './userLayers/store';
import { userLayerDef } from './userLayers/userLayer';

export interface CatalogEntry {
  def: AnyLayer;
  /** What the API says of this layer; absent for layers the API does not list (regions, events). */
  info?: LayerInfo;
}

const GROUP_MAX = 40;

/** The catalog's words are shown in the catalog, the drawer, legends and tooltips: bounded here. */
function bounded(catalog: LayerCatalog): LayerCatalog {
  return catalog.map((info) => ({
    ...info,
    title: clip(info.title, LABEL_MAX),
    // A group heads a fold of rows: a short phrase.
    group: clip(info.group, GROUP_MAX),
    fields: info.fields.map((f) => ({
      ...f,
      label: clip(f.label),
      ...(f.unit !== undefined ? { unit: clip(f.unit) } : {}),
    })),
  }));
}

/**
 * GET /layers, as the hook and the start-up prefetch (app/prefetch.ts) ask for it; with
 * `asOf` (a replay), each entry says which version answers then (`versionAt`).
 */
export function catalogQuery(client: ApiClient, asOf?: string) {
  return {
    queryKey: asOf === undefined ? ['layers-catalog'] : ['layers-catalog', asOf],
    queryFn: async ({ signal }: { signal: AbortSignal }) =>
      bounded(await client.get('/layers', LayerCatalog, asOf === undefined ? undefined : { asOf }, signal)),
    staleTime: 5 * 60_000,
  };
}

export function useLayerCatalog() {
  const { client } = useApi();
  const moment = useClockStore(replayMoment);
  const asOf = moment === null ? undefined : formatIso(moment);
  return useQuery({
    ...catalogQuery(client, asOf),
    // A replayed moment's catalog does not change; the last moment's stays until the next's arrives.
    ...(asOf === undefined ? { refetchInterval: 5 * 60_000 } : { placeholderData: keepPreviousData }),
  });
}

/**
 * The version a replay draws a layer as: the one the catalog says answers for the moment,
 * unless the layer is drawn from tiles (current only). Undefined: live, or current data.
 */
export function replayVersion(info: LayerInfo | undefined, tiled: boolean): LayerVersionAt | undefined {
  return tiled ? undefined : (info?.versionAt ?? undefined);
}

export function joinCatalog(server: LayerInfo[] | undefined, files: AnyLayer[]): CatalogEntry[] {
  const byId = new Map<string, CatalogEntry>(files.map((def) => [def.id, { def }]));
  for (const info of server ?? []) {
    const known = byId.get(info.id);
    byId.set(info.id, { def: known?.def ?? (genericLayer(info) as unknown as AnyLayer), info });
  }
  return [...byId.values()].sort((a, b) => a.def.order - b.def.order || a.def.id.localeCompare(b.def.id));
}

export function useCatalogEntries(): {
  entries: CatalogEntry[];
  byId: Map<string, CatalogEntry>;
  query: ReturnType<typeof useLayerCatalog>;
} {
  const query = useLayerCatalog();
  const mine = useUserLayers((s) => s.layers);
  // Keyed on the data only: the query object itself is new on every render.
  const joined = useMemo(() => {
    const entries = joinCatalog(query.data, [
      ...registry,
      ...mine.map((m) => userLayerDef(m) as unknown as AnyLayer),
    ]);
    return { entries, byId: new Map(entries.map((e) => [e.def.id, e])) };
  }, [query.data, mine]);
  return { ...joined, query };
}
