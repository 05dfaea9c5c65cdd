/**
 * A COPY's output for the embedded database, in one buffer. PGlite's own `/dev/blob` keeps
 * each write of PostgreSQL's (a few KB) as a separate array and joins them into a Blob, then
 * the caller copies that out again: for the tile index of a million points, tens of
 * thousands of small pieces, which glibc keeps in the process's heap long after they are
 * freed (the cold start's first tile held some 170 MB more than a restart's). This device
 * appends to one growing buffer that is handed over whole.
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

/** One device per database: it is registered once and its buffer belongs to it. */
const made = new WeakMap<PGlite, (select: string) => Promise<Uint8Array>>();

/** `COPY (select) TO` the device, binary; null where PGlite's module is not reachable. */
export function copyDevice(pg: PGlite): ((select: string) => Promise<Uint8Array>) | null {
  const known = made.get(pg);
  if (known) return known;
  // PGlite keeps its emscripten module on a protected field; without it, /dev/blob serves.
  const fs = (pg as unknown as { mod?: { FS?: DeviceFs } }).mod?.FS;
  if (!fs?.registerDevice) return null;
  let buffer = new Uint8Array(0);
  let used = 0;
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
  // In a transaction: no other query can write to the device until its output is taken.
  const copy = (select: string) =>
    pg.transaction(async (tx) => {
      try {
        await tx.query(`COPY (${select}) TO '${PATH}' WITH (FORMAT binary)`);
        return buffer.subarray(0, used);
      } finally {
        // Handed over (or a failed COPY's part dropped): the next one starts empty.
        buffer = new Uint8Array(0);
        used = 0;
      }
    });
  made.set(pg, copy);
  return copy;
}
