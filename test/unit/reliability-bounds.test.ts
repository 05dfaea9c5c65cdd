/**
 * Bounds on what the API can make the page do, without a browser: each indicator's
 * plausible range (no false alarm on any real figure of the demo city), geometries that do
 * not match their layer, heavy geometries checked, converted and simplified fast without
 * changing the answer, object-valued properties as text, and clipped names.
 */
import gcoord from 'gcoord';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApi } from '../../mock-server/api';
import { hugeNumbers, jaggedRing, longText } from '../../mock-server/hostile/extremes';
import { clip } from '../../src/api/clip';
import { BaseProps, type Geometry, Geometry as GeometrySchema, MedicalProps } from '@ioc/contract/contract';
import { convertFeatures } from '../../src/api/crs';
import { parseFeatures } from '../../src/api/features';
import { createApiClient } from '../../src/api/client';
import { type ApiProblem, HTML_DETAIL } from '../../src/api/errors';
import { type GeometryRequest, reply } from '../../src/api/geometryWork';
import { PackedGeometry, prepareHeavy } from '../../src/api/heavyGeometry';
import { forDisplay, loadSimplifier, onSimplified } from '../../src/catalog/displayGeometry';
import { inBasemapCrs, loadFeatures } from '../../src/catalog/layerData';
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

