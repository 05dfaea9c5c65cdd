/**
 * Vector tiles of point layers, cut by the domain's cutter (@ioc/domain/tiles: the same
 * half-open bounds and thinning as the demo's tiles, so both answer alike) from a spatial index this instance
 * keeps of each tiled layer's anchors, streets and communities. SQL alone would read every
 * point under a low-zoom tile to thin it (a million at zoom 10 for the stress layer), and
 * ST_AsMVT neither thins like the contract's tiles nor exists in PGlite. The index is a
 * cache of rows, nothing more: built on a layer's first tile from the database, rebuilt when
 * the layer's update time moves (an import). A tile then costs one index search and one
 * query for the properties of the points it keeps.
 *
 * The index is packed (typed arrays and Flatbush's own buffer, about 55 bytes a point). With
 * a cache folder (the embedded database's data folder) it is also kept on disk, one file per
 * layer named by the layer's update time, so a restarted server reads it back in a fraction
 * of a second instead of reading every row of the layer again through PGlite.
 */
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Region } from '@ioc/domain/regions';
import { cutPointTile, encodePointTile, indexPoints, type PointIndex } from '@ioc/domain/tiles';
import Flatbush from 'flatbush';
import type { Db, Sql } from './db/driver';

interface LayerIndex extends PointIndex {
  version: string;
  ords: Int32Array;
  /** Each point's street and community, as numbers into `regionIds` (0 = none). */
  street: Uint16Array;
  community: Uint16Array;
  regionNumber: Map<string, number>;
}

/** The format named in a cached index file's header; a file of another format is rebuilt. */
const MAGIC = 'ioc-tile-index-1';

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
    mercY: new Float64Array(buf, my[0], n),
    ords: new Int32Array(buf, or[0], n),
    street: new Uint16Array(buf, st[0], n),
    community: new Uint16Array(buf, co[0], n),
    regionNumber: new Map(header.regions.map((id, k) => [id, k + 1])),
    version,
  };
}

const fileOf = (dir: string, layerId: string) => join(dir, `${encodeURIComponent(layerId)}.idx`);

