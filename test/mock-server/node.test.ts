/** The Node HTTP server: same api over real sockets, CORS, streaming SSE, clean shutdown. */
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventPage, IocEvent, Meta } from '@ioc/contract/contract';
import { type NodeServer, startNodeServer } from '../../mock-server/node';
import { PINGHU, SseReader } from './helpers';

let server: NodeServer;
beforeAll(async () => {
  server = await startNodeServer({ port: 0, host: '127.0.0.1', seed: 7, heartbeatMs: 50 });
});
afterAll(async () => {
  await server.close();
});

describe('startNodeServer', () => {
  it('listens on a random port and answers the API with CORS headers', async () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/api/v1`);
    const res = await fetch(`${server.url}/meta`, { headers: { origin: 'http://elsewhere.test' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(Meta.parse(await res.json()).district).toBe('440307');
    const events = await fetch(`${server.url}/events?limit=5`, {
      headers: { authorization: `Bearer street-${PINGHU}` },
    });
    expect(
      EventPage.parse(await events.json()).items.every(
        (e) => e.regionId === PINGHU || e.assignee?.regionId.startsWith(PINGHU),
      ),
    ).toBe(true);
    expect((await fetch(`${server.url}/meta`, { headers: { authorization: 'Bearer nobody' } })).status).toBe(
      401,
    );
  });

  it('answers CORS preflight', async () => {
    const res = await fetch(`${server.url}/events/E1/actions`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://elsewhere.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(res.status).toBe(204);
    const allowed = res.headers.get('access-control-allow-headers')?.toLowerCase() ?? '';
    for (const h of ['authorization', 'last-event-id', 'content-type']) expect(allowed).toContain(h);
  });

  it('streams SSE over HTTP and releases the subscription when the client leaves', async () => {
    const base = server.api.store.subscriberCount;
    const controller = new AbortController();
    const res = await fetch(`${server.url}/events/stream`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const sse = new SseReader(res.body!);
    await sse.readUntil((f) => f.some((x) => x.comment === 'heartbeat'));
    const posted = await fetch(`${new URL(server.url).origin}/__mock/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ regionId: PINGHU, severity: 4, title: '燃气泄漏 <b>紧急</b>' }),
    });
    expect(posted.status).toBe(201);
    const ev = IocEvent.parse(await posted.json());
    await sse.readUntil(() => sse.upserts().some((u) => u.data.id === ev.id));
    expect(server.api.store.subscriberCount).toBe(base + 1);
    controller.abort();
    await expect.poll(() => server.api.store.subscriberCount, { timeout: 2000 }).toBe(base);
  });

  it('drops a client that never reads once it is far behind, and closes its socket', async () => {
    const base = server.api.store.subscriberCount;
    const sockets: Socket[] = [];
    const track = (s: Socket) => sockets.push(s);
    server.server.on('connection', track);
    const reader = new SseReader((await fetch(`${server.url}/events/stream`)).body!);
    const stuck = await Promise.all(
      Array.from(
        { length: 3 },
        () =>
          new Promise<Socket>((resolve, reject) => {
            const c = connect({ port: server.port, host: '127.0.0.1' }, () => {
              c.write('GET /api/v1/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
              c.pause(); // and never read
              resolve(c);
            });
            c.once('error', reject);
          }),
      ),
    );
    await expect.poll(() => server.api.store.subscriberCount, { timeout: 5000 }).toBe(base + 4);
    const sides = stuck.map((c) => sockets.find((s) => s.remotePort === c.localPort));
    // 64 events of about 256 KB each: 16 MB for every client, more than any socket holds.
    const template = [...server.api.store.values()][0]!;
    const ids: string[] = [];
    let most = 0;
    for (let i = 0; i < 64; i++) {
      const id = `EV-big-node-${i}`;
      ids.push(id);
      server.api.store.upsert({ ...template, id, description: '事'.repeat(85_000) });
      for (const s of sides) most = Math.max(most, s?.writableLength ?? 0);
      await reader.readUntil(() => reader.upserts().some((u) => u.data.id === id), 5000);
    }
    // The stuck ones were dropped: their subscriptions freed and their sockets destroyed.
    await expect.poll(() => server.api.store.subscriberCount, { timeout: 5000 }).toBe(base + 1);
    await expect.poll(() => sides.every((s) => s?.destroyed), { timeout: 5000 }).toBe(true);
    expect(most).toBeLessThan(2 * 1024 * 1024);
    await Promise.all(
      stuck.map(
        (c) =>
          new Promise<void>((resolve) => {
            c.once('close', () => resolve());
            c.on('data', () => {});
            c.on('error', () => {});
            c.resume();
          }),
      ),
    );
    // The client that reads had every event.
    expect(
      reader
        .upserts()
        .filter((u) => ids.includes(u.data.id))
        .map((u) => u.data.id),
    ).toEqual(ids);
    server.server.off('connection', track);
    await reader.cancel();
  }, 30_000);

  it('acts on events over HTTP', async () => {
    const origin = new URL(server.url).origin;
    const ev = IocEvent.parse(
      await (
        await fetch(`${origin}/__mock/events`, { method: 'POST', body: JSON.stringify({ regionId: PINGHU }) })
      ).json(),
    );
    const res = await fetch(`${server.url}/events/${ev.id}/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer district-demo' },
      body: JSON.stringify({ action: 'dispatch', toRegionId: PINGHU, clientActionId: 'node-test-0001' }),
    });
    expect(res.status).toBe(200);
    expect(IocEvent.parse(await res.json()).status).toBe('dispatched');
  });
});

describe('tsx mock-server/node.ts', () => {
  it('reads PORT/HOST/SEED from the environment, logs its URL and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'mock-server/node.ts'], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        SEED: '11',
        LAYER_SCALE: '0.5',
        EVENT_RATE: '2',
        CLOCK_SPEED: '60',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    await expect.poll(() => out, { timeout: 20_000 }).toMatch(/http:\/\/127\.0\.0\.1:\d+\/api\/v1/u);
    const url = /http:\/\/127\.0\.0\.1:\d+\/api\/v1/u.exec(out)![0];
    const state = (await (await fetch(`${new URL(url).origin}/__mock/state`)).json()) as Record<
      string,
      number
    >;
    expect(state).toMatchObject({ seed: 11, layerScale: 0.5, eventRate: 2 });
    const layers = (await (await fetch(`${url}/layers`)).json()) as { id: string; count: number }[];
    expect(layers.find((l) => l.id === 'kiosks')?.count).toBe(33);
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 30_000);
});
