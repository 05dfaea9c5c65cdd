/**
 * Files as a planner's tools write them, made here byte by byte: a point Shapefile (.shp,
 * .shx, .dbf with GBK text and a .cpg) in a zip, so the reader is tested on real formats
 * without shipping binary fixtures.
 */
import { crc32 } from 'node:zlib';

const gbk = (s: string): Uint8Array => {
  // Node's TextEncoder writes only UTF-8; GBK bytes for the few names the tests use.
  const table: Record<string, number[]> = { 平: [0xc6, 0xbd], 湖: [0xba, 0xfe], 站: [0xd5, 0xbe] };
  return Uint8Array.from([...s].flatMap((c) => table[c] ?? [c.charCodeAt(0)]));
};

/** A .shp and .shx of points (type 1), big- and little-endian as the format wants. */
function shpOf(points: [number, number][]): { shp: Uint8Array; shx: Uint8Array } {
  const header = (lengthWords: number) => {
    const h = new DataView(new ArrayBuffer(100));
    h.setInt32(0, 9994);
    h.setInt32(24, lengthWords);
    h.setInt32(28, 1000, true);
    h.setInt32(32, 1, true);
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    for (const [i, v] of [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].entries())
      h.setFloat64(36 + i * 8, v, true);
    return new Uint8Array(h.buffer);
  };
  const record = 8 + 20;
  const shp = new Uint8Array(100 + points.length * record);
  const shx = new Uint8Array(100 + points.length * 8);
  shp.set(header((100 + points.length * record) / 2));
  shx.set(header((100 + points.length * 8) / 2));
  const s = new DataView(shp.buffer);
  const x = new DataView(shx.buffer);
  points.forEach(([lng, lat], i) => {
    const at = 100 + i * record;
    s.setInt32(at, i + 1);
    s.setInt32(at + 4, 10);
    s.setInt32(at + 8, 1, true);
    s.setFloat64(at + 12, lng, true);
    s.setFloat64(at + 20, lat, true);
    x.setInt32(100 + i * 8, at / 2);
    x.setInt32(100 + i * 8 + 4, 10);
  });
  return { shp, shx };
}

/** A .dbf with one character field NAME (20 bytes) and one numeric field BEDS. */
function dbfOf(rows: { name: Uint8Array; beds: number }[]): Uint8Array {
  const fields = [
    { name: 'NAME', type: 'C', len: 20 },
    { name: 'BEDS', type: 'N', len: 6 },
  ];
  const headerLen = 32 + fields.length * 32 + 1;
  const recordLen = 1 + fields.reduce((a, f) => a + f.len, 0);
  const out = new Uint8Array(headerLen + rows.length * recordLen + 1);
  const v = new DataView(out.buffer);
  out[0] = 3;
  v.setUint32(4, rows.length, true);
  v.setUint16(8, headerLen, true);
  v.setUint16(10, recordLen, true);
  fields.forEach((f, i) => {
    const at = 32 + i * 32;
    out.set(new TextEncoder().encode(f.name), at);
    out[at + 11] = f.type.charCodeAt(0);
    out[at + 16] = f.len;
  });
  out[headerLen - 1] = 0x0d;
  rows.forEach((r, i) => {
    const at = headerLen + i * recordLen;
    out.fill(0x20, at, at + recordLen);
    out.set(r.name, at + 1);
    out.set(new TextEncoder().encode(String(r.beds).padStart(6)), at + 21);
  });
  out[out.length - 1] = 0x1a;
  return out;
}

/** A zip of stored (uncompressed) entries. */
export function zipOf(files: Record<string, Uint8Array>): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(files)) {
    const n = new TextEncoder().encode(name);
    const crc = crc32(data);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, data.length, true);
    local.setUint16(26, n.length, true);
    const dir = new DataView(new ArrayBuffer(46));
    dir.setUint32(0, 0x02014b50, true);
    dir.setUint16(4, 20, true);
    dir.setUint16(6, 20, true);
    dir.setUint32(16, crc, true);
    dir.setUint32(20, data.length, true);
    dir.setUint32(24, data.length, true);
    dir.setUint16(28, n.length, true);
    dir.setUint32(42, offset, true);
    parts.push(new Uint8Array(local.buffer), n, data);
    central.push(new Uint8Array(dir.buffer), n);
    offset += 30 + n.length + data.length;
  }
  const size = central.reduce((a, c) => a + c.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, Object.keys(files).length, true);
  end.setUint16(10, Object.keys(files).length, true);
  end.setUint32(12, size, true);
  end.setUint32(16, offset, true);
  const all = [...parts, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of all) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Two hospitals named in GBK, with their code page in a .cpg as Chinese exports write it (and a .prj, if given). */
export function gbkShapefileZip(cpg: string | null, prj?: string): Uint8Array {
  const { shp, shx } = shpOf([
    [114.25, 22.72],
    [114.3, 22.7],
  ]);
  const dbf = dbfOf([
    { name: gbk('平湖站'), beds: 120 },
    { name: gbk('湖站'), beds: 30 },
  ]);
  return zipOf({
    'hospitals.shp': shp,
    'hospitals.shx': shx,
    'hospitals.dbf': dbf,
    ...(cpg === null ? {} : { 'hospitals.cpg': new TextEncoder().encode(cpg) }),
    ...(prj === undefined ? {} : { 'hospitals.prj': new TextEncoder().encode(prj) }),
  });
}
