/**
 * Layers follow the replay clock where the server kept their versions (issue 22), on both
 * backends: an import that replaces a layer keeps the old version with its valid time, and
 * GET /layers?asOf= and GET /layers/{id}/features?asOf= answer with the version of that
 * moment; before the oldest kept version, or for a layer that kept none, the catalog says
 * the data is current (versionAt null) and the features as of then are a 404. A street sees
 * only its street of an old version, as of now. The seeded demo city kept one version of its
 * demolition boundaries, revised the day before it was seeded.
 */
import { describe, expect, it } from 'vitest';
import { AnyFeatureCollection, type KpiResponse, LayerCatalog, type LayerInfo } from '@ioc/contract/contract';
import { formatIso, HOUR, LAYER_EPOCH_MS } from '@ioc/domain/time';
import { demolitionRevisedAt } from '../../mock-server/history';
import type { UserFeature } from '@ioc/domain/gis/prepare';
import { importLayer } from '../../server/import/write';
import { backends, serverOnFreshDatabase } from './backends';
import { get } from './http';

const PINGHU = '440307001';
/** Two points in 平湖 and one in 龙城 (GCJ-02, as the database holds them). */
const PLACES: Record<string, [number, number]> = {
  pinghu1: [114.1302, 22.6905],
  pinghu2: [114.1345, 22.6898],
  longcheng: [114.2501, 22.7203],
};

function hydrants(names: string[], state: string): UserFeature[] {
  return names.map((name) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: PLACES[name] as [number, number] },
    properties: { id: name, name, 状态: state },
  })) as UserFeature[];
}

