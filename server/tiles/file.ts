/**
 * A tiled layer's index on disk, beside the embedded database: one file per layer named by
 * the layer, holding the layer's version (its update time), so a restarted server reads the
 * index back in a fraction of a second instead of reading every row of the layer again.
 */
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Flatbush from 'flatbush';
import type { LayerIndex } from './read';

/** The format named in a cached index file's header; a file of another format is rebuilt. */
const MAGIC = 'ioc-tile-index-2';

const align8 = (k: number) => Math.ceil(k / 8) * 8;

/**
 * One file: a JSON header (format, layer version, point count, region ids in number order,
 * section offsets) padded to 8 bytes, then Flatbush's buffer, mercator ys, ords, streets and
 * communities, each at an 8-byte boundary so they are read back as views, without copying.
 */
function pack(ix: LayerIndex): Uint8Array[] {
  const bodies: ArrayBufferView[] = [
    new Uint8Array(ix.index.data as ArrayBuffer),
    ix.mercY,
    ix.ords,
    ix.street,
    ix.community,
  ];
  const header = {
    magic: MAGIC,
    version: ix.version,
    n: ix.n,
    regions: [...ix.regionNumber.keys()],
    sections: [] as [number, number][],
  };
  // Offsets are relative to the end of the header, whose own length is known only once
  // written: the file starts with that length (4 bytes, little-endian, padded to 8).
  let at = 0;
  for (const b of bodies) {
    header.sections.push([at, b.byteLength]);
    at = align8(at + b.byteLength);
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const head = new Uint8Array(align8(8 + json.length)).fill(0x20);
  new DataView(head.buffer).setUint32(0, json.length, true);
  head.set(json, 8);
  const parts: Uint8Array[] = [head];
  let written = 0;
  for (const b of bodies) {
    parts.push(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    written += b.byteLength;
    const pad = align8(written) - written;
    if (pad > 0) parts.push(new Uint8Array(pad));
    written += pad;
  }
  return parts;
}

function unpack(buf: ArrayBuffer, version: string): LayerIndex | null {
  if (buf.byteLength < 8) return null;
  const jsonLength = new DataView(buf).getUint32(0, true);
  if (8 + jsonLength > buf.byteLength) return null;
  let header: {
    magic?: unknown;
    version?: unknown;
    n: number;
    regions: string[];
    sections: [number, number][];
  };
  try {
    header = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 8, jsonLength)));
  } catch {
    return null;
  }
  if (header.magic !== MAGIC || header.version !== version) return null;
  const base = align8(8 + jsonLength);
  const [fb, my, or, st, co] = header.sections.map(([at, length]) => [base + at, length] as const);
  if (!fb || !my || !or || !st || !co || co[0] + co[1] > buf.byteLength) return null;
  const n = header.n;
  return {
    index: Flatbush.from(buf, fb[0]),
    n,
    mercY: new Float32Array(buf, my[0], n),
    ords: new Int32Array(buf, or[0], n),
    street: new Uint16Array(buf, st[0], n),
    community: new Uint16Array(buf, co[0], n),
    regionNumber: new Map(header.regions.map((id, k) => [id, k + 1])),
    version,
  };
}

const fileOf = (dir: string, layerId: string) => join(dir, `${encodeURIComponent(layerId)}.idx`);

/** The layer's index as cached in `dir`, when the file is there and of this version. */
export async function readCached(dir: string, layerId: string, version: string): Promise<LayerIndex | null> {
  let file: Awaited<ReturnType<typeof open>> | undefined;
  try {
    file = await open(fileOf(dir, layerId), 'r');
    const { size } = await file.stat();
    // Into a buffer of its own (never Node's shared pool), so every section is aligned.
    const buf = new ArrayBuffer(size);
    const bytes = new Uint8Array(buf);
    for (let at = 0; at < size; ) {
      const { bytesRead } = await file.read(bytes, at, size - at, at);
      if (bytesRead === 0) return null;
      at += bytesRead;
    }
    return unpack(buf, version);
  } catch {
    return null;
  } finally {
    await file?.close();
  }
}

/** Writes the index beside the database: to a temporary name first, so no reader sees half a file. */
export async function writeCached(dir: string, layerId: string, ix: LayerIndex): Promise<void> {
  await mkdir(dir, { recursive: true });
  const to = fileOf(dir, layerId);
  const temp = `${to}.${process.pid}.tmp`;
  try {
    await writeFile(temp, pack(ix));
    await rename(temp, to);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}
