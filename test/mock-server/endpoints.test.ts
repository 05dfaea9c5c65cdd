/** Every endpoint answers in the contract's shapes; filters, scoping and errors behave. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AnyFeatureCollection,
  ApiError,
  EventPage,
  type FeatureCollection,
  KpiResponse,
  LayerCatalog,
  Meta,
  RegionCollection,
} from '@ioc/contract/contract';
import { call, DISTRICT, insideGeometry, PINGHU, testApi } from './helpers';

type Props = { id: string; regionId: string; kind?: string; status?: string };
let api: ReturnType<typeof testApi>;
beforeAll(() => {
  api = testApi();
});
afterAll(() => api.close());

const expectError = (res: { status: number; body: unknown }, status: number) => {
  expect(res.status).toBe(status);
  expect(ApiError.safeParse(res.body).success, JSON.stringify(res.body)).toBe(true);
};

describe('payloads parse with the contract schemas', () => {
  it('GET /meta', async () => {
    const res = await call(api, '/api/v1/meta');
    expect(res.status).toBe(200);
    expect(Meta.parse(res.body)).toMatchObject({
      name: '龙岗区城市运行管理中心',
      district: DISTRICT,
      crs: 'GCJ02',
      apiVersion: 'v1',
    });
  });

  it('GET /regions with level and parent', async () => {
    const all = RegionCollection.parse((await call(api, '/api/v1/regions')).body);
    expect(all.features.filter((f) => f.properties.level === 'district')).toHaveLength(1);
    const streets = RegionCollection.parse((await call(api, '/api/v1/regions?level=street')).body);
    expect(streets.features.map((f) => f.properties.id)).toEqual(
      Array.from({ length: 11 }, (_, i) => `4403070${String(i + 1).padStart(2, '0')}`),
    );
    const communities = RegionCollection.parse((await call(api, `/api/v1/regions?parent=${PINGHU}`)).body);
    expect(communities.features.length).toBeGreaterThan(0);
    expect(
      communities.features.every(
        (f) => f.properties.level === 'community' && f.properties.parentId === PINGHU,
      ),
    ).toBe(true);
  });

  it('GET /layers: six layers with zh-CN titles and fields', async () => {
    const catalog = LayerCatalog.parse((await call(api, '/api/v1/layers')).body);
    expect(catalog.map((l) => l.id)).toEqual([
      '5g-stations',
      'kiosks',
      'kindergarten-cameras',
      'demolition',
      'medical',
      'urban-villages',
    ]);
    for (const l of catalog) {
      expect(l.title).toMatch(/[\u4e00-\u9fff]/u);
      expect(l.fields.every((f) => /[\u4e00-\u9fff]/u.test(f.label))).toBe(true);
    }
    expect(catalog.find((l) => l.id === '5g-stations')?.count).toBe(10_346);
  });

  it('GET /kpis, GET /events, GET /layers/{id}/features', async () => {
    KpiResponse.parse((await call(api, '/api/v1/kpis')).body);
    KpiResponse.parse((await call(api, `/api/v1/kpis?region=${PINGHU}001`)).body);
    EventPage.parse((await call(api, '/api/v1/events')).body);
    AnyFeatureCollection.parse((await call(api, '/api/v1/layers/medical/features')).body);
  });
});

describe('GET /layers/{id}/features filters', () => {
  it('filters by field equality, with comma meaning OR', async () => {
    const macro = (
      await call<FeatureCollection<Props>>(api, '/api/v1/layers/5g-stations/features?kind=macro')
    ).body;
    expect(macro.features).toHaveLength(8_084);
    const both = (
      await call<FeatureCollection<Props>>(api, '/api/v1/layers/5g-stations/features?kind=macro,micro')
    ).body;
    expect(both.features).toHaveLength(10_346);
    const planned = (
      await call<FeatureCollection<Props>>(api, '/api/v1/layers/kiosks/features?status=planned')
    ).body;
    expect(planned.features).toHaveLength(16);
    const under = (
      await call<FeatureCollection<Props>>(
        api,
        '/api/v1/layers/urban-villages/features?undergroundLines=true',
      )
    ).body;
    expect(under.features).toHaveLength(55);
  });

  it('filters by region: a street by regionId, a community by position', async () => {
    const street = (
      await call<FeatureCollection<Props>>(api, `/api/v1/layers/5g-stations/features?region=${PINGHU}`)
    ).body;
    expect(street.features.length).toBeGreaterThan(0);
    expect(street.features.every((f) => f.properties.regionId === PINGHU)).toBe(true);
    const communities = RegionCollection.parse((await call(api, `/api/v1/regions?parent=${PINGHU}`)).body);
    let total = 0;
    for (const c of communities.features) {
      const fc = (
        await call<FeatureCollection<Props>>(
          api,
          `/api/v1/layers/5g-stations/features?region=${c.properties.id}`,
        )
      ).body;
      for (const f of fc.features) {
        expect(
          insideGeometry(
            f.geometry.coordinates as number[],
            c.geometry as Parameters<typeof insideGeometry>[1],
          ),
        ).toBe(true);
      }
      total += fc.features.length;
    }
    // Communities tile their street (a point exactly on a shared edge may count twice).
    expect(Math.abs(total - street.features.length)).toBeLessThanOrEqual(2);
  });

  it('filters by bbox', async () => {
    const bbox = [114.1, 22.6, 114.2, 22.7];
    const fc = (
      await call<FeatureCollection<Props>>(api, `/api/v1/layers/5g-stations/features?bbox=${bbox.join(',')}`)
    ).body;
    expect(fc.features.length).toBeGreaterThan(100);
    expect(fc.features.length).toBeLessThan(10_346);
    for (const f of fc.features) {
      const [x, y] = f.geometry.coordinates as [number, number];
      expect(x >= bbox[0]! && x <= bbox[2]! && y >= bbox[1]! && y <= bbox[3]!).toBe(true);
    }
  });

  it('answers errors: unknown layer 404, unknown region 404, bad bbox/filter 400', async () => {
    expectError(await call(api, '/api/v1/layers/nope/features'), 404);
    expectError(await call(api, '/api/v1/layers/kiosks/features?region=123'), 404);
    expectError(await call(api, '/api/v1/kpis?region=440307999'), 404);
    expectError(await call(api, '/api/v1/events?region=x'), 404);
    expectError(await call(api, '/api/v1/layers/kiosks/features?bbox=1,2,3'), 400);
    expectError(await call(api, '/api/v1/layers/kiosks/features?bbox=114.2,22.6,114.1,22.7'), 400);
    expectError(await call(api, '/api/v1/layers/kiosks/features?colour=red'), 400);
    expectError(await call(api, '/api/v1/layers/kiosks/features?status=broken'), 400);
    expectError(await call(api, '/api/v1/regions?level=city'), 400);
    expectError(await call(api, '/api/v1/events?limit=1001'), 400);
    expectError(await call(api, '/api/v1/events?limit=0'), 400);
    expectError(await call(api, '/api/v1/events?status=open'), 400);
    expectError(await call(api, '/api/v1/events?since=yesterday'), 400);
    expectError(await call(api, '/api/v1/events?cursor=garbage'), 400);
    expectError(await call(api, '/api/v1/nothing-here'), 404);
    expectError(await call(api, '/api/v1/meta', { method: 'POST', body: {} }), 405);
  });
});

describe('callers', () => {
  it('refuses an unknown token with 401 and accepts none as the district', async () => {
    expectError(await call(api, '/api/v1/meta', { token: 'who-am-i' }), 401);
    expect((await call(api, '/api/v1/meta', { token: 'district-demo' })).status).toBe(200);
    expect((await call(api, '/api/v1/meta')).status).toBe(200);
  });

  it('binds a street token to its street: 403 for another, its own street by default', async () => {
    const token = `street-${PINGHU}`;
    expectError(await call(api, '/api/v1/kpis?region=440307002', { token }), 403);
    expectError(await call(api, `/api/v1/events?region=${DISTRICT}`, { token }), 403);
    expectError(await call(api, '/api/v1/layers/5g-stations/features?region=440307002001', { token }), 403);
    const own = (await call<FeatureCollection<Props>>(api, '/api/v1/layers/5g-stations/features', { token }))
      .body;
    expect(own.features.length).toBeGreaterThan(0);
    expect(own.features.every((f) => f.properties.regionId === PINGHU)).toBe(true);
    const events = EventPage.parse((await call(api, '/api/v1/events?limit=1000', { token })).body);
    expect(events.items.length).toBeGreaterThan(0);
    expect(
      events.items.every((e) => e.regionId === PINGHU || (e.assignee?.regionId ?? '').startsWith(PINGHU)),
    ).toBe(true);
    const kpis = KpiResponse.parse((await call(api, '/api/v1/kpis', { token })).body);
    const built = kpis.indicators.find((i) => i.id === '5g.built');
    expect(built?.value).toBe(own.features.length);
  });
});
