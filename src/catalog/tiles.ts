/**
 * Layers too large for GeoJSON: when GET /layers offers vector tiles for a point layer
 * and it has more features than `tilesAboveFeatures`, the layer is drawn from tiles
 * instead of GET /features, through the same definition. Each tile's features are
 * validated with the layer's schema, moved to the basemap's CRS and narrowed by the
 * layer's filters, then handed to the definition's own `buildLayers`.
 */
import type { Layer } from '@deck.gl/core';
import mvtWorkerUrl from '@loaders.gl/mvt/mvt-worker.js?url';
import type { z } from 'zod';
import type { BuildContext, LayerFeature } from '../../layers/kit/define';
import type { Crs, GeometryType, LayerTiles } from '@ioc/contract/contract';
import { convertPoint } from '../api/crs';
import type { CatalogEntry } from './entries';
import { filteredOf } from './filters';
import { parseFeatures } from '../api/features';
import type { AnyLayer } from './registry';
import type { DefinitionTileLayer } from './tileLayer';

type TileIndex = { x: number; y: number; z: number };
type Chosen = Record<string, string[]> | undefined;

/** The tiles to draw a catalog entry from, or null when GeoJSON will do. */
export function tilesFor(entry: CatalogEntry | undefined, aboveFeatures: number): LayerTiles | null {
  const tiles = entry?.info?.tiles;
  if (!entry || !tiles || entry.def.geometry !== 'Point' || entry.def.source.kind !== 'features') return null;
  return (entry.info?.count ?? 0) > aboveFeatures ? tiles : null;
}

let tileLayerCode: Promise<TileLayerClass> | null = null;

/**
 * deck.gl's tile layers, loaded once, with the first tiled layer (most deployments never
 * need them). The first screen asks as soon as the catalog says a layer that is on comes as
 * tiles (app/prefetch.ts), so the tiles go out beside the map's first work, not after it.
 */
export function loadTileLayer(): Promise<TileLayerClass> {
  tileLayerCode ??= import('./tileLayer').then((m) => m.DefinitionTileLayer);
  // A failed load may be tried again by the next layer that needs it.
  tileLayerCode.catch(() => {
    tileLayerCode = null;
  });
  return tileLayerCode;
}

/** Which of `defs` come as tiles, which may load whole as GeoJSON, and whether any wait. */
export interface TileSplit {
  tiled: Map<string, LayerTiles>;
  /** Safe to load with GET /features. */
  fetchDefs: AnyLayer[];
  /** Point layers held back until GET /layers says whether they come as tiles. */
  pending: boolean;
}

/**
 * The one rule for every consumer (the map, the planner's tools): until GET /layers has
 * answered (`known`) a point layer is not fetched, since only the catalog says whether it
 * is tiled, and asking for a million features as GeoJSON is exactly what must not happen.
 * Not even while the catalog fails: it failed by timing out behind a server busy with its
 * first reads of a million stations, and the whole layer asked for then kept that server
 * busy 23 s more. The catalog's panel says what is wrong; the layer follows its answer.
 */
export function splitByTiles(
  defs: AnyLayer[],
  byId: Map<string, CatalogEntry>,
  above: number,
  known: boolean,
): TileSplit {
  const tiled = new Map<string, LayerTiles>();
  for (const d of defs) {
    const tiles = tilesFor(byId.get(d.id), above);
    if (tiles) tiled.set(d.id, tiles);
  }
  const waits = (d: AnyLayer) => !known && d.geometry === 'Point' && d.source.kind === 'features';
  return {
    tiled,
    fetchDefs: defs.filter((d) => !tiled.has(d.id) && !waits(d)),
    pending: defs.some(waits),
  };
}

/** The tile URL template, resolved against the API base (kept as text: URL() would escape the braces). */
export function tileTemplate(apiBaseUrl: string, tiles: LayerTiles, scopeId: string | null): string {
  const url = /^[a-z][a-z\d+.-]*:\/\//iu.test(tiles.url)
    ? tiles.url
    : tiles.url.startsWith('/')
      ? `${new URL(apiBaseUrl).origin}${tiles.url}`
      : `${apiBaseUrl}/${tiles.url}`;
  return scopeId ? `${url}${url.includes('?') ? '&' : '?'}region=${encodeURIComponent(scopeId)}` : url;
}

/** A position in tile-local units (0..1, y down) as lng/lat of the tile's web-mercator square. */
export function localToLngLat(p: readonly number[], { x, y, z }: TileIndex): [number, number] {
  const n = 2 ** z;
  const lng = ((x + (p[0] ?? 0)) / n) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * (y + (p[1] ?? 0))) / n))) * 180) / Math.PI;
  return [lng, lat];
}

