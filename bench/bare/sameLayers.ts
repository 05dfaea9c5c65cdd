/**
 * The fair limit for the first screen (`layers=same`): what the app draws first — street
 * boundaries, their names and the 5G density — by the same layer definitions the app uses
 * (so the same deck.gl layers, GPU programs and label atlas), fed straight from the API:
 * no React, no stores, no validation, the CRS known in advance. What the app spends beyond
 * this page is its own (start-up, panels, validation), not the map's.
 */
import type { Layer } from '@deck.gl/core';
import type { BuildContext, LayerFeature } from '../../layers/kit/define';
import boundaries from '../../layers/admin-boundaries.layer';
import stations from '../../layers/5g-stations.layer';
import type { Feature, RegionProps } from '@ioc/contract/contract';
import { convertFeatures, convertPoint } from '../../src/api/crs';

const json = async <T>(url: string): Promise<T> => (await fetch(url)).json() as Promise<T>;

export async function sameLayers(api: string, zoom: number): Promise<Layer[]> {
  const [streets, sites] = await Promise.all([
    json<{ features: Feature<RegionProps>[] }>(`${api}/regions?level=street`),
    json<{ features: LayerFeature[] }>(`${api}/layers/5g-stations/features`),
  ]);
  const street = convertFeatures(streets.features, 'GCJ02', 'WGS84').map((f) => ({
    ...f,
    properties: {
      ...f.properties,
      center: f.properties.center && convertPoint(f.properties.center, 'GCJ02', 'WGS84'),
    },
  }));
  const ctx: BuildContext = {
    features: convertFeatures(sites.features, 'GCJ02', 'WGS84'),
    events: [],
    regions: { street, community: [] },
    theme: 'dark',
    locale: 'zh-CN',
    opacity: 1,
    zoom,
    scopeId: null,
    selectedId: null,
    now: Date.now(),
    at: Date.now(),
  };
  // Bottom to top as the app stacks them (by order), names above all data.
  const built = [...stations.buildLayers(ctx as never), ...boundaries.buildLayers(ctx as never)];
  const isText = (l: Layer) => l.id.endsWith('-labels');
  return [...built.filter((l) => !isText(l)), ...built.filter(isText)];
}
