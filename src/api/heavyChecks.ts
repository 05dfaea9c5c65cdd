/**
 * The fast path for heavy geometries (see ./heavyGeometry.ts): the contract's geometry rules
 * as loops, and the datum shift interpolated on a grid. Loaded only when a payload needs it,
 * and by the geometry worker, which packs what it checked (`pack`) for the page.
 */
import type { Crs, Geometry, LngLat } from '@ioc/contract/contract';
import { convertPoint, mapPositions } from './crs';
import { type HeavyType, PackedGeometry, type PackedParts } from './heavyGeometry';

type Pos = number[];

// A fingerprint of the numbers checked, taken on the way (FNV-1a over both halves of each
// double): a refresh that brings the same heavy geometry is told so without comparing it
// vertex by vertex (src/catalog/layerData.ts).
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
let h1 = 0;
let h2 = 0;
const fingerprints = new WeakMap<object, string>();

function position(p: unknown): boolean {
  if (!Array.isArray(p) || p.length < 2 || p.length > 3) return false;
  for (const v of p) {
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
    bits[0] = v;
    h1 = Math.imul(h1 ^ words[0]!, 0x01000193);
    h2 = Math.imul(h2 ^ words[1]!, 0x01000193);
  }
  return Math.abs(p[0] as number) <= 180 && Math.abs(p[1] as number) <= 90;
}

/** The fingerprint of a geometry checked by validGeometry (or packed valid); undefined for any other. */
export const fingerprint = (g: object): string | undefined =>
  g instanceof PackedGeometry ? g.fingerprint || undefined : fingerprints.get(g);

function line(c: unknown, min: number): boolean {
  if (!Array.isArray(c) || c.length < min) return false;
  for (const p of c) if (!position(p)) return false;
  return true;
}

const polygon = (c: unknown) => Array.isArray(c) && c.length >= 1 && c.every((r) => line(r, 4));

/** The contract's rules for a geometry (packages/contract/src/contract.ts), as loops: Geometry.safeParse's answer. */
export function validGeometry(g: unknown): g is Geometry {
  if (g instanceof PackedGeometry) return g.valid; // checked where it was packed
  if (typeof g !== 'object' || g === null) return false;
  h1 = 0x811c9dc5;
  h2 = 0x811c9dc5;
  const valid = rules(g);
  if (valid) fingerprints.set(g, `${(g as { type: string }).type}:${h1 >>> 0}:${h2 >>> 0}`);
  return valid;
}

function rules(g: object): boolean {
  const { type, coordinates: c } = g as { type?: unknown; coordinates?: unknown };
  switch (type) {
    case 'Point':
      return position(c);
    case 'MultiPoint':
      return Array.isArray(c) && c.every(position);
    case 'LineString':
      return line(c, 2);
    case 'MultiLineString':
      return Array.isArray(c) && c.every((l) => line(l, 2));
    case 'Polygon':
      return polygon(c);
    case 'MultiPolygon':
      return Array.isArray(c) && c.length >= 1 && c.every(polygon);
    default:
      return false;
  }
}

/** A stand-in of the same type that zod checks in no time (the real one is checked above). */
export const STAND_IN: Record<string, Geometry> = {
  LineString: {
    type: 'LineString',
    coordinates: [
      [0, 0],
      [0, 0],
    ],
  },
  MultiLineString: { type: 'MultiLineString', coordinates: [] },
  Polygon: {
    type: 'Polygon',
    coordinates: [
      [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ],
    ],
  },
  MultiPolygon: {
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [0, 0],
          [0, 0],
          [0, 0],
          [0, 0],
        ],
      ],
    ],
  },
  MultiPoint: { type: 'MultiPoint', coordinates: [] },
};

/** Grid points per side for a heavy geometry's offsets. */
const GRID = 17;

