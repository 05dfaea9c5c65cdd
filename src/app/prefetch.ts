/**
 * The first screen's data, asked for as soon as the config is read: the API's metadata and
 * catalog, then the regions and the features of the layers that are on, under the same
 * query keys the map's hooks use. Left to the hooks, each request waits for React to render
 * the component that needs it and for the request before it (meta → regions, catalog →
 * features), a chain that on two cores queues behind the map's shader compiles.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../api/client';
import type { AppConfig } from '../api/config';
import type { Crs } from '@ioc/contract/contract';
import { startGeometryWorker } from '../api/geometryWorker';
import { metaQuery, regionsQuery } from '../api/queries';
import { catalogQuery, joinCatalog } from '../catalog/entries';
import { featuresQuery } from '../catalog/layerData';
import { registry } from '../catalog/registry';
import { loadTileLayer, tilesFor } from '../catalog/tiles';
import { useLayersStore } from '../state/layers';
import { useScopeStore } from '../state/scope';

/** A prefetch that fails leaves the query to its hook, which asks again and shows the problem. */
const quietly = (p: Promise<unknown>) => void p.catch(() => {});

/** Resolves once every first-screen request is out (or known not to be needed). */
export function prefetchFirstScreen(
  queryClient: QueryClient,
  client: ApiClient,
  config: AppConfig,
): Promise<void> {
  const regions = (crs: Crs) => {
    for (const level of ['street', 'community'] as const)
      quietly(queryClient.prefetchQuery(regionsQuery(client, config, crs, level)));
  };
  // The layers' features are fetched in the worker: started now, it is ready when they are asked.
  startGeometryWorker();
  const meta = queryClient.fetchQuery(metaQuery(client));
  if (config.dataCrs === 'auto') quietly(meta.then((m) => regions(m.crs)));
  else {
    quietly(meta);
    regions(config.dataCrs);
  }
  return queryClient
    .fetchQuery(catalogQuery(client))
    .then((server) => {
      const scope = useScopeStore.getState().regionId;
      const byId = new Map(joinCatalog(server, registry).map((e) => [e.def.id, e]));
      for (const id of useLayersStore.getState().on) {
        const entry = byId.get(id);
        if (entry?.def.source.kind !== 'features') continue;
        // Never load whole a layer the map draws from vector tiles; their code, though, is needed now.
        if (tilesFor(entry, config.tilesAboveFeatures)) {
          quietly(loadTileLayer());
          continue;
        }
        quietly(queryClient.prefetchQuery(featuresQuery(client, config.refresh.layersMs, entry.def, scope)));
      }
    })
    .catch(() => {});
}
