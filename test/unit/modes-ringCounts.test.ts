import distance from '@turf/distance';
import { describe, expect, it } from 'vitest';
import type { LngLat } from '@ioc/contract/contract';
import kindergartens from '../../layers/kindergarten-cameras.layer';
import kiosks from '../../layers/kiosks.layer';
import events from '../../layers/live-events.layer';
import medical from '../../layers/medical.layer';
import stations from '../../layers/5g-stations.layer';
import type { RingRole } from '../../layers/kit/define';
import {
  type AreaRow,
  countRings,
  type RingInput,
  ringOf,
  residentsByRing,
} from '../../src/modes/emergency/ringCounts';

const C: LngLat = [114.25, 22.72];
const RINGS = [500, 1000, 2000];
/** A point `m` metres due north of C. */
const north = (m: number): LngLat => [C[0], C[1] + m / 111_195];

describe('ringOf', () => {
  it('puts a distance in the innermost ring that holds it (annuli; a boundary is inner)', () => {
    expect(ringOf(0, RINGS)).toBe(0);
    expect(ringOf(500, RINGS)).toBe(0);
    expect(ringOf(500.1, RINGS)).toBe(1);
    expect(ringOf(2000, RINGS)).toBe(2);
    expect(ringOf(2000.1, RINGS)).toBe(-1);
  });
});

/** A layer's ring columns over points north of C, each with its properties. */
const input = (columns: RingRole[] | undefined, points: [number, Record<string, unknown>][]): RingInput => ({
  columns: columns ?? [],
  center: C,
  features: points.map(([m, properties], i) => ({
    geometry: { type: 'Point', coordinates: north(m) },
    properties: { id: `f${i}`, ...properties },
  })),
});

describe('countRings', () => {
  it('counts each feature in one band only, by the columns the layers declare: 管控 excludes 封控, 防范 both', () => {
    const rings = countRings(RINGS, [
      input(kindergartens.roles?.rings, [
        [100, { cameras: 4 }],
        [900, { cameras: 6 }],
        [2500, { cameras: 9 }],
      ]),
      input(medical.roles?.rings, [
        [300, { kind: 'hospital', beds: 500 }],
        [1500, { kind: 'clinic', beds: 0 }],
        [1600, { kind: 'community-health', beds: 20 }],
      ]),
      input(kiosks.roles?.rings, [[700, {}]]),
      input(stations.roles?.rings, [
        [10, {}],
        [1999, {}],
      ]),
      input(events.roles?.rings, [
        [450, { status: 'reported' }],
        [460, { status: 'resolved' }],
      ]),
    ]);
    const col = (key: string) => rings.map((r) => r.values[key]);
    expect(rings.map((r) => r.radiusM)).toEqual(RINGS);
    expect([col('kindergartens'), col('cameras')]).toEqual([
      [1, 1, 0],
      [4, 6, 0],
    ]);
    expect([col('medical'), col('hospitals'), col('beds')]).toEqual([
      [1, 0, 2],
      [1, 0, 0],
      [500, 0, 20],
    ]);
    expect(col('kiosks')).toEqual([0, 1, 0]);
    expect(col('stations')).toEqual([1, 0, 1]);
    // Only open events count (the live-events layer's `where`).
    expect(col('events')).toEqual([1, 0, 0]);
  });

  it('never counts the incident itself', () => {
    const rings = countRings(RINGS, [input(events.roles?.rings, [[0, { status: 'reported' }]])], 'f0');
    expect(rings.map((r) => r.values.events)).toEqual([0, 0, 0]);
  });

  it('agrees with turf distance at the boundaries', () => {
    const p = 1000;
    const d = distance(C, north(p), { units: 'meters' });
    const rings = countRings(RINGS, [input(kiosks.roles?.rings, [[p, {}]])]);
    expect(rings[ringOf(d, RINGS)]!.values.kiosks).toBe(1);
  });
});

describe('residentsByRing', () => {
  // A square community 10 km across around C with 1,000,000 residents on 100 km².
  const half = 5000;
  const dLat = half / 110_574;
  const dLng = half / (111_320 * Math.cos((C[1] * Math.PI) / 180));
  const square: AreaRow = {
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [C[0] - dLng, C[1] - dLat],
          [C[0] + dLng, C[1] - dLat],
          [C[0] + dLng, C[1] + dLat],
          [C[0] - dLng, C[1] + dLat],
          [C[0] - dLng, C[1] - dLat],
        ],
      ],
    },
    population: 1_000_000,
    areaKm2: 100,
  };

  it('is density times each band’s area, within a few per cent', () => {
    const got = residentsByRing(C, RINGS, [square]);
    const density = 10_000; // per km²
    const area = (r: number) => (Math.PI * r * r) / 1e6;
    const want = [area(500), area(1000) - area(500), area(2000) - area(1000)].map((a) => a * density);
    for (const [i, g] of got.entries()) expect(Math.abs(g - want[i]!) / want[i]!).toBeLessThan(0.04);
  });

  it('counts nobody where no community is', () => {
    expect(residentsByRing([C[0] + 1, C[1]], RINGS, [square])).toEqual([0, 0, 0]);
  });
});
