/**
 * A layer the API lists in GET /layers but no file in layers/ describes (the real platform
 * has 380): drawn plainly from its geometry, with fields from the catalog, so every layer
 * of the platform can at least be turned on and inspected.
 */
import { GeoJsonLayer } from '@deck.gl/layers';
import { BaseProps, type LayerInfo } from '@ioc/contract/contract';
import { type LayerDefinition, type LayerFeature, text } from '../../layers/kit/define';
import { color, withOpacity } from '../../layers/kit/style';

const same = (s: string) => ({ 'zh-CN': s, en: s });

export function genericLayer(info: LayerInfo): LayerDefinition<Record<string, unknown>> {
  return {
    id: info.id,
    title: same(info.title),
    group: same(info.group),
    order: 30,
    defaultVisible: false,
    geometry: info.geometry,
    source: { kind: 'features', schema: BaseProps.loose() },
    fields: info.fields
      .filter((f) => f.key !== 'name' && f.key !== 'regionId')
      .map((f) => ({ key: f.key, label: same(f.label), unit: f.unit ? same(f.unit) : undefined })),
    filters: info.fields
      .filter((f) => f.type === 'enum' && f.values?.length)
      .map((f) => ({
        key: f.key,
        label: same(f.label),
        options: (f.values ?? []).map((v) => ({ value: v, label: same(v) })),
      })),
    legend: (theme) => [
      {
        label: same(info.title),
        color: color('sky', theme),
        shape: info.geometry === 'Point' ? 'circle' : 'square',
      },
    ],
    buildLayers: ({ features, theme, opacity }) => [
      new GeoJsonLayer({
        id: `${info.id}-generic`,
        data: features as never,
        pointType: 'circle',
        getPointRadius: 5,
        pointRadiusUnits: 'pixels',
        getFillColor: withOpacity(color('sky', theme, info.geometry === 'Point' ? 220 : 90), opacity),
        getLineColor: withOpacity(color('sky', theme), opacity),
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
        pickable: true,
        autoHighlight: true,
      }),
    ],
    tooltip: (f: LayerFeature, locale) => `${f.properties.name} · ${text(locale, same(info.title))}`,
  };
}
