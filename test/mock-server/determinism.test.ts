/** A seed is a city: same seed → the same bytes in any process; another seed → another city. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { IocEvent } from '@ioc/contract/contract';
import { call, testApi } from './helpers';
import { layerHashes } from './layer-hashes';

const run = promisify(execFile);

describe('determinism', () => {
  it('generates byte-identical layers for the same seed in two separate processes', async () => {
    const here = await layerHashes(20261122);
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'test/mock-server/layer-hashes.ts', '20261122'],
      {
        cwd: process.cwd(),
        timeout: 60_000,
      },
    );
    expect(JSON.parse(stdout)).toEqual(here);
  }, 90_000);

  it('generates a different city for a different seed, in every layer', async () => {
    const a = await layerHashes(20261122);
    const b = await layerHashes(7);
    for (const id of Object.keys(a)) expect(b[id], id).not.toBe(a[id]);
  });

  it('does not let the clock touch layer data', async () => {
    const a = testApi();
    const b = testApi();
    b.clock.advance(10 * 24 * 3600_000);
    b.simulator.tick();
    const fa = await call(a, '/api/v1/layers/5g-stations/features');
    const fb = await call(b, '/api/v1/layers/5g-stations/features');
    expect(JSON.stringify(fb.body)).toBe(JSON.stringify(fa.body));
    a.close();
    b.close();
  });

  it('layerScale multiplies every count through the same code path', async () => {
    const api = testApi({ layerScale: 2 });
    const catalog = (await call<{ id: string; count: number }[]>(api, '/api/v1/layers')).body;
    expect(Object.fromEntries(catalog.map((l) => [l.id, l.count]))).toEqual({
      '5g-stations': 20_692,
      kiosks: 132,
      'kindergarten-cameras': 976,
      demolition: 1006,
      medical: 1000,
      'urban-villages': 998,
    });
    const kpis = (await call<{ indicators: { id: string; value: number }[] }>(api, '/api/v1/kpis')).body;
    const v = (id: string) => kpis.indicators.find((i) => i.id === id)?.value;
    expect(v('5g.completion')).toBe(103.63);
    expect(v('5g.macroCompletion')).toBe(113.21);
    expect(v('urbanVillage.undergroundLines')).toBe(110);
    api.close();
  });

  it('replays the same initial event world for the same seed and start time', async () => {
    const a = testApi();
    const b = testApi();
    const la = await call<{ items: IocEvent[] }>(a, '/api/v1/events?limit=1000');
    const lb = await call<{ items: IocEvent[] }>(b, '/api/v1/events?limit=1000');
    expect(la.body.items.length).toBeGreaterThan(500);
    expect(lb.body).toEqual(la.body);
    const c = testApi({ seed: 8 });
    const lc = await call<{ items: IocEvent[] }>(c, '/api/v1/events?limit=1000');
    expect(lc.body).not.toEqual(la.body);
    for (const x of [a, b, c]) x.close();
  });

  it('moves the same way whether time advances in small ticks or one jump', () => {
    const a = testApi();
    const b = testApi();
    for (let i = 0; i < 6 * 60; i++) {
      a.clock.advance(60_000);
      a.simulator.tick();
    }
    b.clock.advance(6 * 3600_000);
    b.simulator.tick();
    expect(b.store.seq).toBe(a.store.seq);
    expect([...b.store.values()]).toEqual([...a.store.values()]);
    a.close();
    b.close();
  });
});