describe.each(backends())('layer versions on %s', (backend) => {
  const city = serverOnFreshDatabase(backend);
  // Whole seconds, as the API writes times; all in the past, as asOf must be.
  const t0 = Math.floor(Date.now() / 1000) * 1000 - 6 * HOUR;
  const [t1, t2, t3] = [t0 + HOUR, t0 + 2 * HOUR, t0 + 3 * HOUR];
  const iso = (ms: number) => encodeURIComponent(formatIso(ms));
  const catalog = async (query = '', token?: string) =>
    LayerCatalog.parse((await get(city.server.url, `/layers${query}`, token)).body);
  const entry = async (asOf: number, token?: string) =>
    (await catalog(`?asOf=${iso(asOf)}`, token)).find((l) => l.id === 'hydrants') as LayerInfo;
  const names = async (query: string, token?: string) => {
    const got = await get(city.server.url, `/layers/hydrants/features${query}`, token);
    expect(got.status, query).toBe(200);
    return AnyFeatureCollection.parse(got.body).features.map((f) => f.properties.name);
  };
  const load = (features: UserFeature[], now: number) =>
    importLayer(
      city.server.ctx.db,
      city.server.ctx.regions,
      {
        id: 'hydrants',
        title: '消防栓',
        group: '测试导入',
        source: 'hydrants.geojson',
        geometry: 'Point',
        fields: [{ key: '状态', label: '状态', type: 'enum', values: ['正常', '维修'] }],
        features,
      },
      { now },
    );

  it('a first import keeps nothing: as of any moment the catalog says current and features are a 404', async () => {
    await load(hydrants(['pinghu1', 'pinghu2', 'longcheng'], '正常'), t1);
    expect((await entry(t1 + 60_000)).versionAt).toBeNull();
    expect((await entry(t1 + 60_000)).count).toBe(3);
    const got = await get(city.server.url, `/layers/hydrants/features?asOf=${iso(t1 + 60_000)}`);
    expect(got.status).toBe(404);
    expect(JSON.stringify(got.body)).toMatch(/kept no version/u);
    // Without asOf nothing changes: no versionAt at all.
    expect((await catalog()).find((l) => l.id === 'hydrants')).not.toHaveProperty('versionAt');
  });

  it('a second import keeps the first: between them the first answers, after them the second', async () => {
    expect(await load(hydrants(['longcheng'], '维修'), t2)).toMatchObject({
      replaced: true,
      kept: true,
      count: 1,
    });
    const between = t1 + 30 * 60_000;
    expect((await entry(between)).versionAt).toEqual({ validFrom: formatIso(t1), validTo: formatIso(t2) });
    expect((await entry(between)).count).toBe(3);
    expect(await names(`?asOf=${iso(between)}`)).toEqual(['pinghu1', 'pinghu2', 'longcheng']);
    // Filters and bbox read the kept rows as they read the current ones.
    expect(await names(`?asOf=${iso(between)}&状态=正常&bbox=114.13,22.68,114.2,22.7`)).toEqual([
      'pinghu1',
      'pinghu2',
    ]);
    expect(await names(`?asOf=${iso(between)}&状态=维修`)).toEqual([]);
    // From the second import on: the current version, valid since then.
    expect((await entry(t2)).versionAt).toEqual({ validFrom: formatIso(t2), validTo: null });
    expect((await entry(t2)).count).toBe(1);
    expect(await names(`?asOf=${iso(t2 + 1000)}`)).toEqual(['longcheng']);
    // Before the first import: no version that old; current data, said so.
    expect((await entry(t0)).versionAt).toBeNull();
    expect((await entry(t0)).count).toBe(1);
    expect((await get(city.server.url, `/layers/hydrants/features?asOf=${iso(t0)}`)).status).toBe(404);
    // Live reads are the current version.
    expect(await names('')).toEqual(['longcheng']);
  });

  it('a third import keeps the second; the first still answers for its own time', async () => {
    await load(hydrants(['pinghu2', 'longcheng'], '正常'), t3);
    expect(await names(`?asOf=${iso(t1 + 1000)}`)).toEqual(['pinghu1', 'pinghu2', 'longcheng']);
    expect(await names(`?asOf=${iso(t2 + 1000)}`)).toEqual(['longcheng']);
    expect(await names(`?asOf=${iso(t3 + 1000)}`)).toEqual(['pinghu2', 'longcheng']);
    expect((await entry(t2 + 1000)).versionAt).toEqual({ validFrom: formatIso(t2), validTo: formatIso(t3) });
  });

  it('a version never valid for a moment (an import at the same instant, or a clock set back) is not kept', async () => {
    expect(await load(hydrants(['pinghu1'], '正常'), t3)).toMatchObject({ replaced: true, kept: false });
    expect(await names(`?asOf=${iso(t2 + 1000)}`)).toEqual(['longcheng']);
    expect(await names(`?asOf=${iso(t3 + 1000)}`)).toEqual(['pinghu1']);
  });

  it('scoping as for current reads: a street sees its street of an old version, and no other', async () => {
    const street = `street-${PINGHU}`;
    const at = t1 + 1000;
    expect((await entry(at, street)).count).toBe(2);
    expect(await names(`?asOf=${iso(at)}`, street)).toEqual(['pinghu1', 'pinghu2']);
    const other = await get(
      city.server.url,
      `/layers/hydrants/features?asOf=${iso(at)}&region=440307002`,
      street,
    );
    expect(other.status).toBe(403);
  });

  it('a bad or future asOf is a 400 naming it', async () => {
    for (const path of ['/layers', '/layers/hydrants/features']) {
      const bad = await get(city.server.url, `${path}?asOf=yesterday`);
      expect(bad.status, path).toBe(400);
      expect(JSON.stringify(bad.body)).toMatch(/asOf/u);
      const future = await get(city.server.url, `${path}?asOf=${iso(Date.now() + 2 * HOUR)}`);
      expect(future.status, path).toBe(400);
    }
  });

  it("the seeded demo kept its demolition boundaries' earlier version; other demo layers kept none", async () => {
    const revised = demolitionRevisedAt(Date.now()) as number;
    expect(revised).toBeGreaterThan(LAYER_EPOCH_MS);
    const before = await catalog(`?asOf=${iso(revised - HOUR)}`);
    const demolition = before.find((l) => l.id === 'demolition') as LayerInfo;
    expect(demolition.versionAt).toEqual({
      validFrom: formatIso(LAYER_EPOCH_MS),
      validTo: formatIso(revised),
    });
    const now = (await catalog()).find((l) => l.id === 'demolition') as LayerInfo;
    // The revision drew one boundary in ten.
    expect(demolition.count).toBeLessThan(now.count);
    const old = await get<{ features: unknown[] }>(
      city.server.url,
      `/layers/demolition/features?asOf=${iso(revised - HOUR)}`,
    );
    expect(old.body.features).toHaveLength(demolition.count);
    expect(before.find((l) => l.id === 'kiosks')?.versionAt).toBeNull();
    // Its KPIs follow: counted from the kept version and of the moment; the kiosks' stay today's.
    const kpis = (await get<KpiResponse>(city.server.url, `/kpis?asOf=${iso(revised - HOUR)}`)).body;
    const ind = (id: string) => kpis.indicators.find((i) => i.id === id);
    expect((ind('demolition.phase')?.value ?? 0) + (ind('demolition.project')?.value ?? 0)).toBe(
      demolition.count,
    );
    expect(ind('demolition.phase')?.asOf).toBe(kpis.asOf);
    expect(ind('selfService.existing')?.asOf).toBeDefined();
    expect(ind('selfService.existing')?.asOf).not.toBe(kpis.asOf);
    const live = (await get<KpiResponse>(city.server.url, '/kpis')).body.indicators;
    const liveTotal = live
      .filter((i) => i.id === 'demolition.phase' || i.id === 'demolition.project')
      .reduce((n, i) => n + i.value, 0);
    expect(liveTotal).toBe(now.count);
    expect((await get(city.server.url, `/layers/kiosks/features?asOf=${iso(revised - HOUR)}`)).status).toBe(
      404,
    );
  });
});
