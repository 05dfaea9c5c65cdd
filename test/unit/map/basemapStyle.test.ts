/**
 * The basemap's style is asked for as the app starts, and the map takes that answer when it
 * is made: one request, not two; a map made for another theme asks for its own style.
 */
// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BasemapConfig } from '../../../src/api/config';
import { basemapStyle, preloadBasemapStyle } from '../../../src/map/basemap';

const basemap = {
  type: 'style' as const,
  url: 'http://intranet.example/basemap/style-dark.json',
  lightUrl: 'http://intranet.example/basemap/style-light.json',
  crs: 'WGS84' as const,
} satisfies BasemapConfig;

const style = (name: string) => ({
  version: 8,
  name,
  sources: { land: { type: 'vector', tiles: ['tiles/{z}/{x}/{y}.pbf'] } },
  glyphs: 'fonts/{fontstack}/{range}.pbf',
  layers: [],
});

describe('the basemap style asked for at start', () => {
  let asked: string[];
  beforeEach(() => {
    asked = [];
    vi.stubGlobal('fetch', async (url: string) => {
      asked.push(url);
      return new Response(JSON.stringify(style(url.includes('light') ? 'light' : 'dark')));
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('is the one the map then draws, with no second request', async () => {
    preloadBasemapStyle(basemap, 'dark', '示意');
    const got = await basemapStyle(basemap, 'dark', undefined, '示意');
    expect(got.name).toBe('dark');
    // Its sources and fonts resolved against the style's own address, MapLibre's placeholders kept.
    expect((got.sources.land as { tiles: string[] }).tiles[0]).toBe(
      'http://intranet.example/basemap/tiles/{z}/{x}/{y}.pbf',
    );
    expect(got.glyphs).toBe('http://intranet.example/basemap/fonts/{fontstack}/{range}.pbf');
    expect(asked).toEqual([basemap.url]);
  });

  it('serves once: a later map (a theme switched back) asks again', async () => {
    preloadBasemapStyle(basemap, 'dark');
    await basemapStyle(basemap, 'dark');
    await basemapStyle(basemap, 'dark');
    expect(asked).toEqual([basemap.url, basemap.url]);
  });

  it('is not taken by a map of another theme, which asks for its own', async () => {
    preloadBasemapStyle(basemap, 'dark');
    const got = await basemapStyle(basemap, 'light');
    expect(got.name).toBe('light');
    expect(asked).toEqual([basemap.url, basemap.lightUrl]);
  });
});
