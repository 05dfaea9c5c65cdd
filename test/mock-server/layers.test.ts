/**
 * The generated layers reproduce docs/DATA.md's figures exactly, every feature sits inside its
 * street, and the payloads satisfy the contract's layer schemas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  DemolitionProps,
  type FeatureCollection,
  featureCollectionOf,
  KindergartenProps,
  KioskProps,
  LayerCatalog,
  MedicalProps,
  RegionCollection,
  StationProps,
  UrbanVillageProps,
} from '@ioc/contract/contract';
import type { Api } from '../../mock-server/api';
import { call, insideGeometry, testApi } from './helpers';

const schemas = {
  '5g-stations': StationProps,
  kiosks: KioskProps,
  'kindergarten-cameras': KindergartenProps,
  demolition: DemolitionProps,
  medical: MedicalProps,
  'urban-villages': UrbanVillageProps,
} as const;
type LayerKey = keyof typeof schemas;

let api: Api;
const layers = {} as { [K in LayerKey]: FeatureCollection<z.infer<(typeof schemas)[K]>> };
let streets: RegionCollection;

beforeAll(async () => {
  api = testApi();
  for (const id of Object.keys(schemas) as LayerKey[]) {
    const res = await call(api, `/api/v1/layers/${id}/features`);
    expect(res.status).toBe(200);
    const parsed = featureCollectionOf(schemas[id]).safeParse(res.body);
    if (!parsed.success) throw new Error(`${id}: ${parsed.error.message.slice(0, 500)}`);
    (layers as Record<string, unknown>)[id] = parsed.data;
  }
  streets = RegionCollection.parse((await call(api, '/api/v1/regions?level=street')).body);
});
afterAll(() => api.close());

const countBy = <T>(items: T[], key: (x: T) => unknown) => {
  const m = new Map<unknown, number>();
  for (const x of items) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return m;
};

describe('5g-stations', () => {
  it('has exactly 10,346 stations, 8,084 of them macro, all built', () => {
    const fs = layers['5g-stations'].features;
    expect(fs).toHaveLength(10_346);
    expect(fs.filter((f) => f.properties.kind === 'macro')).toHaveLength(8_084);
    expect(new Set(fs.map((f) => f.properties.status))).toEqual(new Set(['on-air', 'building']));
  });

  it('is mostly on air with an onAirAt, a few being commissioned, some tens with open issues', () => {
    const fs = layers['5g-stations'].features;
    const onAir = fs.filter((f) => f.properties.status === 'on-air');
    expect(onAir.length / fs.length).toBeGreaterThan(0.95);
    expect(onAir.every((f) => f.properties.onAirAt !== undefined)).toBe(true);
    const issues = fs.filter((f) => f.properties.issue !== undefined).length;
    expect(issues).toBeGreaterThanOrEqual(20);
    expect(issues).toBeLessThan(100);
    const operators = countBy(fs, (f) => f.properties.operator);
    for (const op of ['CMCC', 'CUCC', 'CTCC', 'tower']) expect(operators.get(op) ?? 0).toBeGreaterThan(1000);
  });

  it('follows population: more populous streets have more stations', () => {
    const fs = layers['5g-stations'].features;
    const byStreet = countBy(fs, (f) => f.properties.regionId);
    const pop = new Map(streets.features.map((f) => [f.properties.id, f.properties.population]));
    const [most] = [...pop].sort((a, b) => b[1] - a[1]);
    const [least] = [...pop].sort((a, b) => a[1] - b[1]);
    expect(byStreet.get(most![0])!).toBeGreaterThan(byStreet.get(least![0])!);
  });
});

describe('other layers', () => {
  it('kiosks: 50 existing and 16 planned 24 h self-service areas', () => {
    const fs = layers.kiosks.features;
    const existing = fs.filter((f) => f.properties.status === 'existing');
    const planned = fs.filter((f) => f.properties.status === 'planned');
    expect(existing).toHaveLength(50);
    expect(planned).toHaveLength(16);
    expect(existing.every((f) => f.properties.kind === '24h-area' && f.properties.dailyUses > 0)).toBe(true);
    expect(planned.every((f) => f.properties.dailyUses === 0)).toBe(true);
    // The district plans 16 new 24-hour areas (新建16个24小时政务服务自助区), not lone terminals.
    expect(planned.every((f) => f.properties.kind === '24h-area' && f.properties.terminals >= 3)).toBe(true);
    expect(planned.every((f) => f.properties.name.endsWith('24小时政务服务自助区（规划）'))).toBe(true);
  });

  it('kindergarten-cameras: 488 kindergartens, online cameras never exceed cameras', () => {
    const fs = layers['kindergarten-cameras'].features;
    expect(fs).toHaveLength(488);
    expect(fs.every((f) => f.properties.camerasOnline <= f.properties.cameras)).toBe(true);
    expect(fs.every((f) => f.properties.cameras >= 8 && f.properties.cameras <= 40)).toBe(true);
    expect(fs.some((f) => f.properties.cameras - f.properties.camerasOnline >= 3)).toBe(true);
    expect(new Set(fs.map((f) => f.properties.stage))).toEqual(
      new Set(['surveyed', 'designed', 'installing', 'done']),
    );
  });

  it('demolition: 270 phased and 233 project boundaries with areas of their polygons', () => {
    const fs = layers.demolition.features;
    expect(fs.filter((f) => f.properties.kind === 'phase')).toHaveLength(270);
    expect(fs.filter((f) => f.properties.kind === 'project')).toHaveLength(233);
    for (const f of fs) {
      expect(f.geometry.type).toBe('Polygon');
      const ring = (f.geometry.coordinates as number[][][])[0]!;
      // Shoelace in local metres, independent of the server's helper.
      const lat0 = ring[0]![1]!;
      const kx = 111_195 * Math.cos((lat0 * Math.PI) / 180);
      let s = 0;
      for (let i = 0; i < ring.length - 1; i++)
        s += ring[i]![0]! * kx * ring[i + 1]![1]! * 111_195 - ring[i + 1]![0]! * kx * ring[i]![1]! * 111_195;
      expect(Math.abs(Math.abs(s) / 2 - f.properties.areaM2) / f.properties.areaM2).toBeLessThan(0.02);
      expect(f.properties.areaM2).toBeLessThan(200_000);
    }
  });

  it('medical: about 20 hospitals, 130 community health centres, 350 clinics', () => {
    const kinds = countBy(layers.medical.features, (f) => f.properties.kind);
    expect(kinds.get('hospital')).toBe(20);
    expect(kinds.get('community-health')).toBe(130);
    expect(kinds.get('clinic')).toBe(350);
    for (const f of layers.medical.features) {
      if (f.properties.kind === 'hospital') {
        expect(f.properties.grade).toBeDefined();
        expect(f.properties.beds).toBeGreaterThanOrEqual(100);
        expect(f.properties.beds).toBeLessThanOrEqual(1500);
      } else if (f.properties.kind === 'community-health') expect(f.properties.beds).toBeLessThanOrEqual(20);
      else expect(f.properties.beds).toBe(0);
    }
  });

  it('urban-villages: 499 villages, exactly 55 with lines underground', () => {
    const fs = layers['urban-villages'].features;
    expect(fs).toHaveLength(499);
    expect(fs.filter((f) => f.properties.undergroundLines)).toHaveLength(55);
  });
});

describe('the catalog', () => {
  it('counts what the features endpoint serves, before and after generation, at any scale', async () => {
    for (const scale of [1, 0.3]) {
      const fresh = testApi({ layerScale: scale });
      const before = LayerCatalog.parse((await call(fresh, '/api/v1/layers')).body);
      for (const l of before) {
        const fc = (await call<{ features: unknown[] }>(fresh, `/api/v1/layers/${l.id}/features`)).body;
        expect(fc.features.length, `${l.id} at ${scale}`).toBe(l.count);
      }
      expect(LayerCatalog.parse((await call(fresh, '/api/v1/layers')).body)).toEqual(before);
      fresh.close();
    }
  });
});

describe('every feature', () => {
  it('has a unique id, a name, and lies inside the polygon of its street (regionId)', () => {
    const polygons = new Map(streets.features.map((f) => [f.properties.id, f.geometry]));
    for (const id of Object.keys(schemas) as LayerKey[]) {
      const ids = new Set<string>();
      for (const f of layers[id].features) {
        const p = f.properties;
        expect(p.name.length).toBeGreaterThan(0);
        ids.add(p.id);
        const street = polygons.get(p.regionId);
        expect(street, `${id} ${p.id} regionId ${p.regionId}`).toBeDefined();
        const points =
          f.geometry.type === 'Point'
            ? [f.geometry.coordinates]
            : (f.geometry.coordinates as number[][][])[0]!.slice(0, -1);
        for (const pt of points) {
          expect(insideGeometry(pt, street as Parameters<typeof insideGeometry>[1]), `${id} ${p.id}`).toBe(
            true,
          );
        }
      }
      expect(ids.size).toBe(layers[id].features.length);
    }
  });
});
