/** A file a planner drops becomes features, whatever its format; a broken one says what and where. */
import { describe, expect, it } from 'vitest';
import { FileError } from '@ioc/domain/gis/problems';
import { prepare } from '@ioc/domain/gis/prepare';
import { readFile } from '@ioc/domain/gis/read';
import { gbkShapefileZip } from './fixtures';

const bytes = (s: string) => new TextEncoder().encode(s);

async function refused(name: string, content: Uint8Array) {
  try {
    prepare(await readFile(name, content), name);
  } catch (e) {
    if (e instanceof FileError) return e.problem;
    throw e;
  }
  throw new Error(`${name} was accepted`);
}

describe('reading a CSV', () => {
  it('makes points of the lon/lat columns, typed values of the rest, and skips a bad row by its line', async () => {
    const csv =
      '名称,lon,lat,等级,床位\n平湖医院,114.25,22.72,二甲,120\n坏行,abc,22.7,一级,5\n横岗诊所,114.3,22.7,一级,0\n';
    const read = await readFile('医院.csv', bytes(csv));
    const { features, skipped, fields } = prepare(read, '医院');
    expect(features.map((f) => f.geometry.coordinates)).toEqual([
      [114.25, 22.72],
      [114.3, 22.7],
    ]);
    expect(features[0]!.properties).toMatchObject({ name: '平湖医院', 等级: '二甲', 床位: 120 });
    // The header is line 1: the bad row is line 3.
    expect(skipped).toEqual([{ row: 3, reason: 'coordinates' }]);
    // Two levels over two features: a filter would keep them all, so it is not offered.
    expect(fields.find((f) => f.key === '等级')).toEqual({ key: '等级', type: 'string' });
    expect(fields.find((f) => f.key === '床位')?.type).toBe('number');
  });

  it('reads a WKT column, and a GBK file written by a spreadsheet', async () => {
    const wkt =
      'name,wkt\n片区,"POLYGON((114.2 22.7,114.3 22.7,114.3 22.8,114.2 22.7))"\n线,"LINESTRING(114.2 22.7,114.3 22.8)"\n';
    const { features } = prepare(await readFile('areas.csv', bytes(wkt)), 'areas');
    expect(features.map((f) => f.geometry.type)).toEqual(['Polygon', 'LineString']);
    // "名称,经度,纬度\n站,114.2,22.7" in GBK: not valid UTF-8.
    const gbk = Uint8Array.from([
      0xc3,
      0xfb,
      0xb3,
      0xc6,
      0x2c,
      0xbe,
      0xad,
      0xb6,
      0xc8,
      0x2c,
      0xce,
      0xb3,
      0xb6,
      0xc8,
      0x0a,
      0xd5,
      0xbe,
      ...bytes(',114.2,22.7\n'),
    ]);
    const { features: points } = prepare(await readFile('站.csv', gbk), '站');
    expect(points[0]!.properties.name).toBe('站');
    expect(points[0]!.geometry.coordinates).toEqual([114.2, 22.7]);
  });

  it('refuses a CSV without coordinate columns, and one whose quote never closes, naming the line', async () => {
    expect(await refused('a.csv', bytes('名称,地址\n甲,龙岗大道\n'))).toMatchObject({
      code: 'noCoordinates',
    });
    expect(await refused('b.csv', bytes('name,lon,lat\nok,114.2,22.7\n"broken,114.3,22.8\n'))).toMatchObject({
      code: 'quotes',
      row: 3,
    });
  });
});

describe('reading GeoJSON and KML', () => {
  it('skips a feature out of range by its number and keeps the rest', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [114.2, 22.7] },
          properties: { kind: 'a' },
        },
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [22.7, 214.2] },
          properties: { kind: 'b' },
        },
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [114.3, 22.6] },
          properties: { kind: 'a' },
        },
      ],
    };
    const { features, skipped } = prepare(await readFile('x.geojson', bytes(JSON.stringify(fc))), 'x');
    expect(features).toHaveLength(2);
    expect(skipped).toEqual([{ row: 2, reason: 'geometry' }]);
    // Made-up ids and names where the file has none.
    expect(features.map((f) => f.properties.id)).toEqual(['1', '3']);
    expect(features[0]!.properties.name).toBe('x 1');
  });

  it('names the line of broken JSON, and refuses a file where no feature is usable', async () => {
    const broken = '{\n  "type": "FeatureCollection",\n  "features": [\n    {"type": "Feature",, }\n  ]\n}';
    expect(await refused('y.geojson', bytes(broken))).toMatchObject({ code: 'json', row: 4 });
    const none = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: null, properties: {} }],
    };
    expect(await refused('z.geojson', bytes(JSON.stringify(none)))).toMatchObject({
      code: 'noneValid',
      row: 1,
      reason: 'geometry',
    });
  });

  it('reads placemarks from KML', async () => {
    const kml = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark><name>平湖站</name><Point><coordinates>114.25,22.72,0</coordinates></Point></Placemark>
<Placemark><name>路线</name><LineString><coordinates>114.2,22.7 114.3,22.8</coordinates></LineString></Placemark>
</Document></kml>`;
    const { features } = prepare(await readFile('sites.kml', bytes(kml)), 'sites');
    expect(features.map((f) => [f.properties.name, f.geometry.type])).toEqual([
      ['平湖站', 'Point'],
      ['路线', 'LineString'],
    ]);
    expect(await refused('bad.kml', bytes('<kml><Placemark></kml>'))).toMatchObject({ code: 'unreadable' });
  });
});

describe('reading a zipped Shapefile', () => {
  it('decodes GBK attribute text by the .cpg ("936" as Chinese exports write it)', async () => {
    for (const cpg of ['936', 'GBK', 'ANSI 936']) {
      const { features } = prepare(await readFile('hospitals.zip', gbkShapefileZip(cpg)), 'hospitals');
      expect(features.map((f) => [f.properties.NAME, f.properties.BEDS, f.geometry.coordinates])).toEqual([
        ['平湖站', 120, [114.25, 22.72]],
        ['湖站', 30, [114.3, 22.7]],
      ]);
    }
  });

  it('reads GBK text without a .cpg, and refuses a zip with no .shp', async () => {
    const { features } = prepare(await readFile('hospitals.zip', gbkShapefileZip(null)), 'hospitals');
    expect(features[0]!.properties.NAME).toBe('平湖站');
    expect(await refused('x.zip', bytes('PK not really a zip'))).toMatchObject({ code: 'unreadable' });
  });
});
