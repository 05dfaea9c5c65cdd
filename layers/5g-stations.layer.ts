/**
 * 5G base stations (10,346; 8,084 macro). At district zoom the 10 k sites read as
 * hexagons on a wall; zoomed in, each site is a dot coloured by construction status,
 * macro sites larger and filled, micro sites as rings. Problem sites always stand out.
 */
import { ScatterplotLayer } from '@deck.gl/layers';
import { StationProps } from '@ioc/contract/contract';
import { hexagons } from './kit/aggregation';
import { defineLayer, type LayerFeature, type RGBA, valueLabels, filterOptions, COUNT } from './kit/define';
import { keyed } from './kit/memo';
import { atZoom, byValue, single } from './kit/scale';
import { INK, pointOf, withOpacity } from './kit/style';

type Props = StationProps;
type Site = LayerFeature<Props>;

// Warm hues (yellow, orange, vermillion) mean event severity wherever events are drawn:
// construction status keeps to the cool ones.
const STATUS = {
  'on-air': { hue: 'green', label: { 'zh-CN': '已开通', en: 'On air' } },
  building: { hue: 'blue', label: { 'zh-CN': '建设中', en: 'Building' } },
  approved: { hue: 'sky', label: { 'zh-CN': '已审批', en: 'Approved' } },
  planned: { hue: 'purple', label: { 'zh-CN': '规划', en: 'Planned' } },
} as const satisfies Record<Props['status'], unknown>;
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
} satisfies Record<Props['operator'], unknown>;
const KIND = {
  macro: { 'zh-CN': '宏站', en: 'Macro' },
  micro: { 'zh-CN': '微站', en: 'Micro' },
} satisfies Record<Props['kind'], unknown>;
/** Below this zoom individual sites would overplot into noise. */
const SITES_FROM_ZOOM = 12.5;

const siteStatus = byValue((f: Site) => f.properties.status, STATUS, 'circle', 230);
const microRing = single(
  { label: { 'zh-CN': '微站（环）', en: 'Micro (ring)' }, hue: STATUS['on-air'].hue },
  'ring',
);
// A problem site rings in the map's own ink (white on the dark wall): never a severity colour.
const problemRing = single(
  {
    label: { 'zh-CN': '问题站点', en: 'Problem site' },
    color: (theme, alpha) => [...INK[theme].slice(0, 3), alpha] as RGBA,
  },
  'ring',
);
type RGB = [number, number, number];
const DENSITY: Record<'dark' | 'light', RGB[]> = {
  dark: [
    [8, 48, 107],
    [8, 81, 156],
    [33, 113, 181],
    [66, 146, 198],
    [107, 174, 214],
    [158, 202, 225],
  ],
  light: [
    [222, 235, 247],
    [198, 219, 239],
    [158, 202, 225],
    [107, 174, 214],
    [49, 130, 189],
    [8, 81, 156],
  ],
};
/** The hexagons are drawn at 60 % opacity. */
const DENSITY_ALPHA = 0.6;
const density = single(
  {
    label: { 'zh-CN': '基站密度（区级视图）', en: 'Density (district view)' },
    color: (theme, alpha) => [...DENSITY[theme][3]!, Math.round(alpha * DENSITY_ALPHA)] as RGBA,
  },
  'hexagon',
);
const problemsOf = keyed((features: Site[]) => features.filter((f) => f.properties.issue));

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
    ...atZoom(siteStatus.legend(theme), { minZoom: SITES_FROM_ZOOM }),
    ...atZoom(microRing.legend(theme), { minZoom: SITES_FROM_ZOOM }),
    ...problemRing.legend(theme),
    ...atZoom(density.legend(theme), { maxZoom: SITES_FROM_ZOOM }),
  ],
  buildLayers: ({ features, theme, opacity, zoom, selectedId }) => {
    const issueRing = new ScatterplotLayer<Site>({
      id: '5g-stations-issues',
      data: problemsOf(features),
      getPosition: (f) => pointOf(f.geometry),
      getRadius: 9,
      radiusUnits: 'pixels',
      stroked: true,
      filled: false,
      lineWidthUnits: 'pixels',
      getLineWidth: (f) => (f.properties.id === selectedId ? 4 : 2.5),
      getLineColor: withOpacity(problemRing(null, theme), opacity),
      pickable: true,
      updateTriggers: { getLineWidth: selectedId },
    });
    if (zoom < SITES_FROM_ZOOM) {
      return [
        ...hexagons<Site>({
          id: '5g-stations-density',
          data: features,
          getPosition: (f) => pointOf(f.geometry),
          // A thinned tile point stands for several stations.
          getColorWeight: (f) => f.weight ?? 1,
          colorAggregation: 'SUM',
          radius: 600,
          coverage: 0.88,
          extruded: false,
          opacity: DENSITY_ALPHA * opacity,
          colorRange: DENSITY[theme],
          // Ten thousand points bin in a few milliseconds on the CPU. On the GPU each binning
          // compiles programs of its own and reads the colour domain back synchronously, which
          // in software WebGL stalls the page until every queued compile is done.
          gpuAggregation: false,
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
          f.properties.kind === 'macro' ? withOpacity(siteStatus(f, theme), opacity) : [0, 0, 0, 0],
        getLineColor: (f) => siteStatus(f, theme, Math.round(255 * opacity)),
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
  roles: {
    rings: [
      {
        key: 'stations',
        label: { 'zh-CN': '5G基站', en: '5G stations' },
        measure: { kind: 'count' },
        rank: 80,
      },
    ],
    buildOut: { cause: 'issue' },
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
