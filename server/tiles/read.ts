/**
 * A tiled layer's index built from the database's rows: each point's anchor, ord, street and
 * community read in one pass (binary COPY on the embedded database, pages of rows on
 * PostgreSQL), numbered in ord order and indexed by Flatbush.
 */
import { indexPoints, type PointIndex } from '@ioc/domain/tiles';
import type { CopyOut } from '../db/copyDevice';
import type { Db, Sql } from '../db/driver';

export interface LayerIndex extends PointIndex {
  version: string;
  ords: Int32Array;
  /** Each point's street and community, as numbered in `regionNumber` (0 = none). */
  street: Uint16Array;
  community: Uint16Array;
  regionNumber: Map<string, number>;
}

const PAGE = 50_000;

/** Takes each point's ord, anchor, street and community as read (in any order). */
type Put = (ord: number, x: number, y: number, street: string | null, community: string | null) => void;

/** Through the wire protocol, a page of rows at a time in ord order from `lo` (PostgreSQL). */
async function readRows(db: Sql, layerId: string, lo: number, put: Put): Promise<void> {
  for (let after = lo - 1; ; ) {
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
    for (const r of rows) put(r.ord, r.x, r.y, r.street_id, r.community_id);
    if (rows.length < PAGE) return;
    after = (rows[rows.length - 1] as { ord: number }).ord;
  }
}

/**
 * Table blocks per COPY when reading a layer in the table's own order (8 KB each): 16 MB of
 * table, whose rows of a point layer answer in about 2.5 MB, the largest buffer the read
 * holds. Larger ranges grew a larger buffer for no faster read.
 */
const COPY_BLOCKS = 2048;
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
async function readCopy(db: Sql, copyOut: CopyOut, layerId: string, put: Put): Promise<void> {
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
  const selects: string[] = [];
  for (let from = 0; from <= blocks; from += COPY_BLOCKS) {
    selects.push(
      `SELECT ord, x, y, street_id, community_id FROM features
       WHERE layer_id = ${literal} AND ctid >= '(${from},0)'::tid${
         from + COPY_BLOCKS > blocks ? '' : ` AND ctid < '(${from + COPY_BLOCKS},0)'::tid`
       }`,
    );
  }
  await copyOut(selects, (b) => {
    if (b.length < COPY_HEADER) return;
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
  });
}

/**
 * Ords spanning at most this many numbers (all seeded and imported layers: 0..n-1) are read
 * into slots numbered by ord, in ord order as they arrive in any order; a sparser layer is
 * read as it comes and sorted after.
 */
const MAX_SPAN = 1 << 22;

/**
 * The points in arrays, numbered in ord order once read, as the mock numbers its features:
 * a thinned tile keeps each cell's lowest-numbered point, so both choose the same one.
 * Arrays are made once at their final size where the span allows: each page of fresh
 * memory touched costs a fault, several microseconds in a sandbox.
 */
class Points {
  n = 0;
  anchors: Float64Array;
  ords: Int32Array;
  street: Uint16Array;
  community: Uint16Array;

  constructor(capacity: number) {
    this.anchors = new Float64Array(2 * capacity);
    this.ords = new Int32Array(capacity);
    this.street = new Uint16Array(capacity);
    this.community = new Uint16Array(capacity);
  }

  get capacity(): number {
    return this.ords.length;
  }

  put(i: number, ord: number, x: number, y: number, street: number, community: number): void {
    this.anchors[2 * i] = x;
    this.anchors[2 * i + 1] = y;
    this.ords[i] = ord;
    this.street[i] = street;
    this.community[i] = community;
  }

  /** Point `k` of `from` as point `i` of these. */
  move(i: number, from: Points, k: number): void {
    this.put(
      i,
      from.ords[k] as number,
      from.anchors[2 * k] as number,
      from.anchors[2 * k + 1] as number,
      from.street[k] as number,
      from.community[k] as number,
    );
  }

  grow(): void {
    const next = new Points(Math.max(65_536, 2 * this.capacity));
    for (let k = 0; k < this.n; k++) next.move(k, this, k);
    Object.assign(this, {
      anchors: next.anchors,
      ords: next.ords,
      street: next.street,
      community: next.community,
    });
  }

  /** Slots read by ord: the empty ones (gaps in the ords) closed up, order kept. */
  closeUp(filled: Uint8Array): Points {
    let n = 0;
    for (let k = 0; k < filled.length; k++) {
      if (!filled[k]) continue;
      if (n !== k) this.move(n, this, k);
      n++;
    }
    this.n = n;
    return this;
  }

  /** Points read as they came: in ord order (unique in a layer). */
  sorted(): Points {
    const order = new Uint32Array(this.n);
    for (let i = 0; i < this.n; i++) order[i] = i;
    order.sort((a, b) => (this.ords[a] as number) - (this.ords[b] as number));
    const out = new Points(this.n);
    out.n = this.n;
    for (let k = 0; k < this.n; k++) out.move(k, this, order[k] as number);
    return out;
  }
}

export async function build(
  db: Sql & Pick<Db, 'copyOut'>,
  layerId: string,
  version: string,
): Promise<LayerIndex> {
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
  // Two reads of the primary key's ends.
  const [ends] = await db.query<{ lo: number | null; hi: number | null }>(
    'SELECT min(ord) AS lo, max(ord) AS hi FROM features WHERE layer_id = $1',
    [layerId],
  );
  const lo = ends?.lo ?? 0;
  const span = ends?.hi == null ? 0 : ends.hi - lo + 1;
  const filled = span <= MAX_SPAN ? new Uint8Array(span) : null;
  const read = new Points(filled ? span : 0);
  const put: Put = (ord, x, y, s, c) => {
    let i: number;
    if (filled) {
      i = ord - lo;
      // Outside the span: written after its ends were read, by an import, which moves the
      // layer's version, so the next tile builds the index again.
      if (i < 0 || i >= span) return;
      filled[i] = 1;
    } else {
      if (read.n === read.capacity) read.grow();
      i = read.n++;
    }
    read.put(i, ord, x, y, numberOf(s), numberOf(c));
  };
  if (db.copyOut) await readCopy(db, db.copyOut, layerId, put);
  else await readRows(db, layerId, lo, put);
  const p = filled ? read.closeUp(filled) : read.sorted();
  const n = p.n;
  return {
    ...indexPoints(p.anchors, n),
    version,
    ords: p.ords.subarray(0, n),
    street: p.street.subarray(0, n),
    community: p.community.subarray(0, n),
    regionNumber,
  };
}
