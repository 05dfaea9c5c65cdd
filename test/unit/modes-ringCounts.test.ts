import distance from '@turf/distance';
import { describe, expect, it } from 'vitest';
import type { LngLat } from '../../src/api/contract';
import { type AreaRow, countRings, ringOf, residentsByRing } from '../../src/modes/emergency/ringCounts';

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

describe('countRings', () => {
  const empty = { kindergartens: [], medical: [], kiosks: [], stations: [], events: [], communities: [] };

  it('counts each feature in one band only: 管控 excludes 封控, 防范 both', () => {
    const rings = countRings(C, RINGS, {
      ...empty,
      kindergartens: [
        { at: north(100), props: { cameras: 4 } },
        { at: north(900), props: { cameras: 6 } },
        { at: north(2500), props: { cameras: 9 } },
      ],
      medical: [
        { at: north(300), props: { kind: 'hospital', beds: 500 } },
        { at: north(1500), props: { kind: 'clinic', beds: 0 } },
        { at: north(1600), props: { kind: 'community-health', beds: 20 } },
      ],
      kiosks: [{ at: north(700), props: {} }],
      stations: [
        { at: north(10), props: {} },
        { at: north(1999), props: {} },
      ],
      events: [{ at: north(450), props: {} }],
    });
    expect(rings.map((r) => r.radiusM)).toEqual(RINGS);
    expect(rings.map((r) => [r.kindergartens, r.cameras])).toEqual([
      [1, 4],
      [1, 6],
      [0, 0],
    ]);
    expect(rings.map((r) => [r.medical, r.hospitals, r.beds])).toEqual([
      [1, 1, 500],
      [0, 0, 0],
      [2, 0, 20],
    ]);
    expect(rings.map((r) => r.kiosks)).toEqual([0, 1, 0]);
    expect(rings.map((r) => r.stations)).toEqual([1, 0, 1]);
    expect(rings.map((r) => r.events)).toEqual([1, 0, 0]);
  });

  it('agrees with turf distance at the boundaries', () => {
    const p = north(1000);
    const d = distance(C, p, { units: 'meters' });
    const rings = countRings(C, RINGS, { ...empty, kiosks: [{ at: p, props: {} }] });
    expect(rings[ringOf(d, RINGS)]!.kiosks).toBe(1);
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
