/** KPIs are computed from the data the API serves, for the region asked about. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EventPage,
  type FeatureCollection,
  type Indicator,
  type IocEvent,
  type Geometry,
  type KioskProps,
  KpiResponse,
  RegionCollection,
  SERVICE_CIRCLE_M,
} from '@ioc/contract/contract';
import { serviceCircleCoverage } from '@ioc/domain/analysis/serviceCircle';
import { convertFeatures } from '../../src/api/crs';
import { call, DISTRICT, PINGHU, testApi } from './helpers';

let api: ReturnType<typeof testApi>;
let streets: RegionCollection;
beforeAll(async () => {
  api = testApi();
  streets = RegionCollection.parse((await call(api, '/api/v1/regions?level=street')).body);
});
afterAll(() => api.close());

async function kpis(region?: string): Promise<Map<string, Indicator>> {
  const res = await call(api, `/api/v1/kpis${region ? `?region=${region}` : ''}`);
  expect(res.status).toBe(200);
  return new Map(KpiResponse.parse(res.body).indicators.map((i) => [i.id, i]));
}
async function features<P>(layer: string, query = ''): Promise<FeatureCollection<P>['features']> {
  return (await call<FeatureCollection<P>>(api, `/api/v1/layers/${layer}/features${query}`)).body.features;
}
async function allEvents(): Promise<IocEvent[]> {
  const out: IocEvent[] = [];
  let cursor: string | null = null;
  do {
    const page = EventPage.parse(
      (await call(api, `/api/v1/events?limit=1000${cursor ? `&cursor=${cursor}` : ''}`)).body,
    );
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

describe('5G', () => {
  it('reports docs/DATA.md figures: 103.63 % overall and 113.21 % for macro stations', async () => {
    const k = await kpis();
    expect(k.get('5g.built')).toMatchObject({ value: 10_346, target: 9_984 });
    expect(k.get('5g.macroBuilt')).toMatchObject({ value: 8_084, target: 7_141 });
    expect(k.get('5g.completion')?.value).toBe(103.63);
    expect(k.get('5g.macroCompletion')?.value).toBe(113.21);
  });

  it('computes each street completion as built / target from the layer itself', async () => {
    const k = await kpis();
    const built = k.get('5g.built')!;
    const completion = k.get('5g.completion')!;
    expect(built.breakdown?.map((b) => b.regionId)).toEqual(streets.features.map((f) => f.properties.id));
    expect(built.breakdown?.reduce((a, b) => a + b.value, 0)).toBe(10_346);
    for (const s of streets.features) {
      const id = s.properties.id;
      const fs = await features<{ regionId: string }>('5g-stations', `?region=${id}`);
      const streetKpis = await kpis(id);
      const b = streetKpis.get('5g.built')!;
      expect(b.value).toBe(fs.length);
      expect(built.breakdown?.find((x) => x.regionId === id)?.value).toBe(fs.length);
      const expected = Math.round((fs.length / b.target!) * 10_000) / 100;
      expect(streetKpis.get('5g.completion')?.value).toBe(expected);
      expect(completion.breakdown?.find((x) => x.regionId === id)?.value).toBe(expected);
      // A street's breakdown is by its communities.
      expect(b.breakdown?.every((x) => x.regionId.startsWith(id) && x.regionId.length === 12)).toBe(true);
    }
    const targets = await Promise.all(
      streets.features.map(async (s) => (await kpis(s.properties.id)).get('5g.built')!.target!),
    );
    expect(targets.reduce((a, b) => a + b, 0)).toBe(9_984);
  });

  it('counts open issues and the status mix from the features', async () => {
    const fs = await features<{ issue?: string; status: string }>('5g-stations');
    const k = await kpis();
    expect(k.get('5g.openIssues')?.value).toBe(fs.filter((f) => f.properties.issue).length);
    for (const s of ['planned', 'approved', 'building', 'on-air']) {
      expect(k.get(`5g.statusMix.${s}`)?.value).toBe(fs.filter((f) => f.properties.status === s).length);
    }
  });
});

describe('other layer indicators', () => {
  it('kiosks, kindergartens, demolition, medical and urban villages come from the features', async () => {
    const k = await kpis();
    expect(k.get('selfService.existing')?.value).toBe(50);
    expect(k.get('selfService.planned')?.value).toBe(16);
    const kiosks = await features<{ status: string; dailyUses: number }>('kiosks');
    expect(k.get('selfService.dailyUses')?.value).toBe(
      kiosks.reduce((a, f) => a + f.properties.dailyUses, 0),
    );
    const cov = k.get('selfService.coverage15min')!.value;
    expect(cov).toBeGreaterThan(10);
    expect(cov).toBeLessThan(100);
    expect(k.get('selfService.coverage15minPlanned')!.value).toBeGreaterThanOrEqual(cov);

    const kg = await features<{ cameras: number; camerasOnline: number; stage: string }>(
      'kindergarten-cameras',
    );
    const online = kg.reduce((a, f) => a + f.properties.camerasOnline, 0);
    const cams = kg.reduce((a, f) => a + f.properties.cameras, 0);
    expect(k.get('kindergarten.camerasOnlineRate')?.value).toBe(Math.round((online / cams) * 10_000) / 100);
    expect(k.get('kindergarten.stage.done')?.value).toBe(
      kg.filter((f) => f.properties.stage === 'done').length,
    );

    const dm = await features<{ households: number; difficulty: number }>('demolition');
    expect(k.get('demolition.households')?.value).toBe(dm.reduce((a, f) => a + f.properties.households, 0));
    const byDifficulty = [1, 2, 3, 4, 5].map((d) => k.get(`demolition.difficulty.${d}`)!.value);
    expect(byDifficulty.reduce((a, b) => a + b, 0)).toBe(503);

    const md = await features<{ beds: number; doctors: number }>('medical');
    const beds = md.reduce((a, f) => a + f.properties.beds, 0);
    expect(k.get('medical.bedsPer10k')?.value).toBe(Math.round((beds / 5_080_000) * 10_000 * 100) / 100);
    expect(k.get('medical.bedsPer10k')?.breakdown).toHaveLength(11);
    expect(k.get('medical.doctorsPer10k')?.unit).toBe('人/万人');

    expect(k.get('urbanVillage.undergroundLines')?.value).toBe(55);
  });

  it('15-minute coverage is the planner workbench figure, for the district and every street', async () => {
    // What the workbench computes on the (WGS84) map from the API's own answers.
    const communities = RegionCollection.parse((await call(api, '/api/v1/regions?level=community')).body);
    const kiosks = await features<KioskProps>('kiosks', '?status=existing');
    const wgs = (fs: { geometry: Geometry }[]) => convertFeatures(fs, 'GCJ02', 'WGS84');
    const sites = wgs(kiosks).map((k) => k.geometry.coordinates as [number, number]);
    const planner = serviceCircleCoverage(
      wgs(communities.features) as typeof communities.features,
      sites,
      SERVICE_CIRCLE_M,
    );
    const kpi = (await kpis()).get('selfService.coverage15min')!;
    const pct = (covered: number, total: number) => Math.round((covered / total) * 10_000) / 100;
    expect(kpi.value).toBe(pct(planner.totalCovered, planner.totalPopulation));
    for (const street of planner.streets) {
      expect(kpi.breakdown?.find((b) => b.regionId === street.streetId)?.value).toBe(
        pct(street.covered, street.population),
      );
    }
  });

  it('sub-centers: 11, seven at 90 % or more, Pinghu, Bantian, Nanwan and Buji at 100 %', async () => {
    const r = (await kpis()).get('subcenter.readiness')!;
    expect(r.breakdown).toHaveLength(11);
    expect(r.breakdown!.filter((b) => b.value >= 90)).toHaveLength(7);
    for (const id of ['440307001', '440307002', '440307003', '440307004']) {
      expect(r.breakdown!.find((b) => b.regionId === id)?.value).toBe(100);
    }
    expect((await kpis()).get('subcenter.ready90')?.value).toBe(7);
  });
});

describe('event indicators', () => {
  it('hotline intake today and closure rate match the events the API lists', async () => {
    const events = await allEvents();
    const now = api.clock.now();
    const dayStart = Date.parse('2026-11-22T00:00:00+08:00');
    const hotline = events.filter((e) => e.source === '12345');
    const today = hotline.filter((e) => Date.parse(e.reportedAt) >= dayStart);
    const k = await kpis();
    expect(k.get('hotline.intakeToday')?.value).toBe(today.length);
    const last24 = hotline.filter((e) => Date.parse(e.reportedAt) > now - 86_400_000);
    // Closure counts the orders that fell due in the last day, as SLA reporting does.
    const dueToday = hotline.filter(
      (e) => Date.parse(e.dueAt) > now - 86_400_000 && Date.parse(e.dueAt) <= now,
    );
    const done = dueToday.filter((e) => e.status === 'resolved' || e.status === 'closed').length;
    expect(dueToday.length).toBeGreaterThan(300);
    expect(k.get('hotline.closureRate')?.value).toBe(Math.round((done / dueToday.length) * 10_000) / 100);
    // A normal day, as the district reports it (99 % of orders closed), not a crisis.
    expect(k.get('hotline.closureRate')?.value).toBeGreaterThan(90);
    const trend = k.get('hotline.trend')!;
    expect(trend.trend).toHaveLength(24);
    expect(trend.trend!.reduce((a, p) => a + p.v, 0)).toBeGreaterThan(0);
    const cats = [...k.keys()].filter((id) => id.startsWith('hotline.category.'));
    expect(cats).toHaveLength(7);
    expect(cats.reduce((a, id) => a + k.get(id)!.value, 0)).toBe(last24.length);
    const overdue = hotline.filter(
      (e) => ['reported', 'dispatched', 'handling'].includes(e.status) && Date.parse(e.dueAt) < now,
    ).length;
    expect(k.get('hotline.overdue')?.value).toBe(overdue);
  });

  it('changes as events arrive, and is scoped to the street asked about', async () => {
    const before = (await kpis(PINGHU)).get('hotline.intakeToday')!.value;
    const other = (await kpis('440307002')).get('hotline.intakeToday')!.value;
    const res = await call(api, '/__mock/events', {
      body: { source: '12345', regionId: PINGHU, title: '测试' },
    });
    expect(res.status).toBe(201);
    expect((await kpis(PINGHU)).get('hotline.intakeToday')!.value).toBe(before + 1);
    expect((await kpis('440307002')).get('hotline.intakeToday')!.value).toBe(other);
    expect(
      (await kpis(DISTRICT)).get('hotline.intakeToday')!.breakdown?.find((b) => b.regionId === PINGHU)?.value,
    ).toBe(before + 1);
  });
});
