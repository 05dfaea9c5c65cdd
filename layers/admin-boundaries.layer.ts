/**
 * The district, its streets and communities, with labels: the frame every other layer
 * sits in, and what a user clicks to scope the app. Labels are drawn by deck.gl because an
 * offline deployment has no glyph server for MapLibre's symbol layers.
 */
import { GeoJsonLayer, TextLayer } from '@deck.gl/layers';
import type { Feature, RegionProps } from '../src/api/contract';
import { defineLayer, type LayerFeature, type Locale, type RGBA } from './kit/define';
import { HALO, INK, LABEL_FONT, withOpacity } from './kit/style';

type Region = Feature<RegionProps>;

function nameOf(p: RegionProps, locale: Locale): string {
  return locale === 'en' && p.nameEn ? p.nameEn : p.name;
}

const LINE: Record<'dark' | 'light', RGBA> = { dark: [94, 234, 212, 220], light: [14, 116, 144, 220] };
const SCOPE: Record<'dark' | 'light', RGBA> = { dark: [253, 224, 71, 255], light: [180, 83, 9, 255] };

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
  legend: (theme) => [
    { label: { 'zh-CN': '街道界线', en: 'Street boundary' }, color: LINE[theme], shape: 'line' },
    {
      label: { 'zh-CN': '社区界线', en: 'Community boundary' },
      color: withOpacity(LINE[theme], 0.45),
      shape: 'line',
    },
    { label: { 'zh-CN': '当前范围', en: 'Current scope' }, color: SCOPE[theme], shape: 'line' },
  ],
  buildLayers: ({ regions, theme, locale, opacity, scopeId, zoom }) => {
    const streets = regions.street ?? [];
    const communities = regions.community ?? [];
    const inScope = (f: Region) => f.properties.id === scopeId;
    const scoped = [...streets, ...communities].filter(inScope);
    // Community lines and names only where they can be read: inside the scoped street or zoomed in.
    const scopeStreet = scopeId?.slice(0, 9) ?? null;
    const shownCommunities = communities.filter(
      (c) => zoom >= 12.5 || (scopeStreet && c.properties.parentId === scopeStreet),
    );
    // Street names at district scale; community names too once they can be read.
    const labels = [
      ...(scopeStreet ? [] : streets),
      ...(zoom >= 12.5 || scopeStreet ? shownCommunities : []),
    ].filter((f) => f.properties.center);
    return [
      new GeoJsonLayer<RegionProps>({
        id: 'admin-boundaries-communities',
        data: { type: 'FeatureCollection', features: shownCommunities } as never,
        stroked: true,
        filled: true,
        pickable: true,
        getFillColor: [0, 0, 0, 0],
        getLineColor: withOpacity(LINE[theme], 0.45 * opacity),
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
        autoHighlight: true,
        highlightColor: [56, 189, 248, 50],
      }),
      new GeoJsonLayer<RegionProps>({
        id: 'admin-boundaries-streets',
        data: { type: 'FeatureCollection', features: streets } as never,
        stroked: true,
        filled: true,
        pickable: true,
        getFillColor:
          theme === 'dark'
            ? [56, 189, 248, Math.round(18 * opacity)]
            : [14, 116, 144, Math.round(14 * opacity)],
        getLineColor: withOpacity(LINE[theme], opacity),
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
        autoHighlight: !scopeStreet,
        highlightColor: theme === 'dark' ? [56, 189, 248, 60] : [14, 116, 144, 40],
      }),
      new GeoJsonLayer<RegionProps>({
        id: 'admin-boundaries-scope',
        data: { type: 'FeatureCollection', features: scoped } as never,
        stroked: true,
        filled: false,
        getLineColor: SCOPE[theme],
        lineWidthUnits: 'pixels',
        getLineWidth: 4,
      }),
      new TextLayer<Region>({
        id: 'admin-boundaries-labels',
        data: labels,
        getPosition: (f) => f.properties.center!,
        getText: (f) => nameOf(f.properties, locale),
        getSize: scopeStreet ? 13 : 15,
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
  tooltip: (f: LayerFeature<RegionProps>, locale) => {
    const p = f.properties;
    const pop = (p.population / 10_000).toFixed(1);
    return `${nameOf(p, locale)} · ${locale === 'en' ? `${pop} × 10k residents` : `人口 ${pop} 万`}`;
  },
});
