/** The planner's analyses on hand-made cases with obvious answers, then invariants on the demo data. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Feature,
  type FeatureCollection,
  type Indicator,
  KpiResponse,
  type MedicalProps,
  RegionCollection,
  type RegionProps,
  type StationProps,
} from '@ioc/contract/contract';
import { haversineM, type Pos } from '@ioc/domain/analysis/geo';
import { medicalAllocation } from '../../src/analysis/medicalAllocation';
import { polygonStats, type StatsFeature } from '../../src/analysis/polygonStats';
import { serviceCircleCoverage } from '@ioc/domain/analysis/serviceCircle';
import { problemSitesByCause, stationsVsTarget } from '../../src/analysis/stationsVsTarget';
import { call, testApi } from '../mock-server/helpers';

/** A square community of side `d` degrees with its lower-left corner at (x, y). */
function square(
  id: string,
  parentId: string,
  x: number,
  y: number,
  d: number,
  population: number,
): Feature<RegionProps> {
  return {
    type: 'Feature',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [x, y],
          [x + d, y],
          [x + d, y + d],
          [x, y + d],
          [x, y],
        ],
      ],
    },
    properties: { id, name: id, level: 'community', parentId, population, areaKm2: 1 },
  };
}

describe('serviceCircleCoverage', () => {
  // Two ~1 km communities in street S1 far apart, one in S2; a kiosk in the middle of A only.
  const a = square('A', 'S1', 114.0, 22.0, 0.009, 1000);
  const b = square('B', 'S1', 114.2, 22.0, 0.009, 3000);
  const c = square('C', 'S2', 114.4, 22.0, 0.009, 500);
  const kiosk: Pos = [114.0045, 22.0045];

  it('covers a community around a kiosk and none far away', () => {
    const r = serviceCircleCoverage([a, b, c], [kiosk], 940);
    const s1 = r.streets.find((s) => s.streetId === 'S1')!;
    const s2 = r.streets.find((s) => s.streetId === 'S2')!;
    expect(s1.population).toBeCloseTo(4000);
    expect(s1.covered).toBeCloseTo(1000); // every sample of A is within ~640 m of its centre
    expect(s1.share).toBeCloseTo(0.25);
    expect(s2.share).toBe(0);
    expect(r.totalCovered).toBeCloseTo(1000);
  });

  it('ranks gap candidates by the population they would newly cover', () => {
    const r = serviceCircleCoverage([a, b, c], [kiosk], 940);
    expect(r.candidates.map((x) => x.communityId)).toEqual(['B', 'C']);
    expect(r.candidates[0]!.newlyCovered).toBeCloseTo(3000);
    expect(r.candidates[1]!.newlyCovered).toBeCloseTo(500);
  });

  it('counts each resident once across the candidates: a second site next to the first adds little', () => {
    // D and E touch, so a kiosk at either covers most of both; F is far away and smaller.
    const d = square('D', 'S3', 114.6, 22.0, 0.009, 2000);
    const e = square('E', 'S3', 114.609, 22.0, 0.009, 2000);
    const f = square('F', 'S4', 114.8, 22.0, 0.009, 1200);
    const r = serviceCircleCoverage([d, e, f], [], 940);
    const [first, second, third] = r.candidates;
    // Ranked one by one, both D and E would claim over 2,000 people and F would come last;
    // sited in turn, the neighbour of the first adds only what the first leaves out.
    expect(first!.newlyCovered).toBeGreaterThan(2000);
    expect(second!.communityId).toBe('F');
    expect(second!.newlyCovered).toBeCloseTo(1200);
    const sum = r.candidates.reduce((a, x) => a + x.newlyCovered, 0);
    expect(sum).toBeLessThanOrEqual(r.totalPopulation + 1e-6);
    expect(third!.newlyCovered).toBeLessThan(second!.newlyCovered);
  });

  it('with no kiosks nothing is covered', () => {
    const r = serviceCircleCoverage([a, b, c], [], 940);
    expect(r.totalCovered).toBe(0);
    expect(r.totalPopulation).toBeCloseTo(4500);
  });
});

describe('medicalAllocation', () => {
  it('gives beds and doctors per 10,000 residents by street, via communities', () => {
    const s1 = {
      ...square('S1', 'D', 0, 0, 1, 20_000),
      properties: { ...square('S1', 'D', 0, 0, 1, 20_000).properties, level: 'street' as const },
    };
    const s2 = { ...s1, properties: { ...s1.properties, id: 'S2', name: 'S2', population: 0 } };
    const comm = square('C1', 'S1', 0, 0, 0.5, 5000);
    const rows = medicalAllocation(
      [s1, s2],
      [
        { properties: { regionId: 'S1', beds: 30, doctors: 10 } },
        { properties: { regionId: 'C1', beds: 10, doctors: 4 } },
        { properties: { regionId: 'S2', beds: 5, doctors: 1 } },
      ],
      [comm],
    );
    expect(rows[0]).toMatchObject({
      streetId: 'S1',
      beds: 40,
      doctors: 14,
      facilities: 2,
      bedsPer10k: 20,
      doctorsPer10k: 7,
    });
    expect(rows[1]).toMatchObject({ streetId: 'S2', beds: 5, bedsPer10k: 0 }); // no residents: no ratio
  });
});

