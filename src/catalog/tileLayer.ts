/**
 * deck.gl's MVTLayer for a catalog layer drawn by its own definition. The definition's
 * layers get each tile's features already in lng/lat of the basemap, not in tile-local
 * units, so the MVTLayer's own local-to-lng/lat rewriting of picked objects and its
 * tile-content highlight index (which would point into the wrong array) are turned off:
 * a picked object is the very feature the definition drew, and each drawn layer
 * highlights itself (its own `autoHighlight`).
 */
import type { GetPickingInfoParams, LayerProps, PickingInfo } from '@deck.gl/core';
import { MVTLayer, type TileLayerPickingInfo } from '@deck.gl/geo-layers';
import { load } from '@loaders.gl/core';
import { ApiProblem, problemKindForStatus } from '../api/errors';
import { takeTile } from './tilePrefetch';

type Info = TileLayerPickingInfo & { sourceTileSubLayer?: { updateAutoHighlight(info: PickingInfo): void } };

type Fetch = NonNullable<LayerProps['fetch']>;
type FetchContext = Parameters<Fetch>[1];

/** A tile's bytes parsed in loaders.gl's worker, with the options deck.gl's MVTLayer set. */
function parseTile(buffer: ArrayBuffer, context: FetchContext): Promise<unknown> {
  const { layer } = context;
  return load(buffer, context.loaders ?? layer.props.loaders, context.loadOptions ?? layer.getLoadOptions());
}

/**
 * Asks the API for a tile, as deck.gl's own fetch does, but a refusal becomes the app's
 * ApiProblem: the layer's row then says "the API is failing (503)" like any other panel,
 * where loaders.gl's error read as "the API cannot be reached".
 */
async function askApi(url: string, context: FetchContext): Promise<unknown> {
  const options = context.loadOptions ?? context.layer.getLoadOptions();
  const headers = (options as { core?: { fetch?: { headers?: Record<string, string> } } } | undefined)?.core
    ?.fetch?.headers;
  const { signal } = context;
  const res = await fetch(url, { ...(headers ? { headers } : {}), ...(signal ? { signal } : {}) });
  if (!res.ok)
    throw new ApiProblem(
      problemKindForStatus(res.status),
      new URL(url).pathname,
      res.statusText || String(res.status),
      res.status,
    );
  return parseTile(await res.arrayBuffer(), context);
}

/** A tile asked for before deck.gl held the layer (tilePrefetch.ts) is parsed, not asked again. */
function fetchTile(url: string, context: FetchContext): ReturnType<Fetch> {
  const answer = takeTile(url);
  const parsed = answer
    ? answer.then(
        (buffer) => parseTile(buffer, context),
        () => askApi(url, context),
      )
    : askApi(url, context);
  return parsed as ReturnType<Fetch>;
}

export class DefinitionTileLayer extends MVTLayer {
  static override layerName = 'DefinitionTileLayer';
  static override defaultProps = {
    fetch: { type: 'function' as const, value: fetchTile as Fetch, compare: false },
  };

  override getPickingInfo(params: GetPickingInfoParams) {
    // The TileLayer part only: attach the tile, leave the object as drawn.
    const info = params.info as Info;
    const tile = (params.sourceLayer?.props as { tile?: Info['tile'] } | undefined)?.tile;
    if (info.picked) info.tile = tile;
    info.sourceTile = tile as Info['sourceTile'];
    info.sourceTileSubLayer = params.sourceLayer as unknown as Info['sourceTileSubLayer'];
    return info as ReturnType<MVTLayer['getPickingInfo']>;
  }

  // Features are moved from the data's CRS to the basemap's, so a point may lie a few
  // hundred metres outside its tile: picking must not skip a tile whose box misses the
  // pointer (drawing keeps the tileset's own choice of tiles).
  override filterSubLayer(params: Parameters<MVTLayer['filterSubLayer']>[0]) {
    return super.filterSubLayer({ ...params, cullRect: undefined });
  }

  override getSubLayerPropsByTile() {
    return {};
  }

  protected override _updateAutoHighlight(info: PickingInfo): void {
    (info as Info).sourceTileSubLayer?.updateAutoHighlight(info);
  }
}
