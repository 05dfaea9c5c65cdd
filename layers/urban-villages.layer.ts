/**
 * Urban villages (499; 55 with telecom lines put underground). Added as one file, to show
 * that a thematic layer is one file and nothing else.
 */
import { GeoJsonLayer } from '@deck.gl/layers';
import { UrbanVillageProps } from '@ioc/contract/contract';
import { defineLayer, COUNT } from './kit/define';
import { byValue } from './kit/scale';
import { color, withOpacity } from './kit/style';

const UNDERGROUND = {
  true: { 'zh-CN': '已完成管线下地', en: 'Lines underground' },
  false: { 'zh-CN': '未下地', en: 'Overhead lines' },
};

const lines = byValue(
  (f: { properties: unknown }) => ((f.properties as UrbanVillageProps).undergroundLines ? 'true' : 'false'),
  {
    true: { label: UNDERGROUND.true, color: (theme) => color('green', theme, 190) },
    false: { label: UNDERGROUND.false, color: (theme) => color('grey', theme, 110) },
  },
  'square',
);

export default defineLayer<UrbanVillageProps>({
  id: 'urban-villages',
  title: { 'zh-CN': '城中村', en: 'Urban villages' },
  group: { 'zh-CN': '城市更新', en: 'Urban renewal' },
  order: 15,
  defaultVisible: false,
  geometry: 'Polygon',
  source: { kind: 'features', schema: UrbanVillageProps },
  fields: [
    { key: 'undergroundLines', label: { 'zh-CN': '通信线路下地', en: 'Lines underground' } },
    { key: 'population', label: { 'zh-CN': '人口', en: 'Population' }, unit: { 'zh-CN': '人', en: '' } },
    { key: 'buildings', label: { 'zh-CN': '楼栋', en: 'Buildings' }, unit: { 'zh-CN': '栋', en: '' } },
  ],
  filters: [
    {
      key: 'undergroundLines',
      label: { 'zh-CN': '通信线路', en: 'Telecom lines' },
      options: [
        { value: 'true', label: UNDERGROUND.true },
        { value: 'false', label: UNDERGROUND.false },
      ],
    },
  ],
  legend: (theme) => lines.legend(theme),
  buildLayers: ({ features, theme, opacity, selectedId }) => [
    new GeoJsonLayer<UrbanVillageProps>({
      id: 'urban-villages-areas',
      data: features as never,
      stroked: true,
      filled: true,
      getFillColor: (f) => withOpacity(lines(f, theme), opacity),
      getLineColor: withOpacity(color('grey', theme, 220), opacity),
      lineWidthUnits: 'pixels',
      getLineWidth: (f) => ((f.properties as UrbanVillageProps).id === selectedId ? 3.5 : 1),
      pickable: true,
      autoHighlight: true,
      updateTriggers: {
        getFillColor: [theme, opacity],
        getLineColor: [theme, opacity],
        getLineWidth: selectedId,
      },
    }),
  ],
  tooltip: (f, locale) =>
    `${f.properties.name} · ${UNDERGROUND[f.properties.undergroundLines ? 'true' : 'false'][locale]}`,
  kpis: (features) => [
    {
      label: { 'zh-CN': '城中村', en: 'Urban villages' },
      value: features.length,
      unit: COUNT,
    },
    {
      label: UNDERGROUND.true,
      value: features.filter((f) => f.properties.undergroundLines).length,
      unit: COUNT,
    },
  ],
});
