/**
 * Stuck stream clients: a client that never reads costs the server a bounded buffer (the
 * cap is checked before a write, not after it), and is dropped with its socket closed,
 * while a client that reads gets every event. A client that stops reading with bytes
 * waiting is dropped after three heartbeats even when few events come.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BUFFERED } from '../../server/events/sse';
import { type RunningServer, startServer } from '../../server/start';
import { freshDatabase, type TestDatabase, testConfig } from './backends';
import { newEvent } from './fixtures';
import { Stream, until } from './http';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** About 256 KB of event: a few of them fill any socket's kernel buffers. */
const BIG = '事'.repeat(85_000);
let n = 0;
const bigEvent = () => {
  const ev = newEvent(`EV-big-${++n}`, '440307001');
  ev.description = BIG;
  return ev;
};

/** A client that asks for the stream and then never reads a byte. */
function stuckClient(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => {
      socket.write(
        `GET /api/v1/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`,
      );
      socket.pause();
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** The server's side of a client's connection. */
function serverSide(server: RunningServer, client: Socket): Socket {
  const found = connections.get(server)?.find((s) => s.remotePort === client.localPort);
  if (!found) throw new Error(`no server socket for port ${client.localPort}`);
  return found;
}

/** Resolves when the client has seen the server close the connection (it reads what is left first). */
function closedByServer(client: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (client.destroyed) return resolve();
    client.once('close', () => resolve());
    client.on('data', () => {});
    client.on('error', () => {});
    client.resume();
  });
}

const connections = new Map<RunningServer, Socket[]>();
function track(server: RunningServer) {
  const list: Socket[] = [];
  connections.set(server, list);
  server.app.server.on('connection', (s: Socket) => list.push(s));
}

describe('stuck stream clients', () => {
  let place: TestDatabase;
  let server: RunningServer;
  let quick: RunningServer;
  beforeAll(async () => {
    place = await freshDatabase('pglite');
    server = await startServer(testConfig(place, { layerScale: 0.05 }));
    track(server);
    // The same database behind a server whose heartbeat is quick (stalled clients).
    quick = await startServer(testConfig(place, { heartbeatMs: 100 }), { db: server.ctx.db });
    track(quick);
  });
  afterAll(async () => {
    await quick?.close();
    await server?.close();
    await place?.drop();
  });

  it('cost a bounded buffer each and are dropped with their sockets closed; a reader gets everything', async () => {
    const base = server.ctx.streams.size;
    const reader = new Stream(server.url);
    const stuck = await Promise.all(Array.from({ length: 6 }, () => stuckClient(server.port)));
    await until(() => server.ctx.streams.size === base + 7, 10_000, 'streams open');
    const sides = stuck.map((c) => serverSide(server, c));
    let most = 0;
    const ids: string[] = [];
    // 64 events of 256 KB: 16 MB for every client, far more than its kernel buffers hold.
    for (let i = 0; i < 64; i++) {
      const ev = bigEvent();
      ids.push(ev.id);
      await server.ctx.store.create(ev);
      await server.ctx.tail.wake();
      for (const s of sides) most = Math.max(most, s.writableLength);
      // Sockets are written to between the tail's reads, as when the tail runs on its timer.
      await sleep(20);
      for (const s of sides) most = Math.max(most, s.writableLength);
    }
    // Every stuck client was dropped: its stream is gone and the server destroyed its socket.
    await until(() => sides.every((s) => s.destroyed), 10_000, 'stuck sockets destroyed');
    await until(() => server.ctx.streams.size === base + 1, 10_000, 'stuck streams released');
    // What the server held for one of them never passed the cap (checked before writing).
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(MAX_BUFFERED);
    expect(most).toBeLessThan(2 * 1024 * 1024);
    // The clients see the connection closed once they read again.
    await Promise.all(stuck.map((c) => closedByServer(c)));
    // The client that reads got every event, in order, and is still connected.
    await until(() => ids.every((id) => reader.upserts().some((e) => e.id === id)), 30_000, 'reader has all');
    expect(
      reader
        .upserts()
        .filter((e) => ids.includes(e.id))
        .map((e) => e.id),
    ).toEqual(ids);
    expect(server.ctx.streams.size).toBe(base + 1);
    await reader.close();
  });

  it('a client that stops reading with bytes waiting is dropped after three heartbeats', async () => {
    const base = quick.ctx.streams.size;
    const client = await stuckClient(quick.port);
    await until(() => quick.ctx.streams.size === base + 1, 10_000, 'stream open');
    const side = serverSide(quick, client);
    // Events until the kernel's buffers are full and the server's socket stays full: then no more.
    for (let i = 0; i < 64 && side.writableLength < side.writableHighWaterMark && !side.destroyed; i++) {
      await server.ctx.store.create(bigEvent());
      await quick.ctx.tail.wake();
      await sleep(50);
    }
    expect(side.writableLength).toBeGreaterThanOrEqual(side.writableHighWaterMark);
    expect(side.writableLength).toBeLessThanOrEqual(MAX_BUFFERED);
    await until(() => side.destroyed, 10_000, 'stalled socket destroyed');
    expect(quick.ctx.streams.size).toBe(base);
    await closedByServer(client);
  });
});
