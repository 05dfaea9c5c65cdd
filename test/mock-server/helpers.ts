/** Shared test helpers: a fake clock, an api driven by hand, requests and an SSE reader. */
import { type Api, type ApiOptions, createApi } from '../../mock-server/api';

export const START = Date.parse('2026-11-22T09:30:00+08:00');
export const DISTRICT = '440307';
export const PINGHU = '440307001';
export const BANTIAN = '440307002';

export interface FakeClock {
  now(): number;
  set(ms: number): void;
  advance(ms: number): number;
}

export function fakeClock(start = START): FakeClock {
  let t = start;
  return {
    now: () => t,
    set: (ms) => {
      t = ms;
    },
    advance: (ms) => {
      t += ms;
      return t;
    },
  };
}

/** An api on a fake clock with no real timer: tests move time and call tick themselves. */
export function testApi(options: ApiOptions = {}): Api & { clock: FakeClock } {
  const clock = fakeClock();
  const api = createApi({ tickMs: 0, clock, ...options });
  return Object.assign(api, { clock });
}

export interface Got<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = unknown>(
  api: Api,
  path: string,
  init: { token?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Got<T>> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await api.handle(
    new Request(`http://mock.test${path}`, {
      method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
      headers,
      ...(init.body !== undefined
        ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }
        : {}),
    }),
  );
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

export interface SseFrame {
  event?: string;
  id?: string;
  data?: string;
  comment?: string;
  retry?: string;
}

type Upsert = { seq: number; data: { id: string; regionId: string } & Record<string, unknown> };

/** Parse SSE frames out of a stream body as they arrive. */
export class SseReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = '';
  readonly frames: SseFrame[] = [];

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }

  /** Read until `until(frames)` holds or the stream ends; gives up after timeoutMs. */
  async readUntil(until: (frames: SseFrame[]) => boolean, timeoutMs = 2000): Promise<SseFrame[]> {
    const deadline = Date.now() + timeoutMs;
    while (!until(this.frames)) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`SSE: condition not met in ${timeoutMs} ms; got ${this.frames.length} frames`);
      const chunk = await Promise.race([
        this.reader.read(),
        new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), left)),
      ]);
      if (chunk === 'timeout') continue;
      if (chunk.done) break;
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
      let i = this.buffer.indexOf('\n\n');
      while (i >= 0) {
        this.frames.push(parseFrame(this.buffer.slice(0, i)));
        this.buffer = this.buffer.slice(i + 2);
        i = this.buffer.indexOf('\n\n');
      }
    }
    return this.frames;
  }

  private parsed: Upsert[] = [];
  private parsedUpTo = 0;

  /** Frames that carry an event, with their seqs (each frame parsed once). */
  upserts(): Upsert[] {
    for (; this.parsedUpTo < this.frames.length; this.parsedUpTo++) {
      const f = this.frames[this.parsedUpTo] as SseFrame;
      if (f.event === 'upsert') this.parsed.push({ seq: Number(f.id), data: JSON.parse(f.data ?? 'null') });
    }
    return this.parsed;
  }

  cancel(): Promise<void> {
    return this.reader.cancel();
  }
}

function parseFrame(block: string): SseFrame {
  const f: SseFrame = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) f.comment = line.slice(1).trim();
    else {
      const k = line.indexOf(':');
      const key = k < 0 ? line : line.slice(0, k);
      const value = k < 0 ? '' : line.slice(k + 1).replace(/^ /u, '');
      if (key === 'event' || key === 'id' || key === 'data' || key === 'retry') f[key] = value;
    }
  }
  return f;
}

/** Independent ray-casting point-in-polygon (not the server's), for checking positions. */
export function insideRings(p: readonly number[], rings: number[][][]): boolean {
  const [x, y] = p as [number, number];
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as [number, number];
      const [xj, yj] = ring[j] as [number, number];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

export function insideGeometry(
  p: readonly number[],
  g: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] },
): boolean {
  return g.type === 'Polygon'
    ? insideRings(p, g.coordinates)
    : g.coordinates.some((poly) => insideRings(p, poly));
}
