/**
 * Bounds on what the API can make the page do, without a browser: each indicator's
 * plausible range (no false alarm on any real figure of the demo city), geometries that do
 * not match their layer, heavy geometries checked, converted and simplified fast without
 * changing the answer, object-valued properties as text, and clipped names.
 */
import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import { createApi } from '../../mock-server/api';
import { hugeNumbers, jaggedRing, longText } from '../../mock-server/hostile/extremes';
import { clip } from '../../src/api/clip';
import { BaseProps, type Geometry, Geometry as GeometrySchema, MedicalProps } from '@ioc/contract/contract';
import { convertFeatures } from '../../src/api/crs';
import { parseFeatures } from '../../src/api/features';
import { prepareHeavy } from '../../src/api/heavyGeometry';
import { forDisplay, loadSimplifier } from '../../src/catalog/displayGeometry';
import { MAX_DRAWN } from '../../src/catalog/simplifyGeometry';
import { fieldValue } from '../../src/panels/fieldValue';
import { implausible, plausibleRange } from '../../src/panels/kpi/range';
import { selectIndicators } from '../../src/panels/kpi/useKpis';
import type { Indicator } from '@ioc/contract/contract';

const feature = (geometry: unknown, props: Record<string, unknown> = {}) => ({
  type: 'Feature',
  geometry,
  properties: { id: 'f1', name: '测试', regionId: '440307001', ...props },
});
const ring = (n: number) => jaggedRing([114.25, 22.7], n);

describe('plausible ranges of indicators', () => {
  it('flags no figure of the demo city, at any scope', async () => {
    const api = createApi({ seed: 7, tickMs: 0 });
    for (const region of ['', '?region=440307001', '?region=440307001001']) {
      const body = (await (await api.handle(new Request(`http://x/api/v1/kpis${region}`))).json()) as {
        indicators: Indicator[];
      };
      expect(body.indicators.length).toBeGreaterThan(30);
      for (const ind of body.indicators) expect(implausible(ind), `${ind.id}${region}`).toBeNull();
    }
    api.close();
  });

  it('derives a range from the unit and id', () => {
    expect(plausibleRange('5g.completion', '%')).toMatchObject({ min: 0, max: 1000 });
    expect(plausibleRange('kindergarten.camerasOnlineRate', '%')).toMatchObject({ min: 0, max: 100 });
    expect(plausibleRange('medical.bedsPer10k', '张/万人')).toMatchObject({ min: 0, max: 10_000 });
    expect(plausibleRange('5g.built', '个')).toMatchObject({ min: 0, integer: true });
    expect(plausibleRange('selfService.dailyUses', '人次/日')).toMatchObject({ min: 0, integer: false });
  });

  it('flags 1e308, -1, a fractional count, NaN-like and out-of-range breakdowns', () => {
    const ind = (o: Partial<Indicator>): Indicator => ({
      id: '5g.built',
      label: '5G基站建成数',
      value: 10,
      unit: '个',
      ...o,
    });
    expect(implausible(ind({ value: 1e308 }))).toEqual({ where: 'value', value: 1e308 });
    expect(implausible(ind({ value: -1 }))).toEqual({ where: 'value', value: -1 });
    expect(implausible(ind({ value: 2.5 }))?.where).toBe('value');
    expect(implausible(ind({ id: '5g.completion', unit: '%', value: 113.21 }))).toBeNull();
    expect(implausible(ind({ id: 'hotline.closureRate', unit: '%', value: 140 }))?.where).toBe('value');
    expect(
      implausible(
        ind({
          breakdown: [
            { regionId: 'a', value: 3 },
            { regionId: 'b', value: -4 },
          ],
        }),
      )?.where,
    ).toBe('breakdown.1');
    expect(implausible(ind({ unit: 'km', value: 1e300 }))?.where).toBe('value');
  });

  it('flags the implausible indicator of a panel and keeps the others', () => {
    const raw = hugeNumbers({
      indicators: [
        { id: '5g.built', label: '5G基站建成数', value: 10346, unit: '个' },
        { id: '5g.completion', label: '5G基站任务完成率', value: 103.63, unit: '%' },
        { id: '5g.openIssues', label: '问题站点', value: 3, unit: '个' },
      ],
    }) as { indicators: (Indicator & { value: number })[] };
    raw.indicators[1]!.value = 103.63; // only 1e308 and -1 are bad here
    const out = selectIndicators(raw.indicators, { ids: ['5g.built', '5g.completion', '5g.openIssues'] });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.flagged).toEqual([
      { id: '5g.built', label: '5G基站建成数', where: 'value', value: 1e308 },
      { id: '5g.openIssues', label: '问题站点', where: 'value', value: 1e308 },
    ]);
    expect([...out.byId.keys()]).toEqual(['5g.completion']);
  });
});

describe('features that do not fit their layer', () => {
  it('skips and counts a polygon in a point layer, and keeps the points', () => {
    const point = feature(
      { type: 'Point', coordinates: [114.2, 22.7] },
      { kind: 'clinic', beds: 1, doctors: 1 },
    );
    const polygon = { ...point, geometry: { type: 'Polygon', coordinates: [ring(8)] } };
    const multi = { ...point, geometry: { type: 'MultiPoint', coordinates: [[114.2, 22.7]] } };
    const { features, skipped } = parseFeatures([point, polygon, multi], MedicalProps, undefined, 'Point');
    expect(features.map((f) => f.geometry.type)).toEqual(['Point', 'MultiPoint']);
    expect(skipped).toBe(1);
    // The same polygon in a polygon layer is kept.
    expect(parseFeatures([polygon], MedicalProps, undefined, 'Polygon').skipped).toBe(0);
  });
});

