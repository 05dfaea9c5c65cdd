/**
 * Kindergarten safety cameras (488 kindergartens). Each dot is a kindergarten sized by its
 * camera count and coloured by the share online, so offline cameras stand out in red;
 * the ring shows the construction stage.
 */
import { ScatterplotLayer } from '@deck.gl/layers';
import { KindergartenProps } from '../src/api/contract';
import {
  defineLayer,
  type LayerFeature,
  type RGBA,
  type Theme,
  valueLabels,
  filterOptions,
  COUNT,
} from './kit/define';
import { color, pointOf, withOpacity } from './kit/style';

type Kg = LayerFeature<KindergartenProps>;

const STAGE = {
  surveyed: { hue: 'grey', label: { 'zh-CN': '已勘察', en: 'Surveyed' } },
  designed: { hue: 'sky', label: { 'zh-CN': '已设计', en: 'Designed' } },
  installing: { hue: 'yellow', label: { 'zh-CN': '安装中', en: 'Installing' } },
  done: { hue: 'green', label: { 'zh-CN': '已完成', en: 'Done' } },
} as const;

function onlineColor(f: Kg, theme: Theme): RGBA {
  const { cameras, camerasOnline } = f.properties;
  if (cameras === 0) return color('grey', theme);
  const offline = cameras - camerasOnline;
  if (offline === 0) return color('green', theme);
  return offline / cameras > 0.1 ? color('vermillion', theme) : color('orange', theme);
}

export default defineLayer<KindergartenProps>({
  id: 'kindergarten-cameras',
  title: { 'zh-CN': '幼儿园视频监控', en: 'Kindergarten safety cameras' },
  group: { 'zh-CN': '公共安全', en: 'Public safety' },
  order: 45,
  defaultVisible: false,
  geometry: 'Point',
  source: { kind: 'features', schema: KindergartenProps },
  fields: [
    { key: 'cameras', label: { 'zh-CN': '摄像头', en: 'Cameras' }, unit: COUNT },
    { key: 'camerasOnline', label: { 'zh-CN': '在线摄像头', en: 'Online' }, unit: COUNT },
    {
      key: 'stage',
      label: { 'zh-CN': '建设阶段', en: 'Stage' },
      values: valueLabels(STAGE),
    },
    { key: 'pupils', label: { 'zh-CN': '在园幼儿', en: 'Pupils' }, unit: { 'zh-CN': '人', en: '' } },
  ],
  filters: [
    {
      key: 'stage',
      label: { 'zh-CN': '建设阶段', en: 'Stage' },
      options: filterOptions(STAGE),
    },
  ],
  legend: (theme) => [
    { label: { 'zh-CN': '全部在线', en: 'All online' }, color: color('green', theme), shape: 'circle' },
    { label: { 'zh-CN': '少量离线', en: 'Some offline' }, color: color('orange', theme), shape: 'circle' },
    {
      label: { 'zh-CN': '离线超过10%', en: 'Over 10 % offline' },
      color: color('vermillion', theme),
      shape: 'circle',
    },
    ...Object.values(STAGE).map((s) => ({
      label: s.label,
      color: color(s.hue, theme),
      shape: 'ring' as const,
    })),
  ],
  buildLayers: ({ features, theme, opacity, selectedId }) => [
    new ScatterplotLayer<Kg>({
      id: 'kindergarten-cameras-sites',
      data: features,
      getPosition: (f) => pointOf(f.geometry),
      getRadius: (f) => 3 + Math.sqrt(f.properties.cameras) * (f.properties.id === selectedId ? 1.6 : 1),
      radiusUnits: 'pixels',
      stroked: true,
      filled: true,
      getFillColor: (f) => withOpacity(onlineColor(f, theme), opacity),
      getLineColor: (f) => withOpacity(color(STAGE[f.properties.stage].hue, theme), opacity),
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
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
    const online =
      locale === 'en' ? `${p.camerasOnline}/${p.cameras} online` : `在线 ${p.camerasOnline}/${p.cameras}`;
    return `${p.name} · ${online} · ${STAGE[p.stage].label[locale]}`;
  },
  kpis: (features) => {
    const cams = features.reduce((a, f) => a + f.properties.cameras, 0);
    const online = features.reduce((a, f) => a + f.properties.camerasOnline, 0);
    return [
      {
        label: { 'zh-CN': '幼儿园', en: 'Kindergartens' },
        value: features.length,
        unit: { 'zh-CN': '所', en: '' },
      },
      {
        label: { 'zh-CN': '离线摄像头', en: 'Cameras offline' },
        value: cams - online,
        unit: COUNT,
      },
    ];
  },
});
