/**
 * Round two of the hostile injector, without a browser: each new case answers as its
 * description says, and the control endpoint refuses malformed settings.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createApi } from '../../mock-server/api';
import { parseRule, withHostility } from '../../mock-server/hostile';
import { HTML_PAGE } from '../../mock-server/hostile/paging';
import { IocEvent } from '@ioc/contract/contract';

const api = withHostility(createApi({ seed: 7, tickMs: 0, heartbeatMs: 60_000 }));
const get = (path: string, init?: RequestInit) =>
  api.handle(new Request(`http://api.test/api/v1${path}`, init));
afterEach(() => api.hostility.clear());

/** Every string of a JSON value, with its key. */
function strings(v: unknown, key = ''): [string, string][] {
  if (typeof v === 'string') return [[key, v]];
  if (Array.isArray(v)) return v.flatMap((x) => strings(x, key));
  if (typeof v === 'object' && v !== null) return Object.entries(v).flatMap(([k, x]) => strings(x, k));
  return [];
}

describe('round-two hostile cases', () => {
  it('validates the settings of the new cases', () => {
    expect(parseRule({ case: 'stream-flap', afterMs: 100, retry: 0 })).toMatchObject({ case: 'stream-flap' });
    expect(parseRule({ case: 'huge-polygon', vertices: -3 })).toMatch(/vertices/);
    expect(parseRule({ case: 'html', status: 99 })).toMatch(/status/);
    expect(parseRule({ case: 'status', status: 409, message: 42 })).toMatch(/message/);
  });

  it("answers a status with the server's own reason", async () => {
    api.hostility.set({
      case: 'status',
      status: 409,
      message: '该事件已被坪地街道坐席签收',
      path: '/actions$',
    });
    const res = await get('/events/EV-1/actions', { method: 'POST', body: '{}' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      '该事件已被坪地街道坐席签收',
    );
  });

  it("serves a gateway's HTML page, on a 502 or a 200", async () => {
    api.hostility.set({ case: 'html', status: 502, path: '^/events$' });
    const res = await get('/events');
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([
      502,
      'text/html; charset=utf-8',
      HTML_PAGE,
    ]);
    api.hostility.clear();
    api.hostility.set({ case: 'html', path: '^/layers$' });
    expect((await get('/layers')).status).toBe(200);
  });

  it('hands out a next cursor that repeats, or cycles, with real events on each page', async () => {
    api.hostility.set({ case: 'storm-cursor', path: '^/events$' });
    const page = async (cursor?: string) =>
      (await (await get(`/events?limit=5${cursor ? `&cursor=${cursor}` : ''}`)).json()) as {
        items: unknown[];
        nextCursor: string;
      };
    const first = await page();
    expect(first.items.every((e) => IocEvent.safeParse(e).success)).toBe(true);
    expect((await page(first.nextCursor)).nextCursor).toBe(first.nextCursor);
    api.hostility.clear();
    api.hostility.set({ case: 'storm-cursor', cycle: 2, path: '^/events$' });
    const a = (await page()).nextCursor;
    const b = (await page(a)).nextCursor;
    expect(b).not.toBe(a);
    expect((await page(b)).nextCursor).toBe(a);
  });

  it('closes the stream after its first event, saying retry: 0', async () => {
    api.hostility.set({ case: 'stream-flap', afterMs: 5000, retry: 0 });
    const ac = new AbortController();
    const res = await get('/events/stream', { headers: { 'last-event-id': '1' }, signal: ac.signal });
    const text = await res.text(); // ends: the stream was closed by the injector
    expect(text).toMatch(/^retry: 0$/m);
    expect(text.match(/^event: upsert$/gm)).toHaveLength(1);
    ac.abort();
  });

  it('makes every free-text string 10,000 characters, leaving ids, enums and times valid', async () => {
    api.hostility.set({ case: 'long-text' });
    const regions = await (await get('/regions?level=street')).json();
    const names = strings(regions).filter(([k]) => k === 'name');
    expect(names.length).toBeGreaterThan(5);
    for (const [, v] of names) expect(v).toHaveLength(10_000);
    const events = (await (await get('/events?limit=20')).json()) as { items: unknown[] };
    for (const ev of events.items) expect(IocEvent.safeParse(ev).success).toBe(true);
    const layers = await (await get('/layers')).json();
    expect(
      strings(layers)
        .filter(([k]) => k === 'title')
        .every(([, v]) => v.length === 10_000),
    ).toBe(true);
  });

  it('sends KPIs of 1e308 and -1, and a feature of 200,000 vertices', async () => {
    api.hostility.set({ case: 'huge-numbers', path: '^/kpis' });
    const kpis = (await (await get('/kpis')).json()) as { indicators: { value: number }[] };
    expect(new Set(kpis.indicators.map((i) => i.value))).toEqual(new Set([1e308, -1]));
    api.hostility.clear();
    api.hostility.set({ case: 'huge-polygon', path: '^/layers/medical/features' });
    const fc = (await (await get('/layers/medical/features')).json()) as {
      features: { geometry: { type: string; coordinates: number[][][] } }[];
    };
    expect(fc.features[0]!.geometry.type).toBe('Polygon');
    expect(fc.features[0]!.geometry.coordinates[0]).toHaveLength(200_001);
    expect(fc.features[1]!.geometry.type).toBe('Point');
  });
});
