/**
 * The vector tiles of a point layer, decoded the way the browser decodes them
 * (@loaders.gl/mvt): at high zoom a tile holds exactly the layer's features inside it;
 * at low zoom it stays small and its counts add up to what it stands for.
 */
import { parse } from '@loaders.gl/core';
import { MVTLoader } from '@loaders.gl/mvt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Feature, LayerCatalog, type StationProps } from '@ioc/contract/contract';
import type { Api } from '../../mock-server/api';
import { BANTIAN, call, PINGHU, testApi } from './helpers';

type Decoded = { geometry: { coordinates: [number, number] }; properties: Record<string, unknown> }[];

/** Tile x/y of a lng/lat at zoom z (web mercator), computed here independently of the server. */
function tileOf(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [
    Math.floor(((lng + 180) / 360) * n),
    Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n),
  ];
}

async function tile(api: Api, z: number, x: number, y: number, query = '', token?: string) {
  const res = await api.handle(
    new Request(`http://mock.test/api/v1/layers/5g-stations/tiles/${z}/${x}/${y}.mvt${query}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    }),
  );
  const bytes = await res.arrayBuffer();
  const features =
    res.status === 200
      ? ((await parse(bytes, MVTLoader, {
          mvt: { shape: 'geojson', coordinates: 'wgs84', tileIndex: { x, y, z } },
          worker: false,
        })) as unknown as Decoded)
      : [];
  return { res, bytes: bytes.byteLength, features };
}

let api: Api;
let stations: Feature<StationProps>[];
const inTile = (z: number, x: number, y: number) =>
  stations.filter((s) => {
    const [tx, ty] = tileOf(...(s.geometry.coordinates as [number, number]), z);
    return tx === x && ty === y;
  });

beforeAll(async () => {
  api = testApi();
  stations = (await call<{ features: Feature<StationProps>[] }>(api, '/api/v1/layers/5g-stations/features'))
    .body.features;
});
afterAll(() => api.close());

describe('GET /layers advertises tiles', () => {
  it('for point layers, with a template relative to the API base', async () => {
    const catalog = LayerCatalog.parse((await call(api, '/api/v1/layers')).body);
    const byId = new Map(catalog.map((l) => [l.id, l]));
    expect(byId.get('5g-stations')?.tiles).toEqual({
      format: 'mvt',
      url: 'layers/5g-stations/tiles/{z}/{x}/{y}.mvt',
      minzoom: 0,
      maxzoom: 16,
      layer: '5g-stations',
    });
    expect(byId.get('demolition')?.tiles).toBeUndefined();
  });
});

describe('GET /layers/{id}/tiles/{z}/{x}/{y}.mvt', () => {
  it('at high zoom holds exactly the stations inside the tile, where they are, with their properties', async () => {
    const z = 15;
    const [x, y] = tileOf(...(stations[0]!.geometry.coordinates as [number, number]), z);
    const expected = inTile(z, x, y);
    expect(expected.length).toBeGreaterThan(0);
    const { res, features } = await tile(api, z, x, y);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    expect(features.map((f) => f.properties.id).sort()).toEqual(expected.map((s) => s.properties.id).sort());
    const byId = new Map(expected.map((s) => [s.properties.id, s]));
    for (const f of features) {
      const s = byId.get(f.properties.id as string)!;
      const [lng, lat] = s.geometry.coordinates as [number, number];
      // Within a metre (1e-5°): the tile index holds single-precision floats, whose step at
      // longitude 114° is 0.8 m, and one tile unit at z15 is about 30 cm.
      expect(Math.abs((f.geometry.coordinates[0] as number) - lng)).toBeLessThan(1e-5);
      expect(Math.abs((f.geometry.coordinates[1] as number) - lat)).toBeLessThan(1e-5);
      expect(f.properties).toMatchObject({
        name: s.properties.name,
        kind: s.properties.kind,
        status: s.properties.status,
        operator: s.properties.operator,
        regionId: s.properties.regionId,
      });
      expect(f.properties.issue).toBe(s.properties.issue);
      expect(f.properties.count).toBeUndefined();
    }
  });

  it('at low zoom stays small: at most 1,024 points, whose counts add up to the stations inside', async () => {
    const z = 9;
    const [x, y] = tileOf(114.25, 22.7, z);
    const expected = inTile(z, x, y);
    expect(expected.length).toBeGreaterThan(1024);
    const { features, bytes } = await tile(api, z, x, y);
    expect(features.length).toBeGreaterThan(100);
    expect(features.length).toBeLessThanOrEqual(1024);
    expect(bytes).toBeLessThan(expected.length * 40);
    const counts = features.map((f) => f.properties.count as number);
    expect(counts.every((c) => Number.isInteger(c) && c >= 1)).toBe(true);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(expected.length);
    // Every point kept is a real station of the tile.
    const ids = new Set(expected.map((s) => s.properties.id));
    expect(features.every((f) => ids.has(f.properties.id as string))).toBe(true);
  });

  it('a tile with no stations is empty', async () => {
    const { res, features } = await tile(api, 10, 0, 0);
    expect(res.status).toBe(200);
    expect(features).toEqual([]);
  });

  it('follows the scope rules of the features: region narrows, a street token sees only its street', async () => {
    const z = 11;
    const [x, y] = tileOf(114.25, 22.7, z);
    const all = inTile(z, x, y);
    const pinghu = all.filter((s) => s.properties.regionId === PINGHU);
    const scoped = await tile(api, z, x, y, `?region=${PINGHU}`);
    const scopedCount = scoped.features.reduce((a, f) => a + ((f.properties.count as number) ?? 1), 0);
    expect(scopedCount).toBe(pinghu.length);
    expect(scoped.features.every((f) => f.properties.regionId === PINGHU)).toBe(true);

    const token = `street-${PINGHU}`;
    const own = await tile(api, z, x, y, '', token);
    expect(own.features.every((f) => f.properties.regionId === PINGHU)).toBe(true);
    expect((await tile(api, z, x, y, `?region=${BANTIAN}`, token)).res.status).toBe(403);
    expect((await tile(api, z, x, y, '', 'no-such-token')).res.status).toBe(401);
  });

  it('refuses what is not a tile of a point layer', async () => {
    const status = async (path: string) => (await call(api, `/api/v1/layers/${path}`)).status;
    expect(await status('5g-stations/tiles/3/8/0.mvt')).toBe(400);
    expect(await status('5g-stations/tiles/x/0/0.mvt')).toBe(400);
    expect(await status('demolition/tiles/10/0/0.mvt')).toBe(404);
    expect(await status('nope/tiles/10/0/0.mvt')).toBe(404);
  });
});
