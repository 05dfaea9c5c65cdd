/** Medical resources: hospitals, community health centres and clinics, sized by beds. */
import { ScatterplotLayer } from '@deck.gl/layers';
import { MedicalProps } from '@ioc/contract/contract';
import { defineLayer, type LayerFeature, valueLabels, filterOptions } from './kit/define';
import { keyed } from './kit/memo';
import { byValue } from './kit/scale';
import { color, pointOf, withOpacity } from './kit/style';

type Facility = LayerFeature<MedicalProps>;

const KIND = {
  hospital: { hue: 'purple', label: { 'zh-CN': '医院', en: 'Hospital' } },
  'community-health': { hue: 'sky', label: { 'zh-CN': '社区健康服务中心', en: 'Community health centre' } },
  clinic: { hue: 'green', label: { 'zh-CN': '诊所', en: 'Clinic' } },
} as const satisfies Record<MedicalProps['kind'], unknown>;

const kind = byValue((f: Facility) => f.properties.kind, KIND, 'circle', 200);
const bySort = keyed((features: Facility[]) =>
  [...features].sort((a, b) => a.properties.beds - b.properties.beds),
);

export default defineLayer<MedicalProps>({
  id: 'medical',
  title: { 'zh-CN': '医疗资源', en: 'Medical resources' },
  group: { 'zh-CN': '民生服务', en: 'Public services' },
  order: 55,
  defaultVisible: false,
  geometry: 'Point',
  source: { kind: 'features', schema: MedicalProps },
  fields: [
    {
      key: 'kind',
      label: { 'zh-CN': '类型', en: 'Kind' },
      values: valueLabels(KIND),
    },
    { key: 'grade', label: { 'zh-CN': '等级', en: 'Grade' } },
    { key: 'beds', label: { 'zh-CN': '床位', en: 'Beds' }, unit: { 'zh-CN': '张', en: '' } },
    { key: 'doctors', label: { 'zh-CN': '医生', en: 'Doctors' }, unit: { 'zh-CN': '人', en: '' } },
  ],
  filters: [
    {
      key: 'kind',
      label: { 'zh-CN': '类型', en: 'Kind' },
      options: filterOptions(KIND),
    },
  ],
  legend: (theme) => [
    ...kind.legend(theme),
    // Size, not colour: a hint drawn in neutral grey.
    {
      label: { 'zh-CN': '圆越大床位越多', en: 'Larger = more beds' },
      color: color('grey', theme),
      shape: 'ring',
    },
  ],
  buildLayers: ({ features, theme, opacity, selectedId }) => [
    new ScatterplotLayer<Facility>({
      id: 'medical-facilities',
      // Big hospitals last, so they draw over the clinics around them.
      data: bySort(features),
      getPosition: (f) => pointOf(f.geometry),
      getRadius: (f) => 3 + Math.sqrt(f.properties.beds) * 0.45 + (f.properties.id === selectedId ? 4 : 0),
      radiusUnits: 'pixels',
      stroked: true,
      filled: true,
      getFillColor: (f) => withOpacity(kind(f, theme), opacity),
      getLineColor: withOpacity(theme === 'dark' ? [255, 255, 255, 200] : [30, 41, 59, 200], opacity),
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
      pickable: true,
      autoHighlight: true,
      updateTriggers: {
        getFillColor: [theme, opacity],
        getLineColor: [theme, opacity],
        getRadius: selectedId,
      },
    }),
  ],
  tooltip: (f, locale) => {
    const p = f.properties;
    const beds = locale === 'en' ? `${p.beds} beds` : `床位 ${p.beds}`;
    return [p.name, KIND[p.kind].label[locale], p.grade, beds].filter(Boolean).join(' · ');
  },
  roles: {
    rings: [
      {
        key: 'hospitals',
        label: { 'zh-CN': '医院', en: 'Hospitals' },
        measure: { kind: 'count' },
        where: { kind: ['hospital'] },
        rank: 40,
      },
      {
        key: 'medical',
        label: { 'zh-CN': '医疗机构', en: 'Medical sites' },
        measure: { kind: 'count' },
        rank: 50,
      },
      {
        key: 'beds',
        label: { 'zh-CN': '床位', en: 'Beds' },
        measure: { kind: 'sum', field: 'beds' },
        rank: 60,
      },
    ],
    nearby: [
      {
        key: 'hospital',
        kind: 'nearest',
        label: { 'zh-CN': '最近医院', en: 'Nearest hospital' },
        where: { kind: ['hospital'] },
        rank: 20,
      },
    ],
    healthcare: { beds: 'beds', doctors: 'doctors' },
  },
  kpis: (features) => [
    {
      label: { 'zh-CN': '床位', en: 'Beds' },
      value: features.reduce((a, f) => a + f.properties.beds, 0),
      unit: { 'zh-CN': '张', en: '' },
    },
    {
      label: { 'zh-CN': '医生', en: 'Doctors' },
      value: features.reduce((a, f) => a + f.properties.doctors, 0),
      unit: { 'zh-CN': '人', en: '' },
    },
  ],
});
