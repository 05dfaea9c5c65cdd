/**
 * 5G base stations (10,346; 8,084 macro). At district zoom the 10 k sites read as
 * hexagons on a wall; zoomed in, each site is a dot coloured by construction status,
 * macro sites larger and filled, micro sites as rings. Problem sites always stand out.
 */
import { HexagonLayer } from '@deck.gl/aggregation-layers';
import { ScatterplotLayer } from '@deck.gl/layers';
import { StationProps } from '../src/api/contract';
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

type Props = StationProps;
type Site = LayerFeature<Props>;

const STATUS = {
  'on-air': { hue: 'green', label: { 'zh-CN': '已开通', en: 'On air' } },
  building: { hue: 'sky', label: { 'zh-CN': '建设中', en: 'Building' } },
  approved: { hue: 'yellow', label: { 'zh-CN': '已审批', en: 'Approved' } },
  planned: { hue: 'grey', label: { 'zh-CN': '规划', en: 'Planned' } },
} as const;
const ISSUE = {
  'site-access': { 'zh-CN': '进场难', en: 'Site access' },
  power: { 'zh-CN': '电力引入', en: 'Power supply' },
  approval: { 'zh-CN': '审批', en: 'Approval' },
  property: { 'zh-CN': '物业协调', en: 'Property owner' },
  demolition: { 'zh-CN': '拆迁', en: 'Demolition' },
};
const OPERATOR = {
  CMCC: { 'zh-CN': '中国移动', en: 'China Mobile' },
  CUCC: { 'zh-CN': '中国联通', en: 'China Unicom' },
  CTCC: { 'zh-CN': '中国电信', en: 'China Telecom' },
  tower: { 'zh-CN': '铁塔公司', en: 'China Tower' },
};
const KIND = { macro: { 'zh-CN': '宏站', en: 'Macro' }, micro: { 'zh-CN': '微站', en: 'Micro' } };
/** Below this zoom individual sites would overplot into noise. */
const SITES_FROM_ZOOM = 12.5;

function statusColor(s: Props['status'], theme: Theme, alpha = 230): RGBA {
  return color(STATUS[s].hue, theme, alpha);
}

export default defineLayer<Props>({
  id: '5g-stations',
  title: { 'zh-CN': '5G基站', en: '5G base stations' },
  group: { 'zh-CN': '新型基础设施', en: 'New infrastructure' },
  order: 40,
  defaultVisible: true,
  geometry: 'Point',
  source: { kind: 'features', schema: StationProps },
  fields: [
    { key: 'kind', label: { 'zh-CN': '站型', en: 'Type' }, values: KIND },
    { key: 'operator', label: { 'zh-CN': '运营商', en: 'Operator' }, values: OPERATOR },
    {
      key: 'status',
      label: { 'zh-CN': '建设状态', en: 'Status' },
      values: valueLabels(STATUS),
    },
    { key: 'issue', label: { 'zh-CN': '问题类型', en: 'Problem' }, values: ISSUE },
    { key: 'onAirAt', label: { 'zh-CN': '开通时间', en: 'On air since' } },
  ],
  filters: [
    {
      key: 'operator',
      label: { 'zh-CN': '运营商', en: 'Operator' },
      options: filterOptions(OPERATOR),
    },
    {
      key: 'status',
      label: { 'zh-CN': '建设状态', en: 'Status' },
      options: filterOptions(STATUS),
    },
    {
      key: 'kind',
      label: { 'zh-CN': '站型', en: 'Type' },
      options: filterOptions(KIND),
    },
  ],
  legend: (theme) => [
    ...Object.entries(STATUS).map(([s, v]) => ({
      label: v.label,
      color: statusColor(s as Props['status'], theme),
      shape: 'circle' as const,
    })),
    { label: { 'zh-CN': '微站（环）', en: 'Micro (ring)' }, color: color('green', theme), shape: 'ring' },
    { label: { 'zh-CN': '问题站点', en: 'Problem site' }, color: color('vermillion', theme), shape: 'ring' },
    {
      label: { 'zh-CN': '基站密度（区级视图）', en: 'Density (district view)' },
      color: color('blue', theme),
      shape: 'hexagon',
    },
  ],
  buildLayers: ({ features, theme, opacity, zoom, selectedId }) => {
    const problems = features.filter((f) => f.properties.issue);
    const issueRing = new ScatterplotLayer<Site>({
      id: '5g-stations-issues',
      data: problems,
      getPosition: (f) => pointOf(f.geometry),
      getRadius: 9,
      radiusUnits: 'pixels',
      stroked: true,
      filled: false,
      lineWidthUnits: 'pixels',
      getLineWidth: (f) => (f.properties.id === selectedId ? 4 : 2.5),
      getLineColor: withOpacity(color('vermillion', theme), opacity),
      pickable: true,
      updateTriggers: { getLineWidth: selectedId },
    });
    if (zoom < SITES_FROM_ZOOM) {
      return [
        new HexagonLayer<Site>({
          id: '5g-stations-density',
          data: features,
          getPosition: (f) => pointOf(f.geometry),
          // A thinned tile point stands for several stations.
          getColorWeight: (f) => f.weight ?? 1,
          colorAggregation: 'SUM',
          radius: 600,
          coverage: 0.88,
          extruded: false,
          opacity: 0.6 * opacity,
          colorRange: (theme === 'dark'
            ? [
                [8, 48, 107],
                [8, 81, 156],
                [33, 113, 181],
                [66, 146, 198],
                [107, 174, 214],
                [158, 202, 225],
              ]
            : [
                [222, 235, 247],
                [198, 219, 239],
                [158, 202, 225],
                [107, 174, 214],
                [49, 130, 189],
                [8, 81, 156],
              ]) as [number, number, number][],
          pickable: false,
        }),
        issueRing,
      ];
    }
    return [
      new ScatterplotLayer<Site>({
        id: '5g-stations-sites',
        data: features,
        getPosition: (f) => pointOf(f.geometry),
        getRadius: (f) => (f.properties.kind === 'macro' ? 5 : 3.5),
        radiusUnits: 'pixels',
        stroked: true,
        filled: true,
        getFillColor: (f) =>
          f.properties.kind === 'macro'
            ? statusColor(f.properties.status, theme, Math.round(230 * opacity))
            : [0, 0, 0, 0],
        getLineColor: (f) => statusColor(f.properties.status, theme, Math.round(255 * opacity)),
        lineWidthUnits: 'pixels',
        getLineWidth: (f) => (f.properties.kind === 'macro' ? 0.5 : 1.5),
        pickable: true,
        autoHighlight: true,
        updateTriggers: { getFillColor: [theme, opacity], getLineColor: [theme, opacity] },
      }),
      issueRing,
    ];
  },
  tooltip: (f, locale) => {
    const p = f.properties;
    const parts = [p.name, KIND[p.kind][locale], STATUS[p.status].label[locale]];
    if (p.issue && p.issue in ISSUE) parts.push(ISSUE[p.issue as keyof typeof ISSUE][locale]);
    return parts.join(' · ');
  },
  kpis: (features) => [
    { label: { 'zh-CN': '基站', en: 'Stations' }, value: features.length, unit: COUNT },
    {
      label: { 'zh-CN': '宏站', en: 'Macro' },
      value: features.filter((f) => f.properties.kind === 'macro').length,
      unit: COUNT,
    },
    {
      label: { 'zh-CN': '问题站点', en: 'Problem sites' },
      value: features.filter((f) => f.properties.issue).length,
      unit: COUNT,
    },
  ],
});
