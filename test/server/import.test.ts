/**
 * Importing GIS files as layers, on both backends: a WGS84 GeoJSON, a GCJ-02 CSV with a bad
 * row, a KML and a zipped Shapefile with GBK names (.cpg 936) and a .prj become catalog
 * layers whose features lie within a metre of the source once converted back; their fields
 * and enum values are inferred; a re-import replaces the layer in one transaction, and a
 * file that cannot be read, or an import that fails half-way, leaves the old layer as it
 * was. A large point layer is served as vector tiles. `npm run import` reports each bad row.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from '@loaders.gl/core';
import { MVTLoader } from '@loaders.gl/mvt';
import distance from '@turf/distance';
import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import { AnyFeatureCollection, LayerCatalog, type LayerInfo } from '@ioc/contract/contract';
import { ImportError, readLayerFile } from '../../server/import/read';
import { importLayer } from '../../server/import/write';
import { startServer } from '../../server/start';
import { gbkShapefileZip } from '../unit/userLayers/fixtures';
import { backends, serverOnFreshDatabase, testConfig } from './backends';
import { get } from './http';

const dir = mkdtempSync(join(tmpdir(), 'ioc-import-'));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/** Three clinics in WGS84, as a GPS survey would give them. */
const CLINICS: [number, number][] = [
  [114.2501, 22.7203],
  [114.1302, 22.6905],
  [114.3004, 22.7506],
];
const GEOJSON = file(
  'clinics.geojson',
  JSON.stringify({
    type: 'FeatureCollection',
    features: CLINICS.map((coordinates, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates },
      properties: {
        名称: `诊所${i + 1}`,
        等级: i === 2 ? '二级' : '一级',
        床位: 10 * (i + 1),
        开业: `2025-0${i + 1}-01T08:00:00+08:00`,
      },
    })),
  }),
);
/** GCJ-02 positions, as an AMap export writes them; line 4 is broken. */
const CSV = file(
  'hydrants.csv',
  '编号,名称,经度,纬度,状态\nH1,消防栓1,114.2512,22.7181,正常\nH2,消防栓2,114.1345,22.6898,维修\nH3,坏行,abc,22.7,正常\nH4,消防栓4,114.3021,22.7477,正常\n',
);
const KML = file(
  'route.kml',
  `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>
   <Placemark><name>巡查路线</name><LineString><coordinates>114.20,22.70,0 114.22,22.71,0 114.24,22.70,0</coordinates></LineString></Placemark>
   </Document></kml>`,
);
const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["Degree",0.017453292519943295]]';
const SHAPEFILE = file('hospitals.zip', gbkShapefileZip('936', WGS84_PRJ));
const BROKEN = file('broken.geojson', '{"type":"FeatureCollection","features":[\n{"type":"Feature",\n');

/** Metres between a served (GCJ-02) position and a source position in `crs`. */
function offsetM(served: number[], source: number[], crs: 'WGS84' | 'GCJ02'): number {
  const back =
    crs === 'GCJ02'
      ? served
      : (gcoord.transform(served as [number, number], gcoord.GCJ02, gcoord.WGS84) as number[]);
  return distance(back as [number, number], source as [number, number], { units: 'kilometers' }) * 1000;
}

