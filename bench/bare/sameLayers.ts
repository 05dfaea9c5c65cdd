/**
 * The fair limit for the first screen (`layers=same`): what the app draws first — street
 * boundaries (and community ones where the app draws them), their names and the 5G
 * stations — by the same layer definitions the app uses (so the same deck.gl layers, GPU
 * programs and label atlas), fed straight from the API: no React, no stores, no
 * validation, the CRS known in advance. What the app spends beyond this page is its own
 * (start-up, panels, validation), not the map's. With `tiles=1` the stations come as vector
 * tiles (main.ts) and only the boundaries are built here.
 */
import type { Layer } from '@deck.gl/core';
import type { BuildContext, LayerFeature } from '../../layers/kit/define';
import boundaries, { COMMUNITIES_FROM_ZOOM } from '../../layers/admin-boundaries.layer';
import stations from '../../layers/5g-stations.layer';
import type { Feature, RegionProps } from '@ioc/contract/contract';
import { convertFeatures, convertPoint } from '../../src/api/crs';

const json = async <T>(url: string): Promise<T> => (await fetch(url)).json() as Promise<T>;

type Regions = { features: Feature<RegionProps>[] };
const NO_REGIONS: Regions = { features: [] };

const toWgs84 = (regions: Regions) =>
  convertFeatures(regions.features, 'GCJ02', 'WGS84').map((f) => ({
    ...f,
    properties: {
      ...f.properties,
      center: f.properties.center && convertPoint(f.properties.center, 'GCJ02', 'WGS84'),
    },
  }));

/**
 * Names above all data, as the app stacks them. Nothing is pickable: deck.gl would pick on
 * every move of a pan, where the app picks only once the pointer rests (pickOnRest.ts).
 */
const namesOnTop = (layers: Layer[]) => {
  const isText = (l: Layer) => l.id.endsWith('-labels');
  const still = layers.map((l) => l.clone({ pickable: false }));
  return [...still.filter((l) => !isText(l)), ...still.filter(isText)];
};

async function build(api: string, zoom: number, withStations: boolean): Promise<Layer[]> {
  // Community lines and names are drawn only from COMMUNITIES_FROM_ZOOM: asked for only then.
  const [streets, communities, sites] = await Promise.all([
    json<Regions>(`${api}/regions?level=street`),
    zoom >= COMMUNITIES_FROM_ZOOM ? json<Regions>(`${api}/regions?level=community`) : NO_REGIONS,
    withStations ? json<{ features: LayerFeature[] }>(`${api}/layers/5g-stations/features`) : null,
  ]);
  const ctx: BuildContext = {
    features: sites ? convertFeatures(sites.features, 'GCJ02', 'WGS84') : [],
    events: [],
    regions: { street: toWgs84(streets), community: toWgs84(communities) },
    theme: 'dark',
    locale: 'zh-CN',
    opacity: 1,
    zoom,
    scopeId: null,
    selectedId: null,
    now: Date.now(),
    at: Date.now(),
  };
  // Bottom to top as the app stacks them (by order).
  return [...(sites ? stations.buildLayers(ctx as never) : []), ...boundaries.buildLayers(ctx as never)];
}

/** The stations from GeoJSON under the boundaries and their names. */
export async function sameLayers(api: string, zoom: number): Promise<Layer[]> {
  return namesOnTop(await build(api, zoom, true));
}

/** The boundaries and their names, over the given layers (the stations as tiles). */
export async function boundariesOver(api: string, zoom: number, below: Layer[]): Promise<Layer[]> {
  return namesOnTop([...below, ...(await build(api, zoom, false))]);
}