/** The layer's index as cached in `dir`, when the file is there and of this version. */
async function readCached(dir: string, layerId: string, version: string): Promise<LayerIndex | null> {
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
async function writeCached(dir: string, layerId: string, ix: LayerIndex): Promise<void> {
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

const PAGE = 50_000;

/** Takes each point's ord, anchor, street and community as read (in any order). */
type Put = (ord: number, x: number, y: number, street: string | null, community: string | null) => void;

/** Through the wire protocol, a page of rows at a time (PostgreSQL). */
async function readRows(db: Sql, layerId: string, total: number, put: Put): Promise<void> {
  let n = 0;
  for (let after = -1; n < total; ) {
    const rows = await db.query<{
      ord: number;
      x: number;
      y: number;
      street_id: string | null;
      community_id: string | null;
    }>(
      `SELECT ord, x, y, street_id, community_id FROM features
       WHERE layer_id = $1 AND ord > $2 ORDER BY ord LIMIT ${PAGE}`,
      [layerId, after],
    );
    if (rows.length === 0) break;
    for (const r of rows) {
      if (n >= total) break;
      put(r.ord, r.x, r.y, r.street_id, r.community_id);
      n++;
    }
    after = (rows[rows.length - 1] as { ord: number }).ord;
  }
}

/** Table blocks per COPY when reading a layer in the table's own order (8 KB each). */
const COPY_BLOCKS = 8192;
/** PGCOPY\n\377\r\n\0, flags, header extension length. */
const COPY_HEADER = 19;

/**
 * Through binary COPY, in the table's own order, a range of its blocks at a time (PGlite).
 * Rows are stored in Z-order of their anchors, not in ord order: read by ord, every row is
 * a page of its own, which PGlite fetches from disk through JavaScript (about 10 s for a
 * million stations); read in block ranges each page is read once (under 2 s), and the
 * caller puts the points back in ord order. One COPY answers in one buffer instead of a
 * row object per point.
 */
async function readCopy(
  db: Sql,
  copyOut: (select: string) => Promise<Uint8Array>,
  layerId: string,
  put: Put,
): Promise<void> {
  const [size] = await db.query<{ blocks: number }>(
    `SELECT (pg_relation_size('features') / current_setting('block_size')::int)::int AS blocks`,
  );
  const blocks = size?.blocks ?? 0;
  const literal = `'${layerId.replaceAll("'", "''")}'`;
  // Region ids are short codes, and neighbouring rows (Z-order) mostly share them: each
  // column keeps its last id's bytes and reuses the string while they repeat; other ids
  // are decoded once and looked up by their bytes.
  const names = new Map<string, string>();
  const decoder = new TextDecoder();
  const column = () => {
    let bytes = new Uint8Array(0);
    let last = '';
    const repeats = (b: Uint8Array, at: number, length: number) => {
      if (length !== bytes.length) return false;
      for (let k = 0; k < length; k++) if (b[at + k] !== bytes[k]) return false;
      return true;
    };
    return (b: Uint8Array, at: number, length: number): string => {
      if (repeats(b, at, length)) return last;
      bytes = b.slice(at, at + length);
      const key = String.fromCharCode(...bytes);
      let v = names.get(key);
      if (v === undefined) {
        v = decoder.decode(bytes);
        names.set(key, v);
      }
      last = v;
      return v;
    };
  };
  const streetText = column();
  const communityText = column();
  // The last range is open-ended: rows written since the size was read are not missed.
  for (let from = 0; from <= blocks; from += COPY_BLOCKS) {
    const b = await copyOut(
      `SELECT ord, x, y, street_id, community_id FROM features
       WHERE layer_id = ${literal} AND ctid >= '(${from},0)'::tid${
         from + COPY_BLOCKS > blocks ? '' : ` AND ctid < '(${from + COPY_BLOCKS},0)'::tid`
       }`,
    );
    if (b.length < COPY_HEADER) continue;
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    let at = COPY_HEADER + v.getInt32(15);
    while (at + 2 <= b.length) {
      const fields = v.getInt16(at);
      at += 2;
      if (fields < 0) break;
      // ord int4, x and y float8, street and community text (or null), each after its length.
      const ord = v.getInt32(at + 4);
      at += 8;
      const x = v.getFloat64(at + 4);
      at += 12;
      const y = v.getFloat64(at + 4);
      at += 12;
      const sl = v.getInt32(at);
      at += 4;
      const street = sl < 0 ? null : streetText(b, at, sl);
      at += Math.max(0, sl);
      const cl = v.getInt32(at);
      at += 4;
      const community = cl < 0 ? null : communityText(b, at, cl);
      at += Math.max(0, cl);
      put(ord, x, y, street, community);
    }
  }
}

/** Positions 0..n-1 in the order of their ords (unique in a layer); null when already so. */
function byOrd(ords: Int32Array, n: number): Uint32Array | null {
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = (ords[i - 1] as number) < (ords[i] as number);
  if (sorted) return null;
  const order = new Uint32Array(n);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const o = ords[i] as number;
    if (o < min) min = o;
    if (o > max) max = o;
  }
  if (max - min === n - 1) {
    // Ords 0..n-1 (as seeded and imported): each point's place is its ord.
    for (let i = 0; i < n; i++) order[(ords[i] as number) - min] = i;
    return order;
  }
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => (ords[a] as number) - (ords[b] as number));
}

/** The points as read, in arrays grown as rows arrive. */
class Points {
  n = 0;
  anchors = new Float64Array(0);
  ords = new Int32Array(0);
  street = new Uint16Array(0);
  community = new Uint16Array(0);

  get capacity(): number {
    return this.ords.length;
  }

  grow(capacity: number): void {
    const n = this.n;
    const anchors = new Float64Array(2 * capacity);
    anchors.set(this.anchors.subarray(0, 2 * n));
    const ords = new Int32Array(capacity);
    ords.set(this.ords.subarray(0, n));
    const street = new Uint16Array(capacity);
    street.set(this.street.subarray(0, n));
    const community = new Uint16Array(capacity);
    community.set(this.community.subarray(0, n));
    Object.assign(this, { anchors, ords, street, community });
  }

  /**
   * The same points numbered in ord order, as the mock numbers its features: a thinned tile
   * keeps each cell's lowest-numbered point, so both choose the same one. Rows read in ord
   * order into arrays of their exact size are kept as they are (PostgreSQL's way).
   */
  inOrdOrder(): Points {
    const order = byOrd(this.ords, this.n);
    if (!order && this.capacity === this.n) return this;
    const out = new Points();
    out.grow(this.n);
    out.n = this.n;
    for (let k = 0; k < this.n; k++) {
      const i = order ? (order[k] as number) : k;
      out.anchors[2 * k] = this.anchors[2 * i] as number;
      out.anchors[2 * k + 1] = this.anchors[2 * i + 1] as number;
      out.ords[k] = this.ords[i] as number;
      out.street[k] = this.street[i] as number;
      out.community[k] = this.community[i] as number;
    }
    return out;
  }
}

