/**
 * The first view's tiles are asked for before deck.gl holds the layer: only worth it when
 * they are the very tiles deck.gl's TileLayer then asks for, so the rule is checked against
 * deck.gl's own choice (Tileset2D) over views of the demo city and a wall's sizes.
 */
import { WebMercatorViewport } from '@deck.gl/core';
import { _Tileset2D as Tileset2D } from '@deck.gl/geo-layers';
import { describe, expect, it } from 'vitest';
import { viewTiles } from '../../../src/catalog/tilePrefetch';

const TILES = { minzoom: 0, maxzoom: 16 };
const key = (t: { x: number; y: number; z: number }) => `${t.z}/${t.x}/${t.y}`;

function deckChoice(center: [number, number], zoom: number, width: number, height: number): string[] {
  const tileset = new Tileset2D({ getTileData: () => null, minZoom: TILES.minzoom, maxZoom: TILES.maxzoom });
  const viewport = new WebMercatorViewport({
    longitude: center[0],
    latitude: center[1],
    zoom,
    width,
    height,
  });
  return tileset
    .getTileIndices({ viewport, minZoom: TILES.minzoom, maxZoom: TILES.maxzoom, zRange: null })
    .map(key)
    .sort();
}

describe("the first view's tiles", () => {
  const views: [[number, number], number, number, number][] = [
    [[114.19, 22.69], 12.6, 1120, 1000],
    [[114.19, 22.69], 12.6, 1920, 1080],
    [[114.0579, 22.5431], 15, 1280, 720],
    [[113.93, 22.52], 10.4, 3840, 2160],
    [[114.3, 22.6], 16.7, 800, 600],
  ];
  it.each(views)('are the tiles deck.gl picks (%s at zoom %s, %s×%s)', (center, zoom, width, height) => {
    const camera = { center, zoom, bearing: 0, pitch: 0 };
    const ours = viewTiles(camera, width, height, TILES).map(key).sort();
    expect(ours.length).toBeGreaterThan(0);
    expect(ours).toEqual(deckChoice(center, zoom, width, height));
  });

  it('are none for a tilted or turned view, a view with no size, or below the tileset', () => {
    const camera = { center: [114.19, 22.69] as [number, number], zoom: 12.6, bearing: 0, pitch: 0 };
    expect(viewTiles({ ...camera, pitch: 40 }, 1920, 1080, TILES)).toEqual([]);
    expect(viewTiles({ ...camera, bearing: 15 }, 1920, 1080, TILES)).toEqual([]);
    expect(viewTiles(camera, 0, 1080, TILES)).toEqual([]);
    expect(viewTiles(camera, 1920, 1080, { minzoom: 14, maxzoom: 16 })).toEqual([]);
    // Above the tileset's zoom, its deepest tiles (fewer, larger).
    expect(
      viewTiles({ ...camera, zoom: 15 }, 1920, 1080, { minzoom: 0, maxzoom: 12 }).every((t) => t.z === 12),
    ).toBe(true);
  });
});
