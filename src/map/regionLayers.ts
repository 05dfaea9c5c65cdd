/**
 * The district and its streets drawn from GET /regions: the frame every other layer sits
 * in, and what a user clicks to scope the app. Labels are drawn by deck.gl because an
 * offline deployment has no glyph server for MapLibre's symbol layers.
 */
import type { Layer } from '@deck.gl/core';
import { GeoJsonLayer, TextLayer } from '@deck.gl/layers';
import type { Locale, Theme } from '../api/config';
import type { Feature, RegionCollection, RegionProps } from '../api/contract';

const PALETTE = {
  dark: {
    line: [94, 234, 212, 220],
    fill: [56, 189, 248, 18],
    text: [226, 240, 255, 255],
    halo: [5, 12, 24, 230],
  },
  light: {
    line: [14, 116, 144, 220],
    fill: [14, 116, 144, 14],
    text: [15, 23, 42, 255],
    halo: [255, 255, 255, 230],
  },
} as const satisfies Record<Theme, Record<string, [number, number, number, number]>>;

export const LABEL_FONT =
  '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

export function regionName(p: RegionProps, locale: Locale): string {
  return locale === 'en' && p.nameEn ? p.nameEn : p.name;
}

export function buildRegionLayers(
  streets: RegionCollection | undefined,
  theme: Theme,
  locale: Locale,
  scopeId: string | null,
): Layer[] {
  if (!streets) return [];
  const c = PALETTE[theme];
  const labelled = streets.features.filter((f) => f.properties.center);
  const scoped = scopeId ? streets.features.filter((f) => f.properties.id === scopeId) : [];
  return [
    new GeoJsonLayer<RegionProps>({
      id: 'regions-streets',
      data: streets as never,
      stroked: true,
      filled: true,
      pickable: true,
      getFillColor: [...c.fill],
      getLineColor: [...c.line],
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      autoHighlight: true,
      highlightColor: theme === 'dark' ? [56, 189, 248, 60] : [14, 116, 144, 40],
    }),
    // The scoped street stands out with a heavy outline.
    new GeoJsonLayer<RegionProps>({
      id: 'regions-scope',
      data: { type: 'FeatureCollection', features: scoped } as never,
      stroked: true,
      filled: false,
      getLineColor: theme === 'dark' ? [253, 224, 71, 255] : [180, 83, 9, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 4,
    }),
    new TextLayer<Feature<RegionProps>>({
      id: 'regions-street-labels',
      data: labelled,
      getPosition: (f) => f.properties.center!,
      getText: (f) => regionName(f.properties, locale),
      getSize: 15,
      sizeUnits: 'pixels',
      sizeMinPixels: 11,
      sizeMaxPixels: 28,
      getColor: [...c.text],
      fontFamily: LABEL_FONT,
      fontWeight: 600,
      characterSet: 'auto',
      outlineWidth: 3,
      outlineColor: [...c.halo],
      fontSettings: { sdf: true },
      updateTriggers: { getText: locale },
    }),
  ];
}
