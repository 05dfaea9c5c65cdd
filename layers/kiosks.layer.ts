/**
 * 24 h self-service kiosks: 50 existing, 16 planned. Each carries its 15-minute walking
 * service area (about 1 km straight-line: 15 min at 4.5 km/h with a 1.2 detour factor),
 * so the gaps in the "15-minute government service circle" show as unshaded ground.
 */
import { ScatterplotLayer } from '@deck.gl/layers';
import { KioskProps, SERVICE_CIRCLE_M } from '@ioc/contract/contract';
import { defineLayer, type LayerFeature, filterOptions, COUNT } from './kit/define';
import { byValue } from './kit/scale';
import { color, pointOf, withOpacity } from './kit/style';

type Kiosk = LayerFeature<KioskProps>;

/** 15 min × 4.5 km/h ÷ 1.2 detour factor. */
export const WALK_15_MIN_M = SERVICE_CIRCLE_M;

const STATUS = {
  existing: { 'zh-CN': '已建成', en: 'Existing' },
  planned: { 'zh-CN': '规划新增', en: 'Planned' },
} satisfies Record<KioskProps['status'], unknown>;
const status = (f: Kiosk) => f.properties.status;
/** Existing kiosks are filled dots, planned ones rings, both blue (warm hues mean event severity). */
const site = byValue(
  status,
  {
    existing: { label: STATUS.existing, hue: 'blue' },
    planned: { label: STATUS.planned, hue: 'blue', shape: 'ring' },
  },
  'circle',
);
const AREA = { 'zh-CN': '15分钟步行服务圈', en: '15-minute walking area' };
/** The walking area of a planned kiosk is fainter: it does not serve anyone yet. */
const area = byValue(
  status,
  {
    existing: { label: AREA, color: (theme) => color('blue', theme, 56) },
    planned: {
      label: { 'zh-CN': '规划服务圈', en: 'Planned area' },
      color: (theme) => color('blue', theme, 24),
    },
  },
  'circle',
);
const KIND = {
  '24h-area': { 'zh-CN': '24小时自助区', en: '24 h self-service area' },
  terminal: { 'zh-CN': '自助终端', en: 'Terminal' },
} satisfies Record<KioskProps['kind'], unknown>;

export default defineLayer<KioskProps>({
  id: 'kiosks',
  title: { 'zh-CN': '24小时政务服务自助区', en: '24 h self-service kiosks' },
  group: { 'zh-CN': '政务服务', en: 'Government services' },
  order: 50,
  defaultVisible: false,
  geometry: 'Point',
  source: { kind: 'features', schema: KioskProps },
  fields: [
    { key: 'kind', label: { 'zh-CN': '类型', en: 'Type' }, values: KIND },
    { key: 'status', label: { 'zh-CN': '状态', en: 'Status' }, values: STATUS },
    { key: 'terminals', label: { 'zh-CN': '终端数', en: 'Terminals' }, unit: { 'zh-CN': '台', en: '' } },
    { key: 'services', label: { 'zh-CN': '可办事项', en: 'Services' }, unit: { 'zh-CN': '项', en: '' } },
    { key: 'dailyUses', label: { 'zh-CN': '日均使用', en: 'Daily uses' }, unit: { 'zh-CN': '人次', en: '' } },
  ],
  filters: [
    {
      key: 'status',
      label: { 'zh-CN': '状态', en: 'Status' },
      options: filterOptions(STATUS),
    },
  ],
  legend: (theme) => [...site.legend(theme), area.legend(theme)[0]!],
  buildLayers: ({ features, theme, opacity, selectedId }) => {
    return [
      new ScatterplotLayer<Kiosk>({
        id: 'kiosks-service-area',
        data: features,
        getPosition: (f) => pointOf(f.geometry),
        getRadius: WALK_15_MIN_M,
        radiusUnits: 'meters',
        stroked: true,
        filled: true,
        getFillColor: (f) => withOpacity(area(f, theme), opacity),
        getLineColor: (f) => withOpacity(site(f, theme, 150), opacity),
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
        updateTriggers: { getFillColor: [theme, opacity], getLineColor: [theme, opacity] },
      }),
      new ScatterplotLayer<Kiosk>({
        id: 'kiosks-sites',
        data: features,
        getPosition: (f) => pointOf(f.geometry),
        getRadius: (f) => (f.properties.id === selectedId ? 10 : 7),
        radiusUnits: 'pixels',
        stroked: true,
        filled: true,
        getFillColor: (f) =>
          f.properties.status === 'existing' ? withOpacity(site(f, theme), opacity) : [0, 0, 0, 0],
        getLineColor: (f) => withOpacity(site(f, theme), opacity),
        lineWidthUnits: 'pixels',
        getLineWidth: (f) => (f.properties.status === 'existing' ? 1 : 2.5),
        pickable: true,
        autoHighlight: true,
        updateTriggers: {
          getFillColor: [theme, opacity],
          getLineColor: [theme, opacity],
          getRadius: selectedId,
        },
      }),
    ];
  },
  tooltip: (f, locale) => `${f.properties.name} · ${STATUS[f.properties.status][locale]}`,
  roles: {
    rings: [
      { key: 'kiosks', label: { 'zh-CN': '自助服务点', en: 'Kiosks' }, measure: { kind: 'count' }, rank: 70 },
    ],
    nearby: [
      {
        key: 'kiosk',
        kind: 'nearest',
        label: { 'zh-CN': '最近 24 小时自助服务点', en: 'Nearest 24 h service kiosk' },
        where: { status: ['existing'] },
        rank: 30,
      },
    ],
    sites: { radiusM: WALK_15_MIN_M, existing: { status: ['existing'] }, planned: { status: ['planned'] } },
  },
  kpis: (features) => [
    {
      label: STATUS.existing,
      value: features.filter((f) => f.properties.status === 'existing').length,
      unit: COUNT,
    },
    {
      label: STATUS.planned,
      value: features.filter((f) => f.properties.status === 'planned').length,
      unit: COUNT,
    },
  ],
});
