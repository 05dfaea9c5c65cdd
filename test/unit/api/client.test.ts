import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../../../src/api/client';
import { Meta } from '@ioc/contract/contract';
import { ApiProblem } from '../../../src/api/errors';

const good = {
  name: 'IOC',
  district: '440307',
  crs: 'GCJ02',
  dataUpdatedAt: '2026-11-22T09:30:00+08:00',
  apiVersion: 'v1',
};

function respond(body: string, status = 200) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(body, { status })),
  );
}

async function problemOf(p: Promise<unknown>): Promise<ApiProblem> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiProblem) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('api client', () => {
  afterEach(() => vi.unstubAllGlobals());
  // A client per answer: a path that failed is held back for a while (see the discipline tests).
  let client = createApiClient('http://api.test/api/v1', 'street-440307001');
  beforeEach(() => {
    client = createApiClient('http://api.test/api/v1', 'street-440307001');
  });

  it('returns a payload that matches the contract and sends the token', async () => {
    respond(JSON.stringify(good));
    await expect(client.get('/meta', Meta)).resolves.toEqual(good);
    const [url, init] = (fetch as unknown as { mock: { calls: [string, RequestInit][] } }).mock.calls[0]!;
    expect(url).toBe('http://api.test/api/v1/meta');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer street-440307001');
  });

  it('rejects a payload that breaks the contract, naming the field', async () => {
    respond(JSON.stringify({ ...good, crs: 'EPSG:3857' }));
    const p = await problemOf(client.get('/meta', Meta));
    expect(p.kind).toBe('invalid-payload');
    expect(p.detail).toContain('crs');
    expect(p.transient).toBe(false);
  });

  it('tells truncated JSON from an HTTP error', async () => {
    respond(JSON.stringify(good).slice(0, 20));
    expect((await problemOf(client.get('/meta', Meta))).kind).toBe('invalid-json');
    client = createApiClient('http://api.test/api/v1', null);
    respond(JSON.stringify({ error: { code: 'unavailable', message: 'maintenance' } }), 503);
    const p = await problemOf(client.get('/meta', Meta));
    expect([p.kind, p.status, p.detail, p.transient]).toEqual(['server', 503, 'maintenance', true]);
  });

  it('reports an unreachable API as a network problem to retry', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const p = await problemOf(client.get('/meta', Meta));
    expect([p.kind, p.transient]).toEqual(['network', true]);
  });

  it('drops empty query parameters and encodes the rest', () => {
    expect(client.url('/events', { region: '440307001', status: '', cursor: undefined, limit: 50 })).toBe(
      'http://api.test/api/v1/events?region=440307001&limit=50',
    );
  });
});
