/**
 * Security headers (helmet): the app's pages carry the Content-Security-Policy its build
 * wrote into index.html, directive for directive (plus frame-ancestors, which a meta element
 * cannot carry), so the header never refuses what the page allows; the API's answers, the
 * event stream and its errors carry a policy that loads nothing and may be read across
 * origins (CORS *).
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCsp, buildCsp, withCspMeta } from '../../scripts/csp';
import { parseCsp } from '../../server/http/headers';
import { type RunningServer, startServer } from '../../server/start';
import { freshDatabase, type TestDatabase, testConfig } from './backends';

const COMMON = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'x-frame-options': 'SAMEORIGIN',
  'strict-transport-security': 'max-age=15552000',
};

describe('security headers', () => {
  let place: TestDatabase;
  let server: RunningServer;
  let policy = '';
  let dir = '';

  beforeAll(async () => {
    // A built app as `npm run build` leaves it: config.json, and index.html with its policy.
    dir = mkdtempSync(join(tmpdir(), 'ioc-dist-'));
    copyFileSync('public/config.json', join(dir, 'config.json'));
    policy = buildCsp(JSON.parse(readFileSync('public/config.json', 'utf8')) as object);
    writeFileSync(
      join(dir, 'index.html'),
      withCspMeta('<!doctype html><html><head><meta charset="UTF-8" /></head><body></body></html>', policy),
    );
    place = await freshDatabase('pglite');
    server = await startServer(testConfig(place, { staticDir: dir }));
  });
  afterAll(async () => {
    await server?.close();
    await place?.drop();
  });

  const head = async (path: string, init: RequestInit = {}) => {
    const ctl = new AbortController();
    const res = await fetch(`${server.url}${path}`, { ...init, signal: ctl.signal });
    ctl.abort();
    return res.headers;
  };
  const expectCommon = (h: Headers) => {
    for (const [name, value] of Object.entries(COMMON)) expect(h.get(name), name).toBe(value);
  };

  it("the app's pages carry its own policy, and may be framed only by itself", async () => {
    for (const path of ['/', '/index.html', '/config.json']) {
      const h = await head(path);
      expectCommon(h);
      const sent = parseCsp(h.get('content-security-policy') ?? '');
      expect(sent).toEqual({ ...parseCsp(policy), 'frame-ancestors': ["'self'"] });
      expect(h.get('cross-origin-resource-policy')).toBe('same-origin');
    }
  });

  it('API answers, errors and the event stream load nothing and are readable across origins', async () => {
    const paths = ['/api/v1/meta', '/api/v1/no-such-thing', '/api/v1/events/stream', '/api/v1/audit'];
    for (const path of paths) {
      const h = await head(path);
      expectCommon(h);
      expect(h.get('content-security-policy'), path).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(h.get('access-control-allow-origin'), path).toBe('*');
    }
    expect((await head('/api/v1/meta')).get('cross-origin-resource-policy')).toBe('cross-origin');
    expect((await head('/api/v1/kpis', { method: 'OPTIONS' })).get('cross-origin-resource-policy')).toBe(
      'cross-origin',
    );
  });

  it('a policy rewritten by `npm run csp` while the server runs is the header from then on', async () => {
    const wider = applyCsp(join(dir, 'config.json'), join(dir, 'index.html'), ['https://tiles.intranet']);
    expect(wider).toContain('https://tiles.intranet');
    const sent = parseCsp((await head('/')).get('content-security-policy') ?? '');
    expect(sent).toEqual({ ...parseCsp(wider), 'frame-ancestors': ["'self'"] });
  });
});
