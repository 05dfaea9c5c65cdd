/**
 * Demolition boundaries: 270 phased and 233 project polygons. Fill by difficulty (1–5,
 * pale to strong), outline by kind, so planners read difficulty at a glance and tell
 * phase boundaries from project boundaries.
 */
import { GeoJsonLayer } from '@deck.gl/layers';
import { DemolitionProps } from '@ioc/contract/contract';
import { defineLayer, type LayerFeature, type Text, valueLabels, filterOptions, COUNT } from './kit/define';
import { byValue, type Swatch } from './kit/scale';
import { sequential, withOpacity } from './kit/style';

type Boundary = LayerFeature<DemolitionProps>;

const KIND = {
  phase: { hue: 'sky', label: { 'zh-CN': '分期拆除范围', en: 'Phased boundary' } },
  project: { hue: 'purple', label: { 'zh-CN': '项目拆除范围', en: 'Project boundary' } },
} as const satisfies Record<DemolitionProps['kind'], unknown>;
const STAGE: Record<string, Text> = {
  survey: { 'zh-CN': '摸查', en: 'Survey' },
  signing: { 'zh-CN': '签约', en: 'Signing' },
  demolishing: { 'zh-CN': '拆除中', en: 'Demolishing' },
  cleared: { 'zh-CN': '已清拆', en: 'Cleared' },
};
const DIFFICULTY = [1, 2, 3, 4, 5].map((d) => ({
  value: String(d),
  label: { 'zh-CN': `难度 ${d}`, en: `Difficulty ${d}` },
}));

/** Fill: difficulty, pale to strong. */
const difficulty = byValue(
  (f: { properties: unknown }) => (f.properties as DemolitionProps).difficulty,
  Object.fromEntries(
    DIFFICULTY.map((d, i) => [i + 1, { label: d.label, color: (theme) => sequential(i + 1, 5, theme, 170) }]),
  ) as Record<number, Swatch>,
  'square',
);
/** Outline: the kind of boundary. */
const kind = byValue((f: { properties: unknown }) => (f.properties as DemolitionProps).kind, KIND, 'line');

export default defineLayer<DemolitionProps>({
  id: 'demolition',
  title: { 'zh-CN': '拆除范围', en: 'Demolition boundaries' },
  group: { 'zh-CN': '城市更新', en: 'Urban renewal' },
  order: 20,
  defaultVisible: false,
  geometry: 'Polygon',
  source: { kind: 'features', schema: DemolitionProps },
  fields: [
    {
      key: 'kind',
      label: { 'zh-CN': '类型', en: 'Kind' },
      values: valueLabels(KIND),
    },
    { key: 'stage', label: { 'zh-CN': '阶段', en: 'Stage' }, values: STAGE },
    {
      key: 'difficulty',
      label: { 'zh-CN': '拆除难度', en: 'Difficulty' },
      unit: { 'zh-CN': '级', en: '/ 5' },
    },
    { key: 'areaM2', label: { 'zh-CN': '面积', en: 'Area' }, unit: { 'zh-CN': '平方米', en: 'm²' } },
    { key: 'buildings', label: { 'zh-CN': '楼栋', en: 'Buildings' }, unit: { 'zh-CN': '栋', en: '' } },
    { key: 'households', label: { 'zh-CN': '涉及住户', en: 'Households' }, unit: { 'zh-CN': '户', en: '' } },
  ],
  filters: [
    {
      key: 'kind',
      label: { 'zh-CN': '类型', en: 'Kind' },
      options: filterOptions(KIND),
    },
    { key: 'difficulty', label: { 'zh-CN': '拆除难度', en: 'Difficulty' }, options: DIFFICULTY },
  ],
  legend: (theme) => [...difficulty.legend(theme), ...kind.legend(theme)],
  buildLayers: ({ features, theme, opacity, selectedId }) => [
    new GeoJsonLayer<DemolitionProps>({
      id: 'demolition-boundaries',
      data: features as never,
      stroked: true,
      filled: true,
      getFillColor: (f) => withOpacity(difficulty(f, theme), opacity),
      getLineColor: (f) => withOpacity(kind(f, theme), opacity),
      lineWidthUnits: 'pixels',
      getLineWidth: (f) => ((f.properties as DemolitionProps).id === selectedId ? 4 : 1.5),
      pickable: true,
      autoHighlight: true,
      updateTriggers: {
        getFillColor: [theme, opacity],
        getLineColor: [theme, opacity],
        getLineWidth: selectedId,
      },
    }),
  ],
  tooltip: (f: Boundary, locale) => {
    const p = f.properties;
    const d = locale === 'en' ? `difficulty ${p.difficulty}` : `难度 ${p.difficulty}`;
    return `${p.name} · ${KIND[p.kind].label[locale]} · ${d}`;
  },
  kpis: (features) => [
    {
      label: KIND.phase.label,
      value: features.filter((f) => f.properties.kind === 'phase').length,
      unit: COUNT,
    },
    {
      label: KIND.project.label,
      value: features.filter((f) => f.properties.kind === 'project').length,
      unit: COUNT,
    },
    {
      label: { 'zh-CN': '涉及住户', en: 'Households' },
      value: features.reduce((a, f) => a + f.properties.households, 0),
      unit: { 'zh-CN': '户', en: '' },
    },
  ],
});