describe.each(backends())('importing layers on %s', (backend) => {
  const city = serverOnFreshDatabase(backend);
  const catalog = async () => LayerCatalog.parse((await get(city.server.url, '/layers')).body);
  const entry = async (id: string) => (await catalog()).find((l) => l.id === id);
  const features = async (id: string, query = '') =>
    AnyFeatureCollection.parse((await get(city.server.url, `/layers/${id}/features${query}`)).body).features;
  const load = async (path: string, id: string, crs: 'WGS84' | 'GCJ02', title = id) => {
    const read = await readLayerFile(path, crs, title);
    return importLayer(city.server.ctx.db, city.server.ctx.regions, {
      id,
      title,
      group: '测试导入',
      source: path,
      geometry: read.geometry,
      fields: read.fields,
      features: read.features,
    });
  };

  it('a WGS84 GeoJSON: in the catalog with its count and fields, positions within a metre', async () => {
    expect(await load(GEOJSON, 'clinics', 'WGS84', '社区诊所')).toMatchObject({ count: 3, replaced: false });
    const info = (await entry('clinics')) as LayerInfo;
    expect(info).toMatchObject({ title: '社区诊所', group: '测试导入', geometry: 'Point', count: 3 });
    expect(info.tiles).toBeUndefined();
    const field = (key: string) => info.fields.find((f) => f.key === key);
    expect(field('等级')).toEqual({ key: '等级', label: '等级', type: 'enum', values: ['一级', '二级'] });
    expect(field('床位')?.type).toBe('integer');
    expect(field('开业')?.type).toBe('datetime');
    const served = await features('clinics');
    expect(served.map((f) => f.properties.name)).toEqual(['诊所1', '诊所2', '诊所3']);
    served.forEach((f, i) => {
      const at = f.geometry.coordinates as number[];
      // Converted to the data CRS (GCJ-02 is hundreds of metres off WGS84 here)…
      expect(offsetM(at, CLINICS[i] as number[], 'GCJ02')).toBeGreaterThan(100);
      // …and back within a metre of the source.
      expect(offsetM(at, CLINICS[i] as number[], 'WGS84')).toBeLessThan(1);
    });
    expect(served.map((f) => f.properties.regionId)).toEqual(['440307008', '440307001', '440307009']);
    // Filters by the inferred enum and by street, like any layer.
    expect((await features('clinics', '?等级=二级')).map((f) => f.properties.name)).toEqual(['诊所3']);
    expect((await features('clinics', '?region=440307001')).map((f) => f.properties.name)).toEqual(['诊所2']);
  });

  it('a GCJ-02 CSV: the broken row is reported by its line, the rest land where the file says', async () => {
    const read = await readLayerFile(CSV, 'GCJ02', '消防栓');
    expect(read.skipped).toEqual([{ row: 4, reason: 'coordinates' }]);
    await load(CSV, 'hydrants', 'GCJ02');
    const served = await features('hydrants');
    expect(served.map((f) => f.properties.id)).toEqual(['H1', 'H2', 'H4']);
    expect(offsetM(served[0]?.geometry.coordinates as number[], [114.2512, 22.7181], 'GCJ02')).toBeLessThan(
      1,
    );
    expect(offsetM(served[2]?.geometry.coordinates as number[], [114.3021, 22.7477], 'GCJ02')).toBeLessThan(
      1,
    );
    expect((await entry('hydrants'))?.fields.find((f) => f.key === '状态')).toMatchObject({
      type: 'enum',
      values: ['正常', '维修'],
    });
  });

  it('a zipped Shapefile with GBK names and a .prj, and a KML line', async () => {
    await load(SHAPEFILE, 'hospitals', 'WGS84');
    const served = await features('hospitals');
    expect(served.map((f) => f.properties.NAME)).toEqual(['平湖站', '湖站']);
    expect(served.map((f) => f.properties.BEDS)).toEqual([120, 30]);
    expect(offsetM(served[0]?.geometry.coordinates as number[], [114.25, 22.72], 'WGS84')).toBeLessThan(1);
    expect(offsetM(served[1]?.geometry.coordinates as number[], [114.3, 22.7], 'WGS84')).toBeLessThan(1);
    await load(KML, 'route', 'WGS84');
    expect(await entry('route')).toMatchObject({ geometry: 'LineString', count: 1 });
    const [line] = await features('route');
    expect(line?.properties.name).toBe('巡查路线');
    expect(
      offsetM((line?.geometry.coordinates as number[][] | undefined)?.[1] ?? [], [114.22, 22.71], 'WGS84'),
    ).toBeLessThan(1);
  });

  it('a re-import replaces the layer; a broken file or a failure half-way changes nothing', async () => {
    const before = await entry('hydrants');
    const rows = await features('hydrants');
    await expect(readLayerFile(BROKEN, 'WGS84', 'x')).rejects.toThrow(ImportError);
    await expect(readLayerFile(BROKEN, 'WGS84', 'x')).rejects.toThrow(/not valid JSON, near line 3/u);
    // A failure inside the transaction, after the old features were deleted: a repeated id.
    const read = await readLayerFile(CSV, 'GCJ02', 'x');
    const twice = [read.features[0], read.features[0]] as typeof read.features;
    await expect(
      importLayer(city.server.ctx.db, city.server.ctx.regions, {
        id: 'hydrants',
        title: 'x',
        group: 'x',
        source: 'x',
        geometry: 'Point',
        fields: read.fields,
        features: twice,
      }),
    ).rejects.toThrow();
    expect(await entry('hydrants')).toEqual(before);
    expect(await features('hydrants')).toEqual(rows);

    expect(await load(GEOJSON, 'hydrants', 'WGS84', '消防栓（新）')).toMatchObject({
      count: 3,
      replaced: true,
    });
    expect(await entry('hydrants')).toMatchObject({ title: '消防栓（新）', count: 3 });
    expect((await features('hydrants')).map((f) => f.properties.name)).toEqual(['诊所1', '诊所2', '诊所3']);
    // The demo's own layers are not replaced by an import.
    await expect(load(GEOJSON, 'kiosks', 'WGS84')).rejects.toThrow(/not imported/u);
    expect((await entry('kiosks'))?.count).toBe(66);
  });

  it('a large point layer is served as vector tiles', async () => {
    const read = await readLayerFile(GEOJSON, 'WGS84', 'x');
    const imported = await importLayer(
      city.server.ctx.db,
      city.server.ctx.regions,
      {
        id: 'many-clinics',
        title: 'x',
        group: 'x',
        source: 'x',
        geometry: 'Point',
        fields: read.fields,
        features: read.features,
      },
      { tilesAbove: 2 },
    );
    expect(imported.tiles).toBe(true);
    const info = (await entry('many-clinics')) as LayerInfo;
    expect(info.tiles?.url).toBe('layers/many-clinics/tiles/{z}/{x}/{y}.mvt');
    // The tile at zoom 15 that holds the first clinic (the others are kilometres away).
    const [lng, lat] = ((await features('many-clinics'))[0]?.geometry.coordinates ?? []) as number[];
    const z = 15;
    const x = Math.floor((((lng as number) + 180) / 360) * 2 ** z);
    const s = Math.sin(((lat as number) * Math.PI) / 180);
    const y = Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 2 ** z);
    const res = await fetch(`${city.server.url}/api/v1/layers/many-clinics/tiles/${z}/${x}/${y}.mvt`);
    expect(res.status).toBe(200);
    const decoded = (await parse(await res.arrayBuffer(), MVTLoader, {
      mvt: { shape: 'geojson', coordinates: 'wgs84', tileIndex: { x, y, z } },
      worker: false,
    })) as unknown as { properties: Record<string, unknown> }[];
    expect(decoded.map((f) => f.properties.name)).toEqual(['诊所1']);
  });

  it('npm run import lists each bad row with its line and reason, and refuses a broken file', async () => {
    const env = { ...process.env, DATABASE_URL: city.place.databaseUrl ?? '', DATA_DIR: city.place.dataDir };
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/cli/import.ts', ...args], { env });
    // The embedded database serves one process: the server steps aside while the command runs.
    if (backend === 'pglite') await city.server.close();
    try {
      const ok = await cli(CSV, '--layer', 'hydrants-cli', '--crs', 'GCJ02', '--title', '消防栓');
      expect(ok.stderr).toContain('skipped row 4: longitude or latitude is not a number');
      expect(ok.stdout).toMatch(
        /layer hydrants-cli "消防栓": 3 Point features from hydrants\.csv \(GCJ02 → GCJ02\); a new layer; 1 rows skipped/u,
      );
      const refused = await cli(BROKEN, '--layer', 'hydrants-cli').catch(
        (e: { code: number; stderr: string }) => e,
      );
      expect(refused).toMatchObject({ code: 1 });
      expect((refused as { stderr: string }).stderr).toMatch(
        /broken\.geojson: the GeoJSON is not valid JSON, near line 3; nothing was changed/u,
      );
    } finally {
      if (backend === 'pglite') city.server = await startServer(testConfig(city.place));
    }
    expect(await entry('hydrants-cli')).toMatchObject({ title: '消防栓', count: 3 });
  });
});
