/**
 * The page's side of the geometry worker (./geometry.worker.ts): a layer's features are
 * fetched and parsed there and its heavy geometries come back packed (PackedGeometry), and
 * a packed geometry is simplified there for each zoom band it is drawn at. So no task on the page's
 * thread walks a 200,000-vertex polygon: parsing, checking and simplifying it held the
 * page for seconds on a busy two-core machine. Where no worker can run (tests in Node, a
 * worker that failed), each call answers null and the caller does the work itself.
 */
import type { Geometry } from '@ioc/contract/contract';
import type { OffThreadFetch } from './client';
import type { GeometryReply, GeometryRequest } from './geometryWork';
import { PACKED, PackedGeometry, type PackedParts } from './heavyGeometry';

type Pending = { resolve(v: unknown): void; reject(e: unknown): void };
/** A request without its id (given here), each kind of request kept apart. */
type Request = GeometryRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

let worker: Worker | null | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(reason: string): void {
  for (const p of pending.values()) p.reject(new Error(reason));
  pending.clear();
}

/** The worker, started on first use; null where none can run (then never tried again). */
function theWorker(): Worker | null {
  if (worker !== undefined) return worker;
  worker = null;
  if (typeof Worker === 'undefined') return null;
  try {
    worker = new Worker(new URL('./geometry.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
  worker.addEventListener('message', (e: MessageEvent<{ id: number }>) => {
    const p = pending.get(e.data.id);
    pending.delete(e.data.id);
    p?.resolve(e.data);
  });
  worker.addEventListener('error', (e) => {
    // A worker that cannot load (or crashed) is not asked again: the page does the work.
    worker?.terminate();
    worker = null;
    failAll(e.message || 'the geometry worker failed');
  });
  return worker;
}

/**
 * Starts the worker ahead of its first request: its script then loads while the catalog that
 * names the first layers is asked for, not after (some 200 ms on two cores).
 */
export function startGeometryWorker(): void {
  theWorker();
}

/** Posts a request (at once: a transfer that fails throws here, before anything moved); its reply. */
function ask<A>(request: Request, transfer: Transferable[] = []): Promise<A> | null {
  const w = theWorker();
  if (!w) return null;
  const id = nextId++;
  w.postMessage({ ...request, id }, transfer);
  return new Promise<A>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
  });
}

/** Packed geometries of a parsed answer made PackedGeometry again (a structured clone loses the class). */
function revive(value: unknown): unknown {
  const features = (value as { features?: unknown } | null)?.features;
  if (Array.isArray(features))
    for (const f of features as { geometry?: Record<string, unknown> | null }[]) {
      const parts = f?.geometry?.[PACKED] as PackedParts | undefined;
      if (parts) f.geometry = new PackedGeometry(parts) as unknown as Record<string, unknown>;
    }
  return value;
}

/**
 * GETs `url` in the worker: the page's thread never receives the bytes of the answer (an
 * 8 MB one cost it hundreds of milliseconds to take in, even to pass on), and a large one
 * is parsed there. Null when no worker can (the page fetches it itself); rejects when no
 * answer came (a network error, `signal` aborted or timed out).
 */
export async function fetchOffThread(
  url: string,
  headers: Record<string, string>,
  lastHash: string | null,
  signal: AbortSignal,
): Promise<OffThreadFetch | null> {
  const w = theWorker();
  if (!w) return null;
  const id = nextId++;
  const asked = new Promise<GeometryReply>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
  });
  const abort = () => w.postMessage({ op: 'abort', id } satisfies GeometryRequest);
  signal.addEventListener('abort', abort, { once: true });
  w.postMessage({ op: 'fetch', id, url, headers, lastHash } satisfies GeometryRequest);
  try {
    const reply = await asked;
    if ('unreached' in reply) throw new Error(reply.unreached);
    if ('text' in reply) return { status: reply.status, headers: reply.headers, text: reply.text };
    if (!('answer' in reply)) throw new Error('failed' in reply ? reply.failed : 'no answer');
    const { answer } = reply;
    return {
      status: reply.status,
      headers: reply.headers,
      answer: 'value' in answer ? { hash: answer.hash, value: revive(answer.value) } : answer,
    };
  } finally {
    signal.removeEventListener('abort', abort);
  }
}

const keys = new WeakMap<PackedGeometry, number>();
let nextKey = 1;

/** A packed geometry simplified in the worker at `tolerance`; null when no worker can. */
export async function simplifyOffThread(g: PackedGeometry, tolerance: number): Promise<Geometry | null> {
  let key = keys.get(g);
  if (key === undefined) {
    key = nextKey++;
    keys.set(g, key);
  }
  // A geometry moved to the basemap's datum whose numbers are not here yet: the worker
  // moves them itself (the page never walks them).
  const lazy = g.moved !== null && !g.hasCoords;
  const parts = lazy ? g.moved!.source : g.parts();
  const moved = lazy ? { from: g.moved!.from, to: g.moved!.to } : null;
  const asked = ask<{ geometry?: Geometry; failed?: string }>({
    op: 'simplify',
    key,
    parts,
    moved,
    tolerance,
  });
  if (!asked) return null;
  try {
    return (await asked).geometry ?? null;
  } catch {
    return null;
  }
}
