import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import { convertGeometry, convertPoint } from '../../../src/api/crs';

// Longgang's government building, a point whose GCJ-02 offset is several hundred metres.
const wgs: [number, number] = [114.2468, 22.7208];

describe('CRS conversion', () => {
  it('moves GCJ-02 data onto a WGS84 basemap by the GCJ offset (hundreds of metres in Shenzhen)', () => {
    const gcj = gcoord.transform(wgs, gcoord.WGS84, gcoord.GCJ02) as [number, number];
    const back = convertPoint(gcj, 'GCJ02', 'WGS84');
    expect(back[0]).toBeCloseTo(wgs[0], 5);
    expect(back[1]).toBeCloseTo(wgs[1], 5);
    const offsetM = Math.hypot((gcj[0] - wgs[0]) * 102_000, (gcj[1] - wgs[1]) * 111_000);
    expect(offsetM).toBeGreaterThan(200);
  });

  it('round-trips BD-09 and treats CGCS2000 as WGS84', () => {
    const bd = convertPoint(wgs, 'WGS84', 'BD09');
    expect(bd[0]).not.toBeCloseTo(wgs[0], 3);
    const back = convertPoint(bd, 'BD09', 'WGS84');
    expect(back[0]).toBeCloseTo(wgs[0], 5);
    expect(convertPoint(wgs, 'CGCS2000', 'WGS84')).toEqual(wgs);
  });

  it('converts every vertex of a polygon, keeping its rings', () => {
    const ring = [
      [114.2, 22.7],
      [114.3, 22.7],
      [114.3, 22.8],
      [114.2, 22.7],
    ];
    const out = convertGeometry({ type: 'Polygon', coordinates: [ring] }, 'GCJ02', 'WGS84');
    expect(out.coordinates[0]).toHaveLength(4);
    out.coordinates[0]!.forEach((p, i) => {
      const expected = gcoord.transform(ring[i] as [number, number], gcoord.GCJ02, gcoord.WGS84) as number[];
      expect(p[0]).toBeCloseTo(expected[0]!, 8);
    });
  });
});
