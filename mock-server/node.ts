/**
 * The shared demo: the same api as a Node HTTP server, so a wall and several consoles see
 * one world. `tsx mock-server/node.ts` (env: PORT=4100, HOST=127.0.0.1, SEED, LAYER_SCALE,
 * EVENT_RATE, HEARTBEAT_MS, CLOCK_SPEED); tests call startNodeServer({ port: 0 }).
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type Api, type ApiOptions, createApi, DEFAULT_SEED } from './api';
import { errorResponse } from './http';
import { acceleratedClock } from '@ioc/domain/time';

export interface NodeServerOptions extends ApiOptions {
  port?: number;
  host?: string;
  /**
   * Serve this world instead of creating one (its options win). close() then stops only
   * the HTTP server and leaves the world running, so a test can stop and restart the
   * server on the same port, as if the process were killed and restarted mid-stream.
   */
  api?: Api;
}

export interface NodeServer {
  url: string;
  port: number;
  host: string;
  server: Server;
  api: Api;
  close(): Promise<void>;
}

const CORS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'Authorization, Last-Event-ID, Content-Type',
  'access-control-max-age': '600',
};
const MAX_BODY_BYTES = 1_000_000;

async function readBody(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer> | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function toRequest(
  req: IncomingMessage,
  body: Uint8Array<ArrayBuffer> | undefined,
  signal: AbortSignal,
): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) headers.append(k, x);
    else headers.set(k, v);
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  return new Request(url, { method: req.method ?? 'GET', headers, signal, ...(body ? { body } : {}) });
}

async function send(res: ServerResponse, response: Response, head: boolean): Promise<void> {
  const headers: Record<string, string> = { ...CORS };
  response.headers.forEach((v, k) => {
    headers[k] = v;
  });
  res.writeHead(response.status, headers);
  if (!response.body || head) {
    res.end();
    await response.body?.cancel();
    return;
  }
  res.flushHeaders();
  const reader = response.body.getReader();
  const onClose = () => void reader.cancel().catch(() => {});
  res.once('close', onClose);
  // The body errors when its producer gives up on this client (an event stream it is too
  // slow for): that must end a wait for a socket that may never drain.
  const failed = new AbortController();
  reader.closed.catch(() => failed.abort());
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        // Wait for the socket to drain, for the client to go away, or for the body to fail;
        // then drop the other listeners, or a long stream under backpressure collects one per wait.
        if (failed.signal.aborted) throw new Error('the response body failed');
        const waited = new AbortController();
        await Promise.race(
          [
            once(res, 'drain', { signal: waited.signal }),
            once(res, 'close', { signal: waited.signal }),
            once(failed.signal, 'abort', { signal: waited.signal }),
          ].map((p) => p.catch(() => {})),
        );
        waited.abort();
        if (failed.signal.aborted) throw new Error('the response body failed');
        if (res.destroyed) break;
      }
    }
  } catch {
    // the stream errored (e.g. a consumer too slow for SSE): drop the connection, socket and all
    res.destroy();
    return;
  } finally {
    res.off('close', onClose);
  }
  res.end();
}

export async function startNodeServer(options: NodeServerOptions = {}): Promise<NodeServer> {
  const { port = 4100, host = '127.0.0.1', api: given, ...apiOptions } = options;
  const api = given ?? createApi(apiOptions);
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, CORS);
        res.end();
        return;
      }
      const controller = new AbortController();
      res.once('close', () => controller.abort());
      let body: Uint8Array<ArrayBuffer> | undefined;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        const read = await readBody(req);
        if (read === null) {
          await send(
            res,
            errorResponse(413, 'payload_too_large', `body over ${MAX_BODY_BYTES} bytes`),
            false,
          );
          return;
        }
        body = read;
      }
      const response = await api.handle(toRequest(req, body, controller.signal));
      await send(res, response, req.method === 'HEAD');
    })().catch((e: unknown) => {
      if (!res.headersSent)
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', ...CORS });
      res.end(
        JSON.stringify({ error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } }),
      );
    });
  });
  server.listen(port, host);
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}/api/v1`,
    port: address.port,
    host: address.address,
    server,
    api,
    close() {
      closing ??= new Promise<void>((resolve) => {
        if (!given) api.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a non-negative number (got "${raw}")`);
  return v;
}

async function main(): Promise<void> {
  const speed = envNumber('CLOCK_SPEED', 1);
  const options: NodeServerOptions = {
    port: envNumber('PORT', 4100),
    host: process.env.HOST || '127.0.0.1',
    seed: envNumber('SEED', DEFAULT_SEED),
    layerScale: envNumber('LAYER_SCALE', 1),
    eventRate: envNumber('EVENT_RATE', 1),
    heartbeatMs: envNumber('HEARTBEAT_MS', 15_000),
    ...(speed !== 1 ? { clock: acceleratedClock(speed) } : {}),
  };
  const s = await startNodeServer(options);
  console.log(
    `IOC mock API on ${s.url} (seed ${options.seed}, layerScale ${options.layerScale}, eventRate ${options.eventRate}, clockSpeed ${speed})`,
  );
  const stop = (signal: string) => {
    console.log(`${signal}: shutting down`);
    s.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
