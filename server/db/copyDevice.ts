/**
 * A COPY's output for the embedded database, in one buffer. PGlite's own `/dev/blob` keeps
 * each write of PostgreSQL's (a few KB) as a separate array and joins them into a Blob, then
 * the caller copies that out again: for the tile index of a million points, tens of
 * thousands of small pieces, which glibc keeps in the process's heap long after they are
 * freed (the cold start's first tile held some 170 MB more than a restart's). This device
 * appends to one growing buffer that is handed over whole, and serves the next SELECT of
 * the same call from the same buffer.
 */
import type { PGlite } from '@electric-sql/pglite';

interface Stream {
  position: number;
}

/** PGlite's emscripten file system, as far as a device needs it. */
interface DeviceFs {
  makedev(major: number, minor: number): number;
  registerDevice(dev: number, ops: Record<string, unknown>): void;
  mkdev(path: string, dev: number): void;
}

const PATH = '/dev/ioc-copy';

/** The rows of each SELECT in turn, handed to `take`: valid only until it returns. */
export type CopyOut = (selects: readonly string[], take: (bytes: Uint8Array) => void) => Promise<void>;

/** One device per database: it is registered once and its buffer belongs to it. */
const made = new WeakMap<PGlite, CopyOut>();

/** `COPY (select) TO` the device, binary; null where PGlite's module is not reachable. */
export function copyDevice(pg: PGlite): CopyOut | null {
  const known = made.get(pg);
  if (known) return known;
  // PGlite keeps its emscripten module on a protected field; without it, /dev/blob serves.
  const fs = (pg as unknown as { mod?: { FS?: DeviceFs } }).mod?.FS;
  if (!fs?.registerDevice) return null;
  let buffer = new Uint8Array(0);
  let used = 0;
  // Copies under way: the buffer is dropped once none is.
  let active = 0;
  // PGlite's /dev/blob is (64, 0).
  const dev = fs.makedev(64, 1);
  fs.registerDevice(dev, {
    open: () => {},
    close: () => {},
    read: () => 0,
    write: (_s: Stream, data: Uint8Array, offset: number, length: number) => {
      if (used + length > buffer.length) {
        const next = new Uint8Array(Math.max(used + length, 2 * buffer.length, 1 << 20));
        next.set(buffer.subarray(0, used));
        buffer = next;
      }
      buffer.set(data.subarray(offset, offset + length), used);
      used += length;
      return length;
    },
    llseek: (s: Stream, offset: number, whence: number) =>
      whence === 1 ? s.position + offset : whence === 2 ? used + offset : offset,
  });
  fs.mkdev(PATH, dev);
  // One buffer for every SELECT of a call: fresh memory is dear where each page touched
  // the first time costs a fault (several microseconds in a sandbox), and a buffer grown
  // anew for each of a tile index's block ranges touched four times what it kept.
  const copy: CopyOut = async (selects, take) => {
    active++;
    try {
      for (const select of selects) {
        // In a transaction: no other query writes to the device until its output is taken.
        await pg.transaction(async (tx) => {
          used = 0;
          await tx.query(`COPY (${select}) TO '${PATH}' WITH (FORMAT binary)`);
          take(buffer.subarray(0, used));
        });
      }
    } finally {
      // Handed over (or a failed COPY's part dropped): its memory goes back.
      if (--active === 0) {
        buffer = new Uint8Array(0);
        used = 0;
      }
    }
  };
  made.set(pg, copy);
  return copy;
}
