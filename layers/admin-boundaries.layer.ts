/**
 * The district, its streets and communities, with labels: the frame every other layer
 * sits in, and what a user clicks to scope the app. Labels are drawn by deck.gl because an
 * offline deployment has no glyph server for MapLibre's symbol layers.
 */
import { GeoJsonLayer, TextLayer } from '@deck.gl/layers';
import type { Feature, RegionProps } from '@ioc/contract/contract';
import { defineLayer, type LayerFeature, type Locale, type RGBA } from './kit/define';
import { declutter } from './kit/labels';
import { keyed } from './kit/memo';
import { single } from './kit/scale';
import { HALO, INK, LABEL_FONT, withOpacity } from './kit/style';

type Region = Feature<RegionProps>;

function nameOf(p: RegionProps, locale: Locale): string {
  return locale === 'en' && p.nameEn ? p.nameEn : p.name;
}

const LINE: Record<'dark' | 'light', RGBA> = { dark: [94, 234, 212, 220], light: [14, 116, 144, 220] };
/** The scope is outlined in the map's ink: yellow would read as a moderate event. */
const SCOPE: Record<'dark' | 'light', RGBA> = { dark: [255, 255, 255, 255], light: [15, 23, 42, 255] };
const street = single(
  { label: { 'zh-CN': '街道界线', en: 'Street boundary' }, color: (t) => LINE[t] },
  'line',
);
const community = single(
  { label: { 'zh-CN': '社区界线', en: 'Community boundary' }, color: (t) => withOpacity(LINE[t], 0.45) },
  'line',
);
const scope = single({ label: { 'zh-CN': '当前范围', en: 'Current scope' }, color: (t) => SCOPE[t] }, 'line');

/** Community lines and names only where they can be read: inside the scoped street or zoomed in. */
export const COMMUNITIES_FROM_ZOOM = 12.5;
const shownCommunities = keyed((communities: Region[], near: boolean, scopeStreet: string | null) =>
  communities.filter((c) => near || (scopeStreet && c.properties.parentId === scopeStreet)),
);
const scopedOf = keyed((streets: Region[], communities: Region[], scopeId: string | null) =>
  [...streets, ...communities].filter((f) => f.properties.id === scopeId),
);
/**
 * Street names at district scale; community names too once they can be read, where they
 * clear the street names and each other (the most populous first).
 */
const labelsOf = keyed(
  (
    streets: Region[],
    shown: Region[],
    near: boolean,
    scopeStreet: string | null,
    zoom: number,
    locale: Locale,
  ) =>
    declutter(
      [...(scopeStreet ? [] : streets), ...(near || scopeStreet ? shown : [])].filter(
        (f) => f.properties.center,
      ),
      {
        zoom,
        size: labelSize(scopeStreet),
        text: (f) => nameOf(f.properties, locale),
        at: (f) => f.properties.center!,
        priority: (f) => (f.properties.level === 'street' ? 1e9 : 0) + f.properties.population,
        keep: (f) => f.properties.level === 'street',
      },
    ),
);
const labelSize = (scopeStreet: string | null) => (scopeStreet ? 13 : 15);
const NONE: Region[] = [];

export default defineLayer<RegionProps>({
  id: 'admin-boundaries',
  title: { 'zh-CN': '行政区划', en: 'Administrative boundaries' },
  group: { 'zh-CN': '基础底图', en: 'Base' },
  order: 90,
  defaultVisible: true,
  geometry: 'Polygon',
  source: { kind: 'regions', levels: ['street', 'community'] },
  fields: [
    { key: 'population', label: { 'zh-CN': '人口', en: 'Population' }, unit: { 'zh-CN': '人', en: '' } },
    { key: 'areaKm2', label: { 'zh-CN': '面积', en: 'Area' }, unit: { 'zh-CN': '平方公里', en: 'km²' } },
  ],
  filters: [],
  legend: (theme) => [...street.legend(theme), ...community.legend(theme), ...scope.legend(theme)],
  buildLayers: ({ regions, theme, locale, opacity, scopeId, zoom }) => {
    const streets = regions.street ?? NONE;
    const communities = regions.community ?? NONE;
    const scopeStreet = scopeId?.slice(0, 9) ?? null;
    const near = zoom >= COMMUNITIES_FROM_ZOOM;
    const communityLines = shownCommunities(communities, near, scopeStreet);
    const labels = labelsOf(streets, communityLines, near, scopeStreet, Math.round(zoom * 4) / 4, locale);
    return [
      new GeoJsonLayer<RegionProps>({
        id: 'admin-boundaries-communities',
        data: communityLines as never,
        stroked: true,
        filled: true,
        pickable: true,
        getFillColor: [0, 0, 0, 0],
        getLineColor: withOpacity(community(null, theme), opacity),
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
        autoHighlight: true,
        highlightColor: [56, 189, 248, 50],
      }),
      new GeoJsonLayer<RegionProps>({
        id: 'admin-boundaries-streets',
        data: streets as never,
        stroked: true,
        filled: true,
        pickable: true,
        getFillColor:
          theme === 'dark'
            ? [56, 189, 248, Math.round(18 * opacity)]
            : [14, 116, 144, Math.round(14 * opacity)],
        getLineColor: withOpacity(street(null, theme), opacity),
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
        autoHighlight: !scopeStreet,
        highlightColor: theme === 'dark' ? [56, 189, 248, 60] : [14, 116, 144, 40],
      }),
      new GeoJsonLayer<RegionProps>({
        id: 'admin-boundaries-scope',
        data: scopedOf(streets, communities, scopeId) as never,
        stroked: true,
        filled: false,
        getLineColor: scope(null, theme),
        lineWidthUnits: 'pixels',
        getLineWidth: 4,
      }),
      new TextLayer<Region>({
        id: 'admin-boundaries-labels',
        data: labels,
        getPosition: (f) => f.properties.center!,
        getText: (f) => nameOf(f.properties, locale),
        getSize: labelSize(scopeStreet),
        sizeUnits: 'pixels',
        getColor: withOpacity(INK[theme], Math.max(0.6, opacity)),
        fontFamily: LABEL_FONT,
        fontWeight: 600,
        characterSet: 'auto',
        outlineWidth: 3,
        outlineColor: HALO[theme],
        fontSettings: { sdf: true },
        updateTriggers: { getText: locale },
      }),
    ];
  },
  roles: {
    click: 'scope',
    rings: [
      {
        key: 'residents',
        label: { 'zh-CN': '人口(估)', en: 'Residents (est.)' },
        measure: { kind: 'residents', population: 'population', areaKm2: 'areaKm2' },
        rank: 10,
      },
    ],
  },
  tooltip: (f: LayerFeature<RegionProps>, locale) => {
    const p = f.properties;
    const pop = (p.population / 10_000).toFixed(1);
    return `${nameOf(p, locale)} · ${locale === 'en' ? `${pop} × 10k residents` : `人口 ${pop} 万`}`;
  },
});