async function build(db: Sql & Pick<Db, 'copyOut'>, layerId: string, version: string): Promise<LayerIndex> {
  const regionNumber = new Map<string, number>();
  const numberOf = (id: string | null) => {
    if (id === null) return 0;
    let k = regionNumber.get(id);
    if (k === undefined) {
      k = regionNumber.size + 1;
      regionNumber.set(id, k);
    }
    return k;
  };
  const read = new Points();
  const put: Put = (ord, x, y, s, c) => {
    if (read.n === read.capacity) read.grow(Math.max(65_536, 2 * read.n));
    const i = read.n++;
    read.anchors[2 * i] = x;
    read.anchors[2 * i + 1] = y;
    read.ords[i] = ord;
    read.street[i] = numberOf(s);
    read.community[i] = numberOf(c);
  };
  if (db.copyOut) await readCopy(db, db.copyOut, layerId, put);
  else {
    const [c] = await db.query<{ n: number }>('SELECT count(*) AS n FROM features WHERE layer_id = $1', [
      layerId,
    ]);
    const total = c?.n ?? 0;
    read.grow(total);
    await readRows(db, layerId, total, put);
  }
  const p = read.inOrdOrder();
  return {
    ...indexPoints(p.anchors, p.n),
    version,
    ords: p.ords,
    street: p.street,
    community: p.community,
    regionNumber,
  };
}

/** Where the embedded database's data folder keeps the tile indexes. */
export const tileIndexDir = (dataDir: string): string => join(dataDir, 'tile-index');

export interface TileIndexOptions {
  /** A folder to keep each layer's index in across restarts (none: memory only). */
  cacheDir?: string | undefined;
  /** Told when the cache could not be written (the tile is served all the same). */
  onCacheError?: (e: unknown) => void;
}

export class TileIndexes {
  private readonly built = new Map<string, Promise<LayerIndex>>();

  constructor(
    private readonly db: Sql & Pick<Db, 'copyOut'>,
    private readonly o: TileIndexOptions = {},
  ) {}

  /** From the cache folder when it holds this version, else from the database (then cached). */
  private async load(layerId: string, version: string): Promise<LayerIndex> {
    const dir = this.o.cacheDir;
    if (!dir) return build(this.db, layerId, version);
    const cached = await readCached(dir, layerId, version);
    if (cached) return cached;
    const ix = await build(this.db, layerId, version);
    await writeCached(dir, layerId, ix).catch((e) => this.o.onCacheError?.(e));
    return ix;
  }

  /**
   * Builds (or reads back) the index of each tiled point layer, or of `only`, so the server
   * started next finds it on disk: what the seed and import commands do on the embedded
   * database. Returns the layers prepared.
   */
  async prepare(only?: string): Promise<string[]> {
    const layers = await this.db.query<{ id: string; version: string }>(
      `SELECT id, updated_at::text AS version FROM layers
       WHERE tiles AND geometry_type = 'Point'${only === undefined ? '' : ' AND id = $1'} ORDER BY ord`,
      only === undefined ? [] : [only],
    );
    for (const l of layers) await this.indexOf(l.id, l.version);
    return layers.map((l) => l.id);
  }

  /** The layer's index as of `version` (its update time), built or rebuilt as needed. */
  private indexOf(layerId: string, version: string): Promise<LayerIndex> {
    const hit = this.built.get(layerId);
    if (hit) {
      return hit.then((ix) => {
        if (ix.version === version) return ix;
        if (this.built.get(layerId) === hit) this.built.delete(layerId);
        return this.indexOf(layerId, version);
      });
    }
    const made = this.load(layerId, version);
    this.built.set(layerId, made);
    made.catch(() => {
      if (this.built.get(layerId) === made) this.built.delete(layerId);
    });
    return made;
  }

  async tile(
    layerId: string,
    version: string,
    region: Region,
    z: number,
    x: number,
    y: number,
  ): Promise<Uint8Array> {
    const ix = await this.indexOf(layerId, version);
    let keep: ((i: number) => boolean) | null = null;
    if (region.level !== 'district') {
      const k = ix.regionNumber.get(region.id) ?? -1;
      const of = region.level === 'street' ? ix.street : ix.community;
      keep = (i) => of[i] === k;
    }
    const points = cutPointTile(ix, keep, z, x, y);
    const rows =
      points.length === 0
        ? []
        : await this.db.query<{ ord: number; props: string }>(
            'SELECT ord, props FROM features WHERE layer_id = $1 AND ord = ANY($2::int[])',
            [layerId, points.map((p) => ix.ords[p.i] as number)],
          );
    const props = new Map(rows.map((r) => [r.ord, r.props]));
    return encodePointTile(layerId, points, (i) => JSON.parse(props.get(ix.ords[i] as number) ?? '{}'));
  }
}
