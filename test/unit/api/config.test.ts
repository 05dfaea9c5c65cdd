import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/api/config';

const minimal = { apiBaseUrl: 'api/v1', basemap: { type: 'style', url: 'basemap/style-dark.json' } };

function serve(body: string, status = 200) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(body, { status })),
  );
}
async function failure(): Promise<ConfigError> {
  try {
    await loadConfig('http://ioc.test/app/config.json');
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('runtime config', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('fills defaults and resolves relative URLs against config.json, so a deployment can live under any path', async () => {
    serve(JSON.stringify(minimal));
    const c = await loadConfig('http://ioc.test/app/config.json');
    expect(c.apiBaseUrl).toBe('http://ioc.test/app/api/v1');
    expect(c.basemap).toMatchObject({
      type: 'style',
      url: 'http://ioc.test/app/basemap/style-dark.json',
      crs: 'WGS84',
    });
    expect([c.locale, c.defaultMode, c.dataCrs, c.embeddedMock.enabled]).toEqual([
      'zh-CN',
      'wall',
      'auto',
      false,
    ]);
  });

  it('accepts an intranet XYZ raster basemap and an absolute API', async () => {
    serve(
      JSON.stringify({
        apiBaseUrl: 'http://ioc.intranet:8080/api/v1/',
        basemap: { type: 'raster', tiles: ['http://tiles.intranet/{z}/{x}/{y}.png'], crs: 'GCJ02' },
      }),
    );
    const c = await loadConfig('http://ioc.test/config.json');
    expect(c.apiBaseUrl).toBe('http://ioc.intranet:8080/api/v1');
    expect(c.basemap).toMatchObject({ type: 'raster', crs: 'GCJ02', tileSize: 256 });
  });

  it('says the file is missing, malformed or invalid', async () => {
    serve('not found', 404);
    expect((await failure()).problem.kind).toBe('missing');
    serve('{"apiBaseUrl": ');
    expect((await failure()).problem.kind).toBe('malformed');
    serve(JSON.stringify({ ...minimal, basemap: { type: 'wms' } }));
    const invalid = await failure();
    expect(invalid.problem.kind).toBe('invalid');
    expect(invalid.problem.detail).toContain('basemap');
  });
});
