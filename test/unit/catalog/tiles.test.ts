import { describe, expect, it } from 'vitest';
import type { LayerTiles } from '@ioc/contract/contract';
import { StationProps } from '@ioc/contract/contract';
import { convertPoint } from '../../../src/api/crs';
import type { CatalogEntry } from '../../../src/catalog/entries';
import { findLayer } from '../../../src/catalog/registry';
import { localToLngLat, tileFeatures, tilesFor, tileTemplate } from '../../../src/catalog/tiles';

const TILES: LayerTiles = {
  format: 'mvt',
  url: 'layers/5g-stations/tiles/{z}/{x}/{y}.mvt',
  minzoom: 0,
  maxzoom: 16,
  layer: '5g-stations',
};

function entry(id: string, count: number, tiles: LayerTiles | null = TILES): CatalogEntry {
  const def = findLayer(id)!;
  return {
    def,
    info: {
      id,
      title: id,
      group: 'g',
      geometry: def.geometry,
      count,
      updatedAt: '2026-11-01T00:00:00+08:00',
      fields: [],
      ...(tiles ? { tiles } : {}),
    },
  };
}

describe('which layers draw from tiles', () => {
  it('a point layer with tiles and more features than the threshold', () => {
    expect(tilesFor(entry('5g-stations', 1_034_600), 200_000)).toEqual(TILES);
    expect(tilesFor(entry('5g-stations', 10_346), 200_000)).toBeNull();
    expect(tilesFor(entry('5g-stations', 1_034_600, null), 200_000)).toBeNull();
    // Polygons keep GeoJSON whatever the API offers.
    expect(tilesFor(entry('demolition', 1_000_000), 200_000)).toBeNull();
  });
});

describe('tile URL templates', () => {
  const base = 'http://ioc.intranet/api/v1';
  it('resolve against the API base and keep the {z}/{x}/{y} placeholders', () => {
    expect(tileTemplate(base, TILES, null)).toBe(`${base}/layers/5g-stations/tiles/{z}/{x}/{y}.mvt`);
    expect(tileTemplate(base, { ...TILES, url: '/tiles/stations/{z}/{x}/{y}' }, null)).toBe(
      'http://ioc.intranet/tiles/stations/{z}/{x}/{y}',
    );
    const martin = 'https://tiles.intranet/stations/{z}/{x}/{y}?v=2';
    expect(tileTemplate(base, { ...TILES, url: martin }, null)).toBe(martin);
  });
  it('carry the scope as region=', () => {
    expect(tileTemplate(base, TILES, '440307001')).toMatch(/\.mvt\?region=440307001$/);
    expect(tileTemplate(base, { ...TILES, url: 'https://t/{z}/{x}/{y}?v=2' }, '440307001')).toBe(
      'https://t/{z}/{x}/{y}?v=2&region=440307001',
    );
  });
});

describe('tile features', () => {
  it('tile-local positions land on the web-mercator square of the tile', () => {
    expect(localToLngLat([0.5, 0.5], { x: 0, y: 0, z: 0 })).toEqual([0, 0]);
    const [lng, lat] = localToLngLat([0, 0], { x: 0, y: 0, z: 0 });
    expect(lng).toBe(-180);
    expect(lat).toBeCloseTo(85.0511, 4);
    const [east, south] = localToLngLat([1, 1], { x: 1, y: 1, z: 1 });
    expect(east).toBeCloseTo(180, 9);
    expect(south).toBeCloseTo(-85.0511, 4);
  });

  it("are validated with the layer's schema, moved to the basemap CRS, and converted once per tile", () => {
    const index = { x: 6694, y: 3565, z: 13 };
    const props = {
      id: 'BS1',
      name: '站1',
      regionId: '440307001',
      kind: 'macro',
      operator: 'CMCC',
      status: 'on-air',
    };
    const content = [
      { type: 'Feature', geometry: { type: 'Point', coordinates: [0.25, 0.75] }, properties: props },
      // A status the layer does not know: skipped, not drawn with a broken colour.
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [0.5, 0.5] },
        properties: { ...props, id: 'BS2', status: 'exploded' },
      },
    ];
    const features = tileFeatures(content, index, StationProps, 'GCJ02', 'WGS84');
    expect(features.map((f) => f.properties.id)).toEqual(['BS1']);
    const expected = convertPoint(localToLngLat([0.25, 0.75], index), 'GCJ02', 'WGS84');
    expect(features[0]!.geometry).toEqual({ type: 'Point', coordinates: expected });
    expect(tileFeatures(content, index, StationProps, 'GCJ02', 'WGS84')).toBe(features);
    const same = tileFeatures(content, index, StationProps, 'WGS84', 'WGS84');
    expect(same[0]!.geometry).toEqual({ type: 'Point', coordinates: localToLngLat([0.25, 0.75], index) });
  });

  it('carry how many stations a thinned point stands for, so densities stay true', () => {
    const index = { x: 53, y: 27, z: 6 };
    const base = { name: '站', regionId: '440307001', kind: 'micro', operator: 'CTCC', status: 'building' };
    const content = [
      { geometry: { type: 'Point', coordinates: [0.1, 0.1] }, properties: { ...base, id: 'A', count: 37 } },
      { geometry: { type: 'Point', coordinates: [0.2, 0.2] }, properties: { ...base, id: 'B' } },
    ];
    const features = tileFeatures(content, index, StationProps, 'WGS84', 'WGS84');
    expect(features.map((f) => [f.properties.id, f.weight ?? 1])).toEqual([
      ['A', 37],
      ['B', 1],
    ]);
  });
});