describe('heavy geometries', () => {
  const cases: [string, unknown][] = [
    ['a valid jagged polygon', { type: 'Polygon', coordinates: [ring(5000)] }],
    [
      'a NaN vertex',
      { type: 'Polygon', coordinates: [ring(5000).map((p, i) => (i === 2500 ? [Number.NaN, p[1]] : p))] },
    ],
    [
      'a vertex out of range',
      { type: 'Polygon', coordinates: [ring(5000).map((p, i) => (i === 9 ? [p[1], 200] : p))] },
    ],
    [
      'a string vertex',
      { type: 'Polygon', coordinates: [ring(5000).map((p, i) => (i === 9 ? ['x', p[1]] : p))] },
    ],
    [
      'a four-number vertex',
      { type: 'Polygon', coordinates: [ring(5000).map((p, i) => (i === 9 ? [...p, 0, 0] : p))] },
    ],
    ['a ring of three', { type: 'MultiPolygon', coordinates: [[ring(5000)], [ring(5000).slice(0, 3)]] }],
    ['a valid multi line', { type: 'MultiLineString', coordinates: [ring(3000), ring(3000)] }],
    ['an unknown type', { type: 'Hexagon', coordinates: [ring(5000)] }],
  ];

  it('are judged exactly as the contract judges them, by the fast path', async () => {
    const raw = cases.map(([, g]) => feature(g));
    await prepareHeavy(raw);
    const { features } = parseFeatures(raw, BaseProps.loose());
    const kept = new Set(features.map((f) => f.geometry));
    for (const [name, g] of cases)
      expect(kept.has(g as Geometry), name).toBe(GeometrySchema.safeParse(g).success);
  });

  it('are converted between datums on a grid, within half a metre of the exact conversion across 30 km', async () => {
    const g = { type: 'Polygon', coordinates: [jaggedRing([114.25, 22.7], 20_000, 15_000)] };
    await prepareHeavy([feature(g)]);
    const [out] = convertFeatures([{ geometry: g as Geometry }], 'GCJ02', 'WGS84');
    const got = (out!.geometry as { coordinates: number[][][] }).coordinates[0]!;
    const src = g.coordinates[0]!;
    for (let i = 0; i < src.length; i += 997) {
      const exact = gcoord.transform(src[i] as [number, number], gcoord.GCJ02, gcoord.WGS84) as number[];
      const dx = (got[i]![0]! - exact[0]!) * 111_320 * Math.cos((22.7 * Math.PI) / 180);
      const dy = (got[i]![1]! - exact[1]!) * 111_320;
      expect(Math.hypot(dx, dy)).toBeLessThan(0.5);
    }
  });

  it('are drawn with at most 4,000 vertices, closed, in place; light features untouched', async () => {
    await loadSimplifier();
    const heavy = feature({ type: 'Polygon', coordinates: [ring(200_000)] }) as never;
    const light = feature({ type: 'Polygon', coordinates: [ring(50)] }) as never;
    const features = [light, heavy];
    for (const zoom of [8, 11, 15, 20]) {
      const drawn = forDisplay(features, zoom);
      expect(drawn[0]).toBe(light);
      const r = (drawn[1] as { geometry: { coordinates: number[][][] } }).geometry.coordinates[0]!;
      expect(r.length).toBeGreaterThanOrEqual(4);
      expect(r.length).toBeLessThanOrEqual(MAX_DRAWN + 2);
      expect(r[0]).toEqual(r.at(-1));
      // Still about 1.2 km across where it was.
      const xs = r.map((p) => p[0]!);
      expect(
        (Math.max(...xs) - Math.min(...xs)) * 111_320 * Math.cos((22.7 * Math.PI) / 180),
      ).toBeGreaterThan(1100);
      // Once per zoom level: the same array again.
      expect(forDisplay(features, zoom + 0.4)).toBe(drawn);
    }
    // Coarser when zoomed out.
    const at = (z: number) =>
      (forDisplay(features, z)[1] as { geometry: { coordinates: number[][][] } }).geometry.coordinates[0]!
        .length;
    expect(at(10)).toBeLessThan(at(16));
  });
});

describe('text from the API, as the drawer shows it', () => {
  const spec = { key: 'x', label: { 'zh-CN': 'x', en: 'x' } };

  it('shows an object as key/values and an array as a list, never [object Object]', () => {
    const v = fieldValue(spec, { 负责人: '张三', 电话: '0755-1234', 设备: ['摄像头', '烟感'] }, 'zh-CN');
    expect(v).toBe('负责人：张三；电话：0755-1234；设备：(摄像头、烟感)');
    expect(fieldValue(spec, { a: { b: { c: 1 } } }, 'en')).toBe('a: (b: …)');
    expect(
      fieldValue(spec, Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])), 'en'),
    ).toMatch(/k7: 7; …$/);
  });

  it('bounds any value and cuts names with an ellipsis, never half a character', () => {
    const long = longText({ name: '平湖街道' }, 10_000) as { name: string };
    expect(long.name).toHaveLength(10_000);
    expect(fieldValue(spec, long.name, 'zh-CN').length).toBeLessThanOrEqual(301);
    expect(clip('😀'.repeat(40), 61)).toBe(`${'😀'.repeat(30)}…`);
    expect(clip('平湖街道')).toBe('平湖街道');
  });
});
