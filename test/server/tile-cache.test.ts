/**
 * The embedded server keeps each tiled layer's index on disk beside its database: a restarted
 * server answers the same tiles (the same features, properties and positions) from the file
 * as the first one did from the database's rows, at a thinned zoom, a full zoom and scoped
 * to a street; and a layer whose update time moves (an import) is indexed again, not served
 * from the old file. The embedded database's index is read by binary COPY in the table's
 * order; it cuts the same tiles as one read row by row in ord order (PostgreSQL's way).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@loaders.gl/core';
import { MVTLoader } from '@loaders.gl/mvt';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../server/start';
import { TileIndexes } from '../../server/tiles/indexes';
import { serverOnFreshDatabase, testConfig } from './backends';

const PINGHU = '440307001';
const TILES: [number, number, number, string][] = [
  [11, 1673, 891, ''],
  [13, 6693, 3565, ''],
  [15, 26780, 14266, ''],
  [11, 1673, 891, `?region=${PINGHU}`],
];

const city = serverOnFreshDatabase('pglite');

type Decoded = { properties: Record<string, unknown>; geometry: { coordinates: number[] } }[];

async function tile(z: number, x: number, y: number, query: string): Promise<Decoded> {
  const res = await fetch(`${city.server.url}/api/v1/layers/5g-stations/tiles/${z}/${x}/${y}.mvt${query}`);
  expect(res.status).toBe(200);
  const features = (await parse(await res.arrayBuffer(), MVTLoader, {
    mvt: { shape: 'geojson', coordinates: 'wgs84', tileIndex: { x, y, z } },
    worker: false,
  })) as unknown as Decoded;
  return features
    .map((f) => ({ properties: f.properties, geometry: { coordinates: f.geometry.coordinates } }))
    .sort((a, b) => String(a.properties.id).localeCompare(String(b.properties.id)));
}

const all = () => Promise.all(TILES.map(([z, x, y, q]) => tile(z, x, y, q)));
const restart = () => city.restart();
const cacheFile = () => join(city.place.dataDir, 'tile-index', '5g-stations.idx');

const decode = async (bytes: Uint8Array, z: number, x: number, y: number) =>
  (
    (await parse(bytes.slice().buffer, MVTLoader, {
      mvt: { shape: 'geojson', coordinates: 'wgs84', tileIndex: { x, y, z } },
      worker: false,
    })) as unknown as Decoded
  ).map((f) => ({ properties: f.properties, geometry: { coordinates: f.geometry.coordinates } }));

describe('tile index read by COPY (embedded database)', () => {
  it('cuts the same tiles as an index read row by row', async () => {
    const db = city.server.ctx.db;
    expect(db.copyOut).toBeDefined();
    const [layer] = await db.query<{ version: string }>(
      "SELECT updated_at::text AS version FROM layers WHERE id = '5g-stations'",
    );
    const version = layer?.version as string;
    const byCopy = new TileIndexes(db);
    const byRows = new TileIndexes({ query: db.query });
    const street = city.server.ctx.regions.byId.get(PINGHU);
    for (const [z, x, y, q] of TILES) {
      const region = q && street ? street : city.server.ctx.regions.district;
      const [a, b] = await Promise.all([
        byCopy.tile('5g-stations', version, region, z, x, y),
        byRows.tile('5g-stations', version, region, z, x, y),
      ]);
      const features = await decode(a, z, x, y);
      expect(features.length, `${z}/${x}/${y}${q}`).toBeGreaterThan(0);
      expect(features).toEqual(await decode(b, z, x, y));
    }
  });

  it('cuts the same tiles from a layer whose ords are far apart, read either way', async () => {
    const db = city.server.ctx.db;
    const [layer] = await db.query<{ version: string }>(
      "SELECT updated_at::text AS version FROM layers WHERE id = '5g-stations'",
    );
    const cut = async (ix: TileIndexes, version: string) => {
      const out = [];
      for (const [z, x, y] of TILES.slice(0, 3))
        out.push(
          await decode(
            await ix.tile('5g-stations', version, city.server.ctx.regions.district, z, x, y),
            z,
            x,
            y,
          ),
        );
      return out;
    };
    const before = await cut(new TileIndexes(db), layer?.version as string);
    // The same order, numbered thousands apart: a span of ords too wide to read into slots
    // numbered by ord, so the points are read as they come and sorted.
    const renumber = async (to: string) => {
      await db.query(`UPDATE features SET ord = -1 - ord WHERE layer_id = '5g-stations'`);
      await db.query(`UPDATE features SET ord = ${to} WHERE layer_id = '5g-stations'`);
    };
    await renumber('(-1 - ord) * 5000 + 7');
    try {
      const [span] = await db.query<{ span: number }>(
        `SELECT max(ord) - min(ord) AS span FROM features WHERE layer_id = '5g-stations'`,
      );
      expect(span?.span).toBeGreaterThan(1 << 22);
      expect(await cut(new TileIndexes(db), 'sparse')).toEqual(before);
      expect(await cut(new TileIndexes({ query: db.query }), 'sparse')).toEqual(before);
    } finally {
      await renumber('((-1 - ord) - 7) / 5000');
    }
  });
});

describe('tile index kept on disk (embedded database)', () => {
  it('a restarted city.server answers the same tiles from the file as it did from the rows', async () => {
    const fromRows = await all();
    expect(existsSync(cacheFile())).toBe(true);
    for (const t of fromRows) expect(t.length).toBeGreaterThan(0);
    // Thinned (counts), full and scoped tiles all differ, so each is a real check.
    expect(fromRows[0]?.some((f) => typeof f.properties.count === 'number')).toBe(true);
    expect(fromRows[3]?.length).toBeLessThan(fromRows[0]?.length ?? 0);
    await restart();
    expect(await all()).toEqual(fromRows);
  });

  it('a layer whose update time moved is indexed again, not read from the old file', async () => {
    const [z, x, y] = TILES[2] as [number, number, number, string];
    const before = await tile(z, x, y, '');
    const gone = before[0]?.properties.id as string;
    await city.server.ctx.db.query(
      `DELETE FROM features WHERE layer_id = '5g-stations' AND props::jsonb->>'id' = $1`,
      [gone],
    );
    await city.server.ctx.db.query(
      `UPDATE layers SET updated_at = updated_at + interval '1 second' WHERE id = '5g-stations'`,
    );
    const after = await tile(z, x, y, '');
    expect(after.map((f) => f.properties.id)).toEqual(before.slice(1).map((f) => f.properties.id));
    await restart();
    expect(await tile(z, x, y, '')).toEqual(after);
  });

  it('the seed and import commands write the index beforehand (prepare)', async () => {
    const dir = join(city.place.dataDir, 'prepared');
    const prepared = await new TileIndexes(city.server.ctx.db, { cacheDir: dir }).prepare();
    expect(prepared).toContain('5g-stations');
    for (const id of prepared) expect(existsSync(join(dir, `${id}.idx`)), id).toBe(true);
    expect(readFileSync(join(dir, '5g-stations.idx'))).toEqual(readFileSync(cacheFile()));
  });

  it('a damaged file is built again from the rows', async () => {
    const fromRows = await all();
    await city.server.close();
    writeFileSync(cacheFile(), 'not an index');
    city.server = await startServer(testConfig(city.place));
    expect(await all()).toEqual(fromRows);
  });
});