type RawTileFeature = { geometry?: { type?: string; coordinates?: number[] }; properties?: unknown };

/** Validated, converted features per loaded tile, so a restyle never redoes either. */
const converted = new WeakMap<object, { key: string; features: LayerFeature[] }>();

export function tileFeatures(
  content: unknown,
  index: TileIndex,
  schema: z.ZodType,
  from: Crs,
  to: Crs,
  geometry?: GeometryType,
): LayerFeature[] {
  if (!Array.isArray(content) || content.length === 0) return [];
  const key = `${from}>${to}`;
  const hit = converted.get(content);
  if (hit?.key === key) return hit.features;
  const raw = (content as RawTileFeature[]).map((f) =>
    f.geometry?.type === 'Point' && f.geometry.coordinates
      ? {
          type: 'Feature',
          geometry: {
            type: 'Point',
            coordinates: convertPoint(localToLngLat(f.geometry.coordinates, index), from, to),
          },
          properties: f.properties,
        }
      : f,
  );
  const { features } = parseFeatures(raw, schema, undefined, geometry);
  // The tile's `count` tag (points it thinned into this one) is not a layer field: keep it
  // beside the properties, where aggregating layers read it.
  const counts = new Map<string, number>();
  for (const f of content as RawTileFeature[]) {
    const p = f.properties as { id?: unknown; count?: unknown } | undefined;
    if (typeof p?.id === 'string' && typeof p.count === 'number' && p.count > 1) counts.set(p.id, p.count);
  }
  if (counts.size > 0)
    for (const f of features) {
      const n = counts.get(f.properties.id);
      if (n !== undefined) f.weight = n;
    }
  converted.set(content, { key, features });
  return features;
}

export interface TiledLayerOptions {
  template: string;
  tiles: LayerTiles;
  chosen: Chosen;
  from: Crs;
  to: Crs;
  headers: Record<string, string>;
  /** Every tile of the view is in; `failed`: some came back with nothing (an error). */
  onLoaded(failed: boolean): void;
  onError(error: unknown): void;
  /** Changed to ask the view's tiles again: deck.gl keeps a failed tile empty until then. */
  retryKey: number;
}

export type TileLayerClass = typeof DefinitionTileLayer;

/** One MVTLayer whose tiles are drawn by the definition's `buildLayers`, each sub-layer id unique per tile. */
export function tiledLayer(
  TileLayer: TileLayerClass,
  def: AnyLayer,
  ctx: BuildContext,
  o: TiledLayerOptions,
): Layer {
  const schema = (def.source as { schema: z.ZodType }).schema;
  const renderSubLayers = (props: { id: string; data: unknown; tile: { index: TileIndex } }) => {
    const all = tileFeatures(props.data, props.tile.index, schema, o.from, o.to, def.geometry);
    if (all.length === 0) return null;
    try {
      const layers = def.buildLayers({ ...ctx, features: filteredOf(all, o.chosen) } as never);
      return layers.map((l) => l.clone({ id: `${props.id}-${l.id}` }));
    } catch (e) {
      console.warn(`layer ${def.id} could not draw a tile`, e);
      return null;
    }
  };
  // Sub-layers are cached per tile; this key says when the definition must draw them again.
  const restyle = JSON.stringify([
    ctx.theme,
    ctx.locale,
    ctx.opacity,
    ctx.zoom,
    ctx.scopeId,
    ctx.selectedId,
    ctx.now,
    o.chosen ?? null,
    o.from,
    o.to,
  ]);
  return new TileLayer({
    id: `${def.id}-tiles`,
    data: o.template,
    minZoom: o.tiles.minzoom,
    maxZoom: o.tiles.maxzoom,
    binary: false,
    pickable: true,
    autoHighlight: true,
    // The worker ships with the app (never from a CDN); the token goes with every tile.
    loadOptions: {
      mvt: { workerUrl: mvtWorkerUrl, layers: [o.tiles.layer] },
      core: { fetch: { headers: o.headers } },
    },
    renderSubLayers: renderSubLayers as never,
    updateTriggers: { renderSubLayers: restyle, getTileData: o.retryKey },
    // deck.gl counts a failed tile as loaded (with no content): it must not read as drawn.
    onViewportLoad: (tiles: { content: unknown }[]) => o.onLoaded(tiles.some((t) => t.content == null)),
    onTileError: o.onError,
  }) as unknown as Layer;
}
