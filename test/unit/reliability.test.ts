/**
 * The reliability suite's tools and fixes without a browser: the hostile fault injector,
 * the CSP builder, and what the client and the stream make of hostile answers.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApi } from '../../mock-server/api';
import { withHostility } from '../../mock-server/hostile';
import {
  badCoordinates,
  HOSTILE_MARKUP,
  hostileText,
  huge,
  wrongTypes,
} from '../../mock-server/hostile/transform';
import { buildCsp, configOrigins, withCspMeta } from '../../scripts/csp';
import { createApiClient } from '../../src/api/client';
import { Meta } from '@ioc/contract/contract';
import { ApiProblem } from '../../src/api/errors';
import { parseFeatures } from '../../src/api/features';
import { z } from 'zod';

const BASE = 'http://api.test/api/v1';
const req = (path: string, init?: RequestInit) => new Request(`http://api.test${path}`, init);

describe('withHostility', () => {
  const api = withHostility(createApi({ seed: 7, tickMs: 0 }));
  afterEach(() => api.hostility.clear());

  it('answers like the api with no case set', async () => {
    const [a, b] = await Promise.all([api.handle(req('/api/v1/meta')), api.handle(req('/api/v1/meta'))]);
    expect(a.status).toBe(200);
    expect(Meta.safeParse(await a.json()).success).toBe(true);
    expect(b.status).toBe(200);
  });

  it('sets, lists and clears cases over /__mock/hostile, and rejects bad ones', async () => {
    const post = (body: unknown) =>
      api.handle(req('/__mock/hostile', { method: 'POST', body: JSON.stringify(body) }));
    expect((await post({ case: 'status', status: 503, path: '^/kpis' })).status).toBe(200);
    expect((await api.handle(req('/api/v1/kpis'))).status).toBe(503);
    expect((await api.handle(req('/api/v1/meta'))).status).toBe(200);
    expect((await post({ case: 'nonsense' })).status).toBe(400);
    expect((await post({ case: 'status', status: 200 })).status).toBe(400);
    expect((await post({ case: 'slow', path: '(' })).status).toBe(400);
    expect((await post({ case: 'off' })).status).toBe(200);
    expect((await api.handle(req('/api/v1/kpis'))).status).toBe(200);
  });

  it('serves malformed and truncated JSON', async () => {
    api.hostility.set({ case: 'truncated-json', path: '^/meta' });
    const text = await (await api.handle(req('/api/v1/meta'))).text();
    expect(() => JSON.parse(text)).toThrow();
    api.hostility.clear();
    api.hostility.set({ case: 'malformed-json' });
    expect(() => JSON.parse('')).toThrow();
    expect(await (await api.handle(req('/api/v1/kpis'))).text()).toContain('<html>');
  });
});

describe('hostile transforms', () => {
  const fc = {
    type: 'FeatureCollection',
    features: Array.from({ length: 6 }, (_, i) => ({
      type: 'Feature',
      id: `f${i}`,
      geometry: { type: 'Point', coordinates: [114.2, 22.7] },
      properties: { id: `f${i}`, name: '医院', beds: 3, open: true },
    })),
  };

  it('breaks five features in six, each of which the layer skips', () => {
    const broken = badCoordinates(fc) as typeof fc;
    const schema = z.object({ id: z.string(), name: z.string() });
    const { features, skipped } = parseFeatures(broken.features, schema);
    expect(features).toHaveLength(1);
    expect(skipped).toBe(5);
  });

  it('appends markup to free text only, and mistypes every number', () => {
    const t = hostileText(fc) as typeof fc;
    expect(t.features[0]!.properties.name).toContain(HOSTILE_MARKUP);
    expect(t.features[0]!.properties.id).toBe('f0');
    const w = wrongTypes(fc) as { features: { properties: { beds: unknown; open: unknown } }[] };
    expect(w.features[0]!.properties.beds).toBe('3');
    expect(w.features[0]!.properties.open).toBe(1);
  });

  it('grows a collection to the size asked, still valid JSON with unique ids', () => {
    const text = huge(JSON.stringify(fc), 200_000);
    expect(text.length).toBeGreaterThanOrEqual(200_000);
    const parsed = JSON.parse(text) as typeof fc;
    expect(new Set(parsed.features.map((f) => f.id)).size).toBe(parsed.features.length);
  });
});

describe('client on hostile answers', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('turns a body that breaks off halfway into a network problem, not a raw TypeError', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('{"crs":'));
        c.error(new TypeError('network error'));
      },
    });
    vi.stubGlobal('fetch', async () => new Response(body, { status: 200 }));
    const client = createApiClient(BASE, null);
    const e = await client.get('/meta', Meta).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiProblem);
    expect((e as ApiProblem).kind).toBe('network');
    expect((e as ApiProblem).transient).toBe(true);
  });
});

describe('Content-Security-Policy', () => {
  it('allows the configured API and basemap hosts and nothing else', () => {
    expect(
      configOrigins({
        apiBaseUrl: 'http://ioc.intranet:8080/api/v1',
        basemap: { tiles: ['http://tiles.intranet/{z}/{x}/{y}.png'] } as never,
      }),
    ).toEqual(["'self'", 'http://ioc.intranet:8080', 'http://tiles.intranet']);
    expect(
      configOrigins({ apiBaseUrl: 'api/v1', basemap: { url: 'pmtiles://http://files.intranet/a.pmtiles' } }),
    ).toEqual(["'self'", 'http://files.intranet']);
    const csp = buildCsp({ apiBaseUrl: 'https://ioc.example/api/v1' });
    expect(csp).toContain("connect-src 'self' https://ioc.example data: blob:");
    expect(csp).toContain("img-src 'self' https://ioc.example data: blob:");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("object-src 'none'");
  });

  it('writes exactly one meta element, replacing an older one', () => {
    const html = '<html><head>\n<meta charset="UTF-8" />\n<title>x</title></head></html>';
    const once = withCspMeta(html, "default-src 'self'");
    const twice = withCspMeta(once, "default-src 'none'");
    expect(twice.match(/Content-Security-Policy/g)).toHaveLength(1);
    expect(twice).toContain('content="default-src \'none\'"');
    expect(twice.indexOf('charset')).toBeLessThan(twice.indexOf('Content-Security-Policy'));
  });
});