describe("a layer's answer with a 200,000-vertex polygon", () => {
  /**
   * The geometry worker, in this process: requests and replies pass through a structured
   * clone with their transfers, as postMessage passes them, and are answered by the code the
   * real worker runs (src/api/geometry.worker.ts).
   */
  const asked: GeometryRequest['op'][] = [];
  class InProcessWorker extends EventTarget {
    postMessage(request: GeometryRequest, transfer: Transferable[] = []) {
      asked.push(request.op);
      const r = structuredClone(request, { transfer });
      void reply(r).then((out) => {
        if (out)
          this.dispatchEvent(
            new MessageEvent('message', { data: structuredClone(out.reply, { transfer: out.transfer }) }),
          );
      });
    }
    terminate() {}
  }
  const answers: (string | Response)[] = [];
  const def = {
    id: 'urban-villages',
    source: { kind: 'features' as const, schema: BaseProps.loose() },
    geometry: 'Polygon' as const,
  };
  const polygon = { type: 'Polygon', coordinates: [ring(200_000)] };
  const broken = {
    type: 'Polygon',
    coordinates: [ring(5000).map((p, i) => (i === 9 ? [Number.NaN, p[1]] : p))],
  };
  const body = JSON.stringify({
    type: 'FeatureCollection',
    features: [
      feature(polygon, { id: 'v1' }),
      feature({ type: 'Polygon', coordinates: [ring(40)] }, { id: 'v2' }),
      feature(broken, { id: 'v3' }),
    ],
  });

  beforeAll(() => {
    vi.stubGlobal('Worker', InProcessWorker);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        const next = answers.shift() ?? body;
        return typeof next === 'string'
          ? new Response(next, { headers: { 'content-type': 'application/json' } })
          : next;
      }),
    );
  });
  afterAll(() => vi.unstubAllGlobals());

  it('is fetched, parsed and checked in the worker, and arrives packed: never walked on the page', async () => {
    const client = createApiClient('http://api.test/api/v1', null);
    const parsed = await loadFeatures(client, def, {});
    expect(asked).toEqual(['fetch']);
    // The broken heavy polygon is skipped and counted, as the contract would have it.
    expect(parsed.skipped).toBe(1);
    expect(parsed.features.map((f) => f.properties.id)).toEqual(['v1', 'v2']);
    const g = parsed.features[0]!.geometry as unknown as PackedGeometry;
    expect(g).toBeInstanceOf(PackedGeometry);
    expect([g.type, g.vertices, g.valid]).toEqual(['Polygon', 200_001, true]);
    // The light feature is as it was sent.
    expect(parsed.features[1]!.geometry).toEqual({ type: 'Polygon', coordinates: [ring(40)] });
    // Byte for byte the same answer again: the same features, known by the worker's hash.
    expect(await loadFeatures(client, def, {})).toBe(parsed);
    expect(asked).toEqual(['fetch', 'fetch']);
    // What an analysis or an export reads is the polygon as sent.
    expect(g.coordinates).toEqual(polygon.coordinates);
    expect(JSON.parse(JSON.stringify(g))).toEqual(polygon);
  }, 30_000);

  it("tells a proxy's web page, a broken answer and a refusal apart, fetched in the worker", async () => {
    // A client each time: a failed path is held a while, whoever asks.
    const problem = async () => {
      try {
        await loadFeatures(createApiClient('http://api.test/api/v1', null), def, {});
      } catch (e) {
        return e as ApiProblem;
      }
      throw new Error('expected a failure');
    };
    answers.push(
      new Response('<html><h1>502 Bad Gateway</h1></html>', {
        status: 502,
        headers: { 'content-type': 'text/html' },
      }),
    );
    expect(await problem()).toMatchObject({ kind: 'server', status: 502, detail: HTML_DETAIL });
    answers.push(`${body.slice(0, body.length / 2)}`); // cut off halfway: 4 MB of broken JSON
    expect((await problem()).kind).toBe('invalid-json');
    answers.push(new Response(`<!DOCTYPE html><html>${'x'.repeat(300_000)}</html>`, { status: 200 }));
    expect((await problem()).kind).toBe('html');
    answers.push(
      new Response(JSON.stringify({ error: { code: 'forbidden', message: '无权查看' } }), { status: 403 }),
    );
    expect(await problem()).toMatchObject({ kind: 'forbidden', status: 403, serverMessage: '无权查看' });
  }, 30_000);

  it('is moved to the basemap datum and simplified to draw by the worker, its numbers untouched here', async () => {
    answers.push(body.replace('"v1"', '"v9"')); // another answer: parsed afresh
    const client = createApiClient('http://api.test/api/v1', null);
    const parsed = await loadFeatures(client, def, {});
    const features = inBasemapCrs(parsed, 'GCJ02', 'WGS84');
    const moved = features[0]!.geometry as unknown as PackedGeometry;
    expect(moved).toBeInstanceOf(PackedGeometry);
    expect(moved.hasCoords).toBe(false);
    // Drawn without it until the worker's outline is back, then with it.
    const redrawn = new Promise<void>((resolve) => {
      const off = onSimplified(() => {
        off();
        resolve();
      });
    });
    expect(forDisplay(features, 14).map((f) => f.properties.id)).toEqual(['v2']);
    await redrawn;
    const drawn = forDisplay(features, 14);
    expect(drawn.map((f) => f.properties.id)).toEqual(['v9', 'v2']);
    const outline = (drawn[0]!.geometry as { coordinates: number[][][] }).coordinates[0]!;
    expect(outline.length).toBeGreaterThanOrEqual(4);
    expect(outline.length).toBeLessThanOrEqual(MAX_DRAWN + 2);
    expect(asked.at(-1)).toBe('simplify');
    // The worker moved the numbers it simplified; the page never did.
    expect(moved.hasCoords).toBe(false);
    // An analysis that reads it gets it moved, within half a metre of the exact conversion.
    const got = (moved.coordinates as number[][][])[0]!;
    for (let i = 0; i < got.length; i += 9973) {
      const exact = gcoord.transform(
        polygon.coordinates[0]![i] as [number, number],
        gcoord.GCJ02,
        gcoord.WGS84,
      );
      const dx = (got[i]![0]! - exact[0]!) * 111_320 * Math.cos((22.7 * Math.PI) / 180);
      expect(Math.hypot(dx, (got[i]![1]! - exact[1]!) * 111_320)).toBeLessThan(0.5);
    }
    // The outline lies where the polygon does.
    const west = (line: number[][]) => line.reduce((m, p) => Math.min(m, p[0]!), Number.POSITIVE_INFINITY);
    expect(Math.abs(west(outline) - west(got))).toBeLessThan(1e-4);
  }, 30_000);
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
