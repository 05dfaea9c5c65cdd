/**
 * Turns the configured basemap into a MapLibre style: a style document (ours in public/,
 * or an intranet one), an XYZ raster service, or a raster PMTiles archive. Everything is
 * fetched from the configured host only.
 */
import type { StyleSpecification } from 'maplibre-gl';
import { addProtocol } from 'maplibre-gl';
import type { BasemapConfig, Theme } from '../api/config';

// The PMTiles reader loads only for a basemap that uses it, not for every first frame.
let pmtilesRegistered: Promise<void> | undefined;
function ensurePmtilesProtocol(): Promise<void> {
  pmtilesRegistered ??= import('pmtiles').then(({ Protocol }) => {
    addProtocol('pmtiles', new Protocol().tile);
  });
  return pmtilesRegistered;
}

const BACKGROUND: Record<Theme, string> = { dark: '#0b1524', light: '#eef1f5' };

type RasterSource = { tiles: string[]; maxzoom: number } | { url: string };

function rasterStyle(
  source: RasterSource,
  tileSize: number,
  attribution: string,
  theme: Theme,
): StyleSpecification {
  return {
    version: 8,
    sources: { basemap: { type: 'raster', ...source, tileSize, attribution } },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': BACKGROUND[theme] } },
      {
        id: 'basemap',
        type: 'raster',
        source: 'basemap',
        // Dim a daytime raster for the video wall rather than requiring a second tile set.
        paint: theme === 'dark' ? { 'raster-brightness-max': 0.45, 'raster-saturation': -0.6 } : {},
      },
    ],
  };
}

function absolutise(value: unknown, base: string): unknown {
  // URL() escapes the braces of MapLibre's {z}, {x}, {y}, {fontstack} and {range}: put back.
  return typeof value === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(value)
    ? new URL(value, base).toString().replace(/%7B(\w+)%7D/gi, '{$1}')
    : value;
}

/** Style documents may name their sources relative to themselves; MapLibre needs absolute URLs. */
export function resolveStyleUrls(style: StyleSpecification, styleUrl: string): StyleSpecification {
  const sources: StyleSpecification['sources'] = {};
  for (const [id, src] of Object.entries(style.sources)) {
    const s = { ...src } as Record<string, unknown>;
    if ('data' in s) s.data = absolutise(s.data, styleUrl);
    if ('url' in s) s.url = absolutise(s.url, styleUrl);
    if (Array.isArray(s.tiles)) s.tiles = s.tiles.map((t) => absolutise(t, styleUrl));
    sources[id] = s as unknown as StyleSpecification['sources'][string];
  }
  const out: StyleSpecification = { ...style, sources };
  if (typeof style.sprite === 'string') out.sprite = absolutise(style.sprite, styleUrl) as string;
  if (style.glyphs) out.glyphs = absolutise(style.glyphs, styleUrl) as string;
  return out;
}

/**
 * The embedded basemap (its style names its sources in `metadata["ioc:attribution"]`) credits
 * them in the UI's language; any other style keeps the attribution its publisher wrote.
 */
function localiseAttribution(style: StyleSpecification, text: string | undefined): StyleSpecification {
  const meta = style.metadata as Record<string, unknown> | undefined;
  if (!text || !meta?.['ioc:attribution']) return style;
  const sources = Object.fromEntries(
    Object.entries(style.sources).map(([id, s]) => [
      id,
      'attribution' in s ? { ...s, attribution: text } : s,
    ]),
  );
  return { ...style, sources };
}

export async function loadBasemapStyle(
  basemap: BasemapConfig,
  theme: Theme,
  signal?: AbortSignal,
  embeddedAttribution?: string,
): Promise<StyleSpecification> {
  switch (basemap.type) {
    case 'raster':
      return rasterStyle(
        { tiles: basemap.tiles, maxzoom: basemap.maxzoom },
        basemap.tileSize,
        basemap.attribution,
        theme,
      );
    case 'pmtiles':
      await ensurePmtilesProtocol();
      // The protocol reads the archive header as TileJSON, so zoom range and bounds come from the file.
      return rasterStyle({ url: `pmtiles://${basemap.url}` }, 256, basemap.attribution, theme);
    case 'style': {
      const url = theme === 'light' && basemap.lightUrl ? basemap.lightUrl : basemap.url;
      const res = await fetch(url, { signal });
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      const text = await res.text();
      if (text.includes('pmtiles://')) await ensurePmtilesProtocol();
      return localiseAttribution(
        resolveStyleUrls(JSON.parse(text) as StyleSpecification, url),
        embeddedAttribution,
      );
    }
  }
}

/** The first screen's style, asked for before the map exists (`preloadBasemapStyle`). */
let preloaded: { key: string; style: Promise<StyleSpecification> } | null = null;
const styleKey = (basemap: BasemapConfig, theme: Theme, attribution?: string) =>
  JSON.stringify([basemap, theme, attribution ?? null]);

/**
 * Asks for the basemap's style as the app starts: the map is made only after React's first
 * render, and on two busy cores its style's answer then waited behind that render and the
 * first data (1.2–1.3 s for a few kilobytes), holding back every basemap tile.
 */
export function preloadBasemapStyle(basemap: BasemapConfig, theme: Theme, attribution?: string): void {
  const style = loadBasemapStyle(basemap, theme, undefined, attribution);
  // A failure is the map's to show, when it asks (basemapStyle).
  style.catch(() => {});
  preloaded = { key: styleKey(basemap, theme, attribution), style };
}

/** The map's style: the preloaded one the first time it fits, else asked for now. */
export function basemapStyle(
  basemap: BasemapConfig,
  theme: Theme,
  signal?: AbortSignal,
  attribution?: string,
): Promise<StyleSpecification> {
  const early = preloaded;
  preloaded = null;
  return early?.key === styleKey(basemap, theme, attribution)
    ? early.style
    : loadBasemapStyle(basemap, theme, signal, attribution);
}