describe('polygonStats', () => {
  const layer: { layerId: string; features: StatsFeature[] } = {
    layerId: 'pts',
    features: [
      { geometry: { type: 'Point', coordinates: [0.5, 0.5] }, properties: { id: 'a', beds: 2, name: 'x' } },
      { geometry: { type: 'Point', coordinates: [0.2, 0.7] }, properties: { id: 'b', beds: 3 } },
      { geometry: { type: 'Point', coordinates: [2, 2] }, properties: { id: 'c', beds: 100 } },
    ],
  };
  it('counts and sums what is inside a polygon', () => {
    const [s] = polygonStats(
      {
        kind: 'polygon',
        ring: [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ],
      },
      [layer],
    );
    expect(s).toEqual({ layerId: 'pts', count: 2, sums: { beds: 5 } });
  });
  it('counts what is inside a circle', () => {
    const center: Pos = [0.5, 0.5];
    const radiusM = haversineM(center, [0.2, 0.7]) + 50;
    const [s] = polygonStats({ kind: 'circle', center, radiusM }, [layer]);
    expect(s!.count).toBe(2);
    expect(polygonStats({ kind: 'circle', center, radiusM: 10 }, [layer])[0]!.count).toBe(1);
  });
  it('an unfinished polygon holds nothing', () => {
    expect(
      polygonStats(
        {
          kind: 'polygon',
          ring: [
            [0, 0],
            [1, 1],
          ],
        },
        [layer],
      )[0]!.count,
    ).toBe(0);
  });
});

describe('stationsVsTarget', () => {
  it('derives each street target from built and completion', () => {
    const ind: Indicator[] = [
      {
        id: '5g.built',
        label: '',
        value: 300,
        unit: '',
        breakdown: [
          { regionId: 'S1', value: 110 },
          { regionId: 'S2', value: 190 },
        ],
      },
      {
        id: '5g.completion',
        label: '',
        value: 100,
        unit: '%',
        breakdown: [
          { regionId: 'S1', value: 110 },
          { regionId: 'S2', value: 95 },
        ],
      },
    ];
    expect(stationsVsTarget(ind)).toEqual([
      { regionId: 'S1', built: 110, target: 100, completionPct: 110 },
      { regionId: 'S2', built: 190, target: 200, completionPct: 95 },
    ]);
  });
  it('counts problem sites by cause', () => {
    expect(
      problemSitesByCause([
        { properties: { issue: 'power' } },
        { properties: {} },
        { properties: { issue: 'power' } },
        { properties: { issue: 'approval' } },
      ]),
    ).toEqual([
      { cause: 'power', count: 2 },
      { cause: 'approval', count: 1 },
    ]);
  });
});

describe('on the demo data', () => {
  let api: ReturnType<typeof testApi>;
  let streets: RegionCollection;
  let communities: RegionCollection;
  const features = async <P>(layer: string) =>
    (await call<FeatureCollection<P>>(api, `/api/v1/layers/${layer}/features`)).body.features;
  beforeAll(async () => {
    api = testApi();
    streets = RegionCollection.parse((await call(api, '/api/v1/regions?level=street')).body);
    communities = RegionCollection.parse((await call(api, '/api/v1/regions?level=community')).body);
  });
  afterAll(() => api.close());

  it('coverage shares lie in 0..1 and covered population never exceeds population', async () => {
    const kiosks = (await features<{ status: string }>('kiosks'))
      .filter((k) => k.properties.status === 'existing')
      .map((k) => k.geometry.coordinates as Pos);
    expect(kiosks.length).toBe(50);
    const r = serviceCircleCoverage(communities.features, kiosks, 940);
    expect(r.streets).toHaveLength(streets.features.length);
    for (const s of r.streets) {
      expect(s.share).toBeGreaterThanOrEqual(0);
      expect(s.share).toBeLessThanOrEqual(1);
    }
    expect(r.totalCovered).toBeLessThanOrEqual(r.totalPopulation);
    expect(r.totalPopulation).toBeCloseTo(
      communities.features.reduce((a, c) => a + c.properties.population, 0),
      0,
    );
    for (let i = 1; i < r.candidates.length; i++)
      expect(r.candidates[i]!.newlyCovered).toBeLessThanOrEqual(r.candidates[i - 1]!.newlyCovered);
  });

  it('medical allocation adds up to every bed of the layer', async () => {
    const fs = await features<MedicalProps>('medical');
    const rows = medicalAllocation(streets.features, fs, communities.features);
    expect(rows.reduce((a, r) => a + r.beds, 0)).toBe(fs.reduce((a, f) => a + f.properties.beds, 0));
    for (const r of rows) expect(r.bedsPer10k).toBeCloseTo((r.beds / r.population) * 10_000);
  });

  it('5G targets by street add up to the district target (within rounding)', async () => {
    const kpis = KpiResponse.parse((await call(api, '/api/v1/kpis')).body);
    const rows = stationsVsTarget(kpis.indicators);
    const built = kpis.indicators.find((i) => i.id === '5g.built')!;
    expect(rows.reduce((a, r) => a + r.built, 0)).toBe(built.value);
    expect(Math.abs(rows.reduce((a, r) => a + (r.target ?? 0), 0) - built.target!)).toBeLessThanOrEqual(
      rows.length,
    );
    const stations = await features<StationProps>('5g-stations');
    const causes = problemSitesByCause(stations);
    expect(causes.reduce((a, c) => a + c.count, 0)).toBe(stations.filter((s) => s.properties.issue).length);
  });
});
