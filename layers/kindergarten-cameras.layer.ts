/**
 * Kindergarten safety cameras (488 kindergartens). Each dot is a kindergarten sized by its
 * camera count and coloured by the share online, so offline cameras stand out (purple: the
 * warm hues mean event severity wherever events are drawn); one without cameras is a grey
 * ring. The construction stage is in the tooltip, the drawer and the filter.
 */
import { ScatterplotLayer } from '@deck.gl/layers';
import { KindergartenProps } from '@ioc/contract/contract';
import { defineLayer, type LayerFeature, valueLabels, filterOptions, COUNT } from './kit/define';
import { byTest } from './kit/scale';
import { HALO, pointOf, withOpacity } from './kit/style';

type Kg = LayerFeature<KindergartenProps>;

const STAGE = {
  surveyed: { label: { 'zh-CN': '已勘察', en: 'Surveyed' } },
  designed: { label: { 'zh-CN': '已设计', en: 'Designed' } },
  installing: { label: { 'zh-CN': '安装中', en: 'Installing' } },
  done: { label: { 'zh-CN': '已完成', en: 'Done' } },
} as const satisfies Record<KindergartenProps['stage'], unknown>;

const offline = (f: Kg) => f.properties.cameras - f.properties.camerasOnline;
/** Offline cameras stand out; a kindergarten without cameras is grey (and not in the legend). */
const online = byTest<Kg>(
  [
    {
      label: { 'zh-CN': '全部在线', en: 'All online' },
      hue: 'green',
      test: (f) => f.properties.cameras > 0 && offline(f) === 0,
    },
    {
      label: { 'zh-CN': '少量离线', en: 'Some offline' },
      hue: 'sky',
      test: (f) => f.properties.cameras > 0 && offline(f) / f.properties.cameras <= 0.1,
    },
    {
      label: { 'zh-CN': '离线超过10%', en: 'Over 10 % offline' },
      hue: 'purple',
      test: (f) => f.properties.cameras > 0,
    },
    {
      label: { 'zh-CN': '无摄像头', en: 'No cameras' },
      hue: 'grey',
      shape: 'ring',
      test: () => true,
    },
  ],
  'circle',
  { label: { 'zh-CN': '无摄像头', en: 'No cameras' }, hue: 'grey' },
);
const noCameras = (f: Kg) => f.properties.cameras === 0;

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
  legend: (theme) => online.legend(theme),
  buildLayers: ({ features, theme, opacity, selectedId }) => [
    new ScatterplotLayer<Kg>({
      id: 'kindergarten-cameras-sites',
      data: features,
      getPosition: (f) => pointOf(f.geometry),
      getRadius: (f) => 3 + Math.sqrt(f.properties.cameras) * (f.properties.id === selectedId ? 1.6 : 1),
      radiusUnits: 'pixels',
      stroked: true,
      filled: true,
      getFillColor: (f) => (noCameras(f) ? [0, 0, 0, 0] : withOpacity(online(f, theme), opacity)),
      getLineColor: (f) =>
        noCameras(f) ? withOpacity(online(f, theme), opacity) : withOpacity(HALO[theme], opacity),
      lineWidthUnits: 'pixels',
      getLineWidth: (f) => (noCameras(f) ? 2 : 1),
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
  roles: {
    rings: [
      {
        key: 'kindergartens',
        label: { 'zh-CN': '幼儿园', en: 'Kindergartens' },
        measure: { kind: 'count' },
        rank: 20,
      },
      {
        key: 'cameras',
        label: { 'zh-CN': '摄像头', en: 'Cameras' },
        measure: { kind: 'sum', field: 'cameras' },
        rank: 30,
      },
    ],
    nearby: [
      {
        key: 'cameras',
        kind: 'within',
        label: { 'zh-CN': '500 米内摄像头', en: 'Cameras within 500 m' },
        radiusM: 500,
        sum: { field: 'cameras', unit: { 'zh-CN': '路', en: 'cameras' } },
        rank: 10,
      },
    ],
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
