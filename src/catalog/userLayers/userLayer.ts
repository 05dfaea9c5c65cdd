/**
 * The layer definition of a user's file: drawn plainly from its geometry (points, lines,
 * areas), fields as the file named them, a filter for every field with few values, under
 * "我的图层 / My layers". Everything else (loading, CRS, scope, filters, statistics,
 * exports, saved views) is the runtime's, as for a built-in layer.
 */
import { GeoJsonLayer } from '@deck.gl/layers';
import type { LayerDefinition, LayerFeature, Text } from '../../../layers/kit/define';
import { single } from '../../../layers/kit/scale';
import { withOpacity } from '../../../layers/kit/style';
import { translate } from '../../i18n';
import { UserProps } from '@ioc/domain/gis/schema';
import { unsaved, type UserLayerMeta } from './store';

const same = (s: string): Text => ({ 'zh-CN': s, en: s });
/** Above the built-in layers that cover ground, below the boundaries and the live events. */
const ORDER = 65;

const made = new WeakMap<UserLayerMeta, LayerDefinition<Record<string, unknown>>>();

export function userLayerDef(meta: UserLayerMeta): LayerDefinition<Record<string, unknown>> {
  const hit = made.get(meta);
  if (hit) return hit;
  const mark = single(
    { label: same(meta.title), hue: 'purple' },
    meta.geometry === 'Point' ? 'circle' : 'square',
  );
  const def: LayerDefinition<Record<string, unknown>> = {
    id: meta.id,
    title: same(meta.title),
    group: { 'zh-CN': translate('zh-CN', 'catalog.mine'), en: translate('en', 'catalog.mine') },
    order: ORDER,
    defaultVisible: false,
    geometry: meta.geometry,
    source: {
      kind: 'local',
      schema: UserProps,
      crs: meta.crs,
      // IndexedDB's code loads with the first user layer that is turned on.
      load: async () => unsaved.get(meta.id) ?? (await import('./persist')).readFeatures(meta.id),
    },
    fields: meta.fields.map((f) => ({ key: f.key, label: same(f.key) })),
    filters: meta.fields
      .filter((f) => f.values)
      .map((f) => ({
        key: f.key,
        label: same(f.key),
        options: (f.values ?? []).map((v) => ({ value: v, label: same(v) })),
      })),
    legend: (theme) => mark.legend(theme),
    buildLayers: ({ features, theme, opacity, selectedId }) => [
      new GeoJsonLayer<Record<string, unknown>>({
        id: `${meta.id}-features`,
        data: features as never,
        pointType: 'circle',
        getPointRadius: (f) => ((f.properties as { id?: string }).id === selectedId ? 8 : 5),
        pointRadiusUnits: 'pixels',
        getFillColor: withOpacity(mark(null, theme, meta.geometry === 'Point' ? 230 : 90), opacity),
        getLineColor: withOpacity(mark(null, theme), opacity),
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
        pickable: true,
        autoHighlight: true,
        updateTriggers: { getPointRadius: selectedId },
      }),
    ],
    tooltip: (f: LayerFeature<Record<string, unknown>>) => `${f.properties.name} · ${meta.title}`,
  };
  made.set(meta, def);
  return def;
}