/** Shifts measured on a grid over an extent: what onGrid and movedCoords interpolate. */
function gridOver(x0: number, y0: number, x1: number, y1: number, exact: (p: Pos) => Pos) {
  const dx = (x1 - x0) / (GRID - 1) || 1;
  const dy = (y1 - y0) / (GRID - 1) || 1;
  const shift = new Float64Array(GRID * GRID * 2);
  for (let j = 0; j < GRID; j++)
    for (let i = 0; i < GRID; i++) {
      const x = x0 + i * dx;
      const y = y0 + j * dy;
      const [tx, ty] = exact([x, y]) as [number, number];
      shift[(j * GRID + i) * 2] = tx - x;
      shift[(j * GRID + i) * 2 + 1] = ty - y;
    }
  /** Writes the shifted (x, y) into out[at], out[at + 1]: no allocation per vertex. */
  return (x: number, y: number, out: Float64Array | number[], at: number) => {
    const u = Math.min(GRID - 1.000001, Math.max(0, (x - x0) / dx));
    const v = Math.min(GRID - 1.000001, Math.max(0, (y - y0) / dy));
    const i = Math.floor(u);
    const j = Math.floor(v);
    const fu = u - i;
    const fv = v - j;
    const a = (j * GRID + i) * 2;
    const b = a + GRID * 2;
    const w00 = (1 - fu) * (1 - fv);
    const w10 = fu * (1 - fv);
    const w01 = (1 - fu) * fv;
    const w11 = fu * fv;
    out[at] = x + shift[a]! * w00 + shift[a + 2]! * w10 + shift[b]! * w01 + shift[b + 2]! * w11;
    out[at + 1] = y + shift[a + 1]! * w00 + shift[a + 3]! * w10 + shift[b + 1]! * w01 + shift[b + 3]! * w11;
  };
}

/**
 * The datum shift of a heavy geometry (thousands of vertices), interpolated from a grid of
 * exact shifts over its extent: gcoord per vertex held the main thread for a second on a
 * 200,000-vertex polygon. The shift varies smoothly (tens of metres over tens of
 * kilometres), so on a 17 × 17 grid the error stays well under a metre for a district-wide
 * shape and far less for a smaller one.
 */
export function onGrid(g: Geometry, exact: (p: Pos) => Pos): (p: Pos) => Pos {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  mapPositions(g.coordinates, (p) => {
    x0 = Math.min(x0, p[0]!);
    y0 = Math.min(y0, p[1]!);
    x1 = Math.max(x1, p[0]!);
    y1 = Math.max(y1, p[1]!);
    return p;
  });
  const shift = gridOver(x0, y0, x1, y1, exact);
  return (p) => {
    const out = [0, 0];
    shift(p[0]!, p[1]!, out, 0);
    return out;
  };
}

/** The lines (rings) of a geometry, in order, and a MultiPolygon's rings per polygon. */
function linesOf(g: Geometry): { lines: Pos[][]; rings: number[] } {
  switch (g.type) {
    case 'Point':
      return { lines: [[g.coordinates as Pos]], rings: [] };
    case 'MultiPoint':
    case 'LineString':
      return { lines: [g.coordinates as Pos[]], rings: [] };
    case 'MultiLineString':
    case 'Polygon':
      return { lines: g.coordinates as Pos[][], rings: [] };
    case 'MultiPolygon':
      return { lines: (g.coordinates as Pos[][][]).flat(), rings: g.coordinates.map((p) => p.length) };
  }
}

/** A geometry that validGeometry passed, packed flat (see PackedParts); its buffers can be transferred. */
export function pack(g: Geometry): PackedParts {
  const { lines, rings } = linesOf(g);
  let n = 0;
  let dims: 2 | 3 = 2;
  for (const line of lines) {
    n += line.length;
    if (dims === 2) for (const p of line) if (p.length > 2) dims = 3;
  }
  const coords = new Float64Array(n * dims);
  const ends = new Int32Array(lines.length);
  let i = 0;
  lines.forEach((line, k) => {
    for (const p of line) {
      coords[i * dims] = p[0]!;
      coords[i * dims + 1] = p[1]!;
      if (dims === 3) coords[i * dims + 2] = p[2] ?? Number.NaN;
      i++;
    }
    ends[k] = i;
  });
  return {
    type: g.type as HeavyType,
    coords,
    dims,
    ends,
    rings: Int32Array.from(rings),
    valid: true,
    fingerprint: fingerprint(g) ?? '',
  };
}

/**
 * A packed geometry's numbers moved to another datum: the shift interpolated on the grid of
 * onGrid, over the typed array, into a new one (a few milliseconds for 200,000 vertices).
 */
export function movedCoords(source: PackedParts, from: Crs, to: Crs): Float64Array {
  const { coords, dims } = source;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < coords.length; i += dims) {
    const x = coords[i]!;
    const y = coords[i + 1]!;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  const shift = gridOver(x0, y0, x1, y1, (p) => convertPoint(p as LngLat, from, to));
  const out = new Float64Array(coords.length);
  for (let i = 0; i < coords.length; i += dims) {
    shift(coords[i]!, coords[i + 1]!, out, i);
    if (dims === 3) out[i + 2] = coords[i + 2]!;
  }
  return out;
}
