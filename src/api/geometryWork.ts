/**
 * What the geometry worker (./geometry.worker.ts) does, as plain functions (the unit tests
 * run them in process): a layer's request fetched there, so the page's thread never even
 * receives the bytes of an 8 MB answer; a large answer hashed, parsed, and each heavy
 * geometry of its features checked by the contract's rules and packed flat
 * (./heavyChecks.ts), so the page receives typed arrays instead of 200,000 little ones; and
 * a packed geometry simplified for a zoom band (../catalog/simplifyGeometry.ts).
 */
import { simplified } from '../catalog/simplifyGeometry';
import type { Geometry } from '@ioc/contract/contract';
import type { Crs } from '@ioc/contract/contract';
import { movedCoords, pack, validGeometry } from './heavyChecks';
import {
  HEAVY_VERTICES,
  type HeavyType,
  PACKED,
  type PackedParts,
  unpack,
  vertexCount,
} from './heavyGeometry';

export type ParseAnswer =
  /** The same bytes as last time: the page has their value already. */
  | { hash: string; same: true }
  /**
   * Small, or with no heavy geometry: its bytes back (transferred), for the page to parse
   * as any other answer (a structured clone of the value would cost it as much). `hash`
   * is empty for a small one, which is not remembered.
   */
  | { hash: string; plain: ArrayBuffer }
  /** Parsed, heavy geometries packed. */
  | { hash: string; value: unknown }
  /** Not JSON; `html` when it looks like a web page. */
  | { hash: string; error: string; html: boolean };

/** Answers smaller than this are handed back to the page as they came (see sameAnswer). */
const SMALL_BYTES = 256 * 1024;

/** Two FNV-1a lanes over the bytes (the page's own hash is over characters: another space). */
function hashOf(bytes: Uint8Array): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return `bytes:${bytes.length}:${a >>> 0}:${b >>> 0}`;
}

const INVALID: Omit<PackedParts, 'type'> = {
  coords: new Float64Array(0),
  dims: 2,
  ends: new Int32Array(0),
  rings: new Int32Array(0),
  valid: false,
  fingerprint: '',
};

/** Parses an answer and packs its heavy geometries; `transfer` collects their buffers. */
export function parseAnswer(
  bytes: ArrayBuffer,
  lastHash: string | null,
  transfer: ArrayBuffer[] = [],
): ParseAnswer {
  const u8 = new Uint8Array(bytes);
  if (u8.length < SMALL_BYTES) {
    transfer.push(bytes);
    return { hash: '', plain: bytes };
  }
  const hash = hashOf(u8);
  if (hash === lastHash) return { hash, same: true };
  const text = new TextDecoder().decode(u8);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { hash, error: (e as Error).message, html: /^\s*</u.test(text.slice(0, 256)) };
  }
  const features = (value as { features?: unknown } | null)?.features;
  let heavy = false;
  if (Array.isArray(features))
    for (let i = 0; i < features.length; i++) {
      const f = features[i] as { geometry?: { type?: unknown; coordinates?: unknown } } | null;
      const g = f?.geometry;
      if (typeof g !== 'object' || g === null || vertexCount(g.coordinates) <= HEAVY_VERTICES) continue;
      heavy = true;
      const parts: PackedParts = validGeometry(g)
        ? pack(g)
        : { ...INVALID, type: String(g.type) as HeavyType };
      transfer.push(parts.coords.buffer as ArrayBuffer, parts.ends.buffer as ArrayBuffer);
      features[i] = { ...f, geometry: { [PACKED]: parts } };
    }
  if (heavy) return { hash, value };
  transfer.push(bytes);
  return { hash, plain: bytes };
}

/** The last few geometries unpacked, by the page's key: each zoom band of one needs them again. */
const unpacked = new Map<number, Geometry>();
const KEEP = 4;

/**
 * A packed geometry (moved to another datum first, when `moved` says so) simplified to draw
 * at a zoom band's tolerance: a plain, small geometry.
 */
export function simplifyPacked(
  key: number,
  parts: PackedParts,
  moved: { from: Crs; to: Crs } | null,
  tolerance: number,
): Geometry {
  let geometry = unpacked.get(key);
  if (!geometry) {
    const coords = moved ? movedCoords(parts, moved.from, moved.to) : parts.coords;
    geometry = { type: parts.type, coordinates: unpack({ ...parts, coords }) } as Geometry;
    unpacked.set(key, geometry);
    if (unpacked.size > KEEP) unpacked.delete(unpacked.keys().next().value as number);
  } else {
    // Most recently used last.
    unpacked.delete(key);
    unpacked.set(key, geometry);
  }
  return simplified(geometry, tolerance);
}

/** A request to the worker, and what it answers (./geometry.worker.ts only posts these). */
export type GeometryRequest =
  /** GET `url` with these headers; `lastHash`: the hash of the answer the page remembers. */
  | { id: number; op: 'fetch'; url: string; headers: Record<string, string>; lastHash: string | null }
  /** The page no longer waits for fetch `id` (aborted, or timed out). */
  | { id: number; op: 'abort' }
  | {
      id: number;
      op: 'simplify';
      key: number;
      parts: PackedParts;
      /** Move `parts` from one datum to the other first. */
      moved: { from: Crs; to: Crs } | null;
      tolerance: number;
    };

/** The answer's headers the page reads (src/api/client.ts). */
const KEPT_HEADERS = ['content-type', 'retry-after'];

export type GeometryReply = { id: number } /** A data answer, as parsed here. */ & (
  | { status: number; headers: Record<string, string>; answer: ParseAnswer }
  /** Any other answer (an error status, a web page): its text, for the page to tell what it is. */
  | { status: number; headers: Record<string, string>; text: string }
  | { geometry: Geometry }
  /** No answer, or its body broke off (the connection, an abort or a timeout). */
  | { unreached: string }
  | { failed: string }
);

const fetches = new Map<number, AbortController>();

async function fetchAnswer(
  r: Extract<GeometryRequest, { op: 'fetch' }>,
  transfer: ArrayBuffer[],
): Promise<GeometryReply> {
  const abort = new AbortController();
  fetches.set(r.id, abort);
  try {
    const res = await fetch(r.url, { headers: r.headers, signal: abort.signal });
    const headers: Record<string, string> = {};
    for (const h of KEPT_HEADERS) {
      const v = res.headers.get(h);
      if (v !== null) headers[h] = v;
    }
    if (!res.ok || /text\/html/iu.test(headers['content-type'] ?? ''))
      return { id: r.id, status: res.status, headers, text: await res.text() };
    const bytes = await res.arrayBuffer();
    return { id: r.id, status: res.status, headers, answer: parseAnswer(bytes, r.lastHash, transfer) };
  } catch (err) {
    return { id: r.id, unreached: String((err as Error)?.message ?? err) };
  } finally {
    fetches.delete(r.id);
  }
}

/** The worker's answer to a request (none to an abort), and the buffers to transfer with it. */
export async function reply(
  r: GeometryRequest,
): Promise<{ reply: GeometryReply; transfer: ArrayBuffer[] } | null> {
  const transfer: ArrayBuffer[] = [];
  try {
    switch (r.op) {
      case 'abort':
        fetches.get(r.id)?.abort();
        return null;
      case 'fetch':
        return { reply: await fetchAnswer(r, transfer), transfer };
      case 'simplify':
        return {
          reply: { id: r.id, geometry: simplifyPacked(r.key, r.parts, r.moved, r.tolerance) },
          transfer,
        };
    }
  } catch (err) {
    return { reply: { id: r.id, failed: String((err as Error)?.message ?? err) }, transfer: [] };
  }
}
