/**
 * One world, two homes: for the same seed, the server on its database answers what the
 * in-memory mock (the reference implementation) answers: the catalog, every layer's
 * features, the regions, the layer-derived KPIs of the district, a street and a
 * community, and the vector tiles; and intake (POST /events) is answered alike. Event-derived
 * KPIs depend on the clock and are tested from rows in events-order.test.ts.
 */
import { parse } from '@loaders.gl/core';
import { MVTLoader } from '@loaders.gl/mvt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../mock-server/api';
import { LAYER_IDS } from '../../mock-server/layers';
import type { Indicator, KpiResponse } from '@ioc/contract/contract';
import { type RunningServer, startServer } from '../../server/start';
import { call, type Got, START, testApi } from '../mock-server/helpers';
import { freshDatabase, type TestDatabase, testConfig } from './backends';
import { hotlineOrder } from './fixtures';
import { get, report } from './http';
import { formatIso, HOUR, LAYER_EPOCH_MS } from '@ioc/domain/time';
import { demolitionRevisedAt } from '../../mock-server/history';

const PINGHU = '440307001';
let db: TestDatabase;
let server: RunningServer;
let mock: Api;

beforeAll(async () => {
  db = await freshDatabase('pglite');
  // Seeded at the mock's moment: the demo's layer history (mock-server/history.ts) hangs on it.
  server = await startServer(testConfig(db), { now: () => START });
  mock = testApi();
});
afterAll(async () => {
  mock?.close();
  await server?.close();
  await db?.drop();
});

const both = async (path: string) => [
  (await call(mock, `/api/v1${path}`)).body,
  (await get(server.url, path)).body,
];

describe('the server answers what the mock answers', () => {
  it('GET /layers and GET /regions (the district, a level, a street)', async () => {
    for (const path of [
      '/layers',
      `/layers?region=${PINGHU}`,
      '/regions',
      '/regions?level=community',
      `/regions?region=${PINGHU}`,
    ]) {
      const [fromMock, fromServer] = await both(path);
      expect(fromServer, path).toEqual(fromMock);
    }
  });

  it.each(LAYER_IDS)(
    'GET /layers/%s/features: every feature, its geometry and properties, in order',
    async (id) => {
      const [fromMock, fromServer] = await both(`/layers/${id}/features`);
      expect(fromServer).toEqual(fromMock);
    },
  );

  it('features filtered by region (street and community), field and bbox', async () => {
    const community = (mock.world.regions.get(PINGHU)?.children[1]?.id ?? '') as string;
    for (const path of [
      `/layers/5g-stations/features?region=${PINGHU}`,
      `/layers/5g-stations/features?region=${community}`,
      '/layers/5g-stations/features?status=building&operator=CMCC,CTCC',
      '/layers/urban-villages/features?undergroundLines=true',
      '/layers/demolition/features?bbox=114.1,22.6,114.2,22.7&difficulty=4,5',
    ]) {
      const [fromMock, fromServer] = await both(path);
      expect((fromServer as { features: unknown[] }).features.length, path).toBeGreaterThan(0);
      expect(fromServer, path).toEqual(fromMock);
    }
  });

  it('layer KPIs of the district, a street and a community', async () => {
    const community = (mock.world.regions.get(PINGHU)?.children[0]?.id ?? '') as string;
    const layerOnly = (r: unknown) =>
      (r as KpiResponse).indicators.filter((i: Indicator) => !/^(hotline|events)\./u.test(i.id));
    for (const region of ['', `?region=${PINGHU}`, `?region=${community}`]) {
      const [fromMock, fromServer] = await both(`/kpis${region}`);
      expect(layerOnly(fromServer).length).toBeGreaterThan(40);
      expect(layerOnly(fromServer), region).toEqual(layerOnly(fromMock));
    }
  });

  it('as of a moment: the catalog and the features of the version that answered then', async () => {
    const revised = demolitionRevisedAt(START) as number;
    const moments = [revised - HOUR, revised + 1000, LAYER_EPOCH_MS - HOUR].map((t) =>
      encodeURIComponent(formatIso(t)),
    );
    for (const at of moments) {
      for (const path of [
        `/layers?asOf=${at}`,
        `/layers?region=${PINGHU}&asOf=${at}`,
        `/layers/demolition/features?asOf=${at}`,
        `/layers/demolition/features?asOf=${at}&region=${PINGHU}&stage=survey,signing`,
        `/layers/kiosks/features?asOf=${at}`,
      ]) {
        const mockGot = await call(mock, `/api/v1${path}`);
        const serverGot = await get(server.url, path);
        expect(serverGot.status, path).toBe(mockGot.status);
        if (serverGot.status === 200) expect(serverGot.body, path).toEqual(mockGot.body);
      }
    }
    // Layer KPIs as of each moment: demolition's from its version then, the rest today's; the
    // two sides' "now" differ (the mock's clock, the server's), so each indicator's asOf is
    // compared as "the moment or not".
    const layerOnly = (r: unknown, at: string) =>
      (r as KpiResponse).indicators
        .filter((i: Indicator) => !/^(hotline|events)\./u.test(i.id))
        .map((i) => ({ ...i, asOf: i.asOf === decodeURIComponent(at) }));
    for (const at of moments) {
      const fromMock = (await call(mock, `/api/v1/kpis?asOf=${at}`)).body;
      const fromServer = (await get(server.url, `/kpis?asOf=${at}`)).body;
      expect(layerOnly(fromServer, at), at).toEqual(layerOnly(fromMock, at));
    }
    // The demo shows it: before the revision, demolition answers with its kept version.
    const before = (
      await call<{ id: string; versionAt: unknown }[]>(mock, `/api/v1/layers?asOf=${moments[0]}`)
    ).body;
    expect(before.find((l) => l.id === 'demolition')?.versionAt).not.toBeNull();
  });

  it('vector tiles decode to the same features at a thinned and a full zoom', async () => {
    for (const [z, x, y] of [
      [11, 1673, 891],
      [15, 26780, 14266],
    ] as const) {
      const decode = async (bytes: ArrayBuffer) =>
        (
          (await parse(bytes, MVTLoader, {
            mvt: { shape: 'geojson', coordinates: 'wgs84', tileIndex: { x, y, z } },
            worker: false,
          })) as unknown as { properties: Record<string, unknown> }[]
        )
          .map((f) => f.properties)
          .sort((a, b) => String(a.id).localeCompare(String(b.id)));
      const path = `/api/v1/layers/5g-stations/tiles/${z}/${x}/${y}.mvt`;
      const fromMock = await decode(
        await (await mock.handle(new Request(`http://mock.test${path}`))).arrayBuffer(),
      );
      const fromServer = await decode(await (await fetch(`${server.url}${path}`)).arrayBuffer());
      expect(fromServer.length, `${z}/${x}/${y}`).toBeGreaterThan(0);
      expect(fromServer).toEqual(fromMock);
    }
  });

  it('POST /events: created once per (source, externalId), refusals naming the field, intake reads nothing', async () => {
    const both = async (body: unknown, token: string | null = 'intake-demo') => {
      const fromMock = await call(mock, '/api/v1/events', {
        method: 'POST',
        body,
        ...(token ? { token } : {}),
      });
      const fromServer = await report(server.url, token, body);
      return [fromMock, fromServer];
    };
    const shape = (r: { status: number; body: unknown }) => {
      const b = r.body as { created?: boolean; externalId?: string; results?: unknown[]; error?: unknown };
      return {
        status: r.status,
        created: b.created,
        externalId: b.externalId,
        results: b.results?.length,
        error: b.error,
      };
    };
    for (const [body, token] of [
      [hotlineOrder('PARITY-1'), 'intake-demo'],
      [hotlineOrder('PARITY-1'), 'intake-demo'],
      [{ events: [hotlineOrder('PARITY-2'), hotlineOrder('PARITY-1')] }, 'intake-demo'],
      [{ ...hotlineOrder('PARITY-3'), severity: 9 }, 'intake-demo'],
      [
        { events: [hotlineOrder('PARITY-4'), { ...hotlineOrder('PARITY-5'), location: [114.1, 22.4] }] },
        'intake-demo',
      ],
      [hotlineOrder('PARITY-6'), 'district-demo'],
      [hotlineOrder('PARITY-7'), null],
    ] as const) {
      const [fromMock, fromServer] = await both(body, token);
      expect(shape(fromServer as Got), JSON.stringify(body)).toEqual(shape(fromMock as Got));
    }
    const [created] = await both(hotlineOrder('PARITY-8'));
    expect((created as Got).status).toBe(201);
    const id = ((created as Got).body as { id: string }).id;
    const listed = (
      await call<{ items: { id: string; regionId: string }[] }>(mock, '/api/v1/events?limit=1000')
    ).body;
    expect(listed.items.find((e) => e.id === id)?.regionId).toBe(PINGHU);
    const reading = [
      await call(mock, '/api/v1/kpis', { token: 'intake-demo' }),
      await get(server.url, '/kpis', 'intake-demo'),
    ];
    expect(reading.map((r) => r.status)).toEqual([403, 403]);
    expect(reading[1]?.body).toEqual(reading[0]?.body);
  });

  it('a community token: its community by default, nothing outside it, and no dispatch', async () => {
    const token = 'community-440307001001';
    const as = async (path: string) => [
      await call<{ features: { properties: { regionId: string } }[] }>(mock, `/api/v1${path}`, { token }),
      await get<{ features: { properties: { regionId: string } }[] }>(server.url, path, token),
    ];
    const [own, ownServer] = await as('/layers/kiosks/features');
    expect([own?.status, ownServer?.status]).toEqual([200, 200]);
    expect(own?.body.features.length).toBeGreaterThan(0);
    // Narrower than its street (a feature names its street; the community is its geography).
    const street = await call<{ features: unknown[] }>(
      mock,
      `/api/v1/layers/kiosks/features?region=${PINGHU}`,
    );
    expect(own?.body.features.length).toBeLessThan(street.body.features.length);
    expect(own?.body.features.every((f) => f.properties.regionId === PINGHU)).toBe(true);
    expect(ownServer?.body).toEqual(own?.body);
    const outside = await as('/layers/kiosks/features?region=440307002');
    expect(outside.map((r) => r.status)).toEqual([403, 403]);
    expect(outside[1]?.body).toEqual(outside[0]?.body);
    const district = await as('/layers/kiosks/features?region=440307');
    expect(district.map((r) => r.status)).toEqual([403, 403]);
  });
});
