/**
 * Geometries with very many vertices (one hostile polygon had 200,000). Checked position by
 * position with zod, such a geometry held the main thread for a third of a second, and
 * converted vertex by vertex with gcoord, for a second. The code for them (./heavyChecks.ts)
 * loads only when a payload carries one: loaders call `prepareHeavy` before they validate,
 * and validation and conversion then take the fast path. Without it they take the slow,
 * exact one, never a wrong one.
 *
 * A layer's large answer is parsed and checked off the page's thread altogether (the
 * geometry worker, ./geometryWorker.ts): its heavy geometries arrive as PackedGeometry, a
 * typed array of their numbers, and are converted, compared and simplified as such.
 */

import type { Crs } from '@ioc/contract/contract';

/** Above this, a geometry is heavy: checked by a loop, converted on a grid, simplified to draw. */
export const HEAVY_VERTICES = 2000;

/** Positions in a geometry's coordinates, counted without looking at each one. */
export function vertexCount(coordinates: unknown): number {
  if (!Array.isArray(coordinates) || coordinates.length === 0) return 0;
  if (typeof coordinates[0] === 'number') return 1;
  if (Array.isArray(coordinates[0]) && typeof coordinates[0][0] === 'number') return coordinates.length;
  let n = 0;
  for (const c of coordinates) n += vertexCount(c);
  return n;
}

export type HeavySupport = typeof import('./heavyChecks');
let support: HeavySupport | null = null;

/** The fast path, once loaded. */
export const heavySupport = (): HeavySupport | null => support;

/** Loads the fast path if any of these raw features has a heavy geometry; says whether one has. */
export async function prepareHeavy(raw: readonly unknown[]): Promise<boolean> {
  const heavy = raw.some(
    (f) => geometryVertices((f as { geometry?: unknown } | null)?.geometry) > HEAVY_VERTICES,
  );
  if (heavy && !support) support = await import('./heavyChecks');
  return heavy;
}

/** A packed geometry inside an answer parsed off the page's thread: `{ [PACKED]: parts }`. */
export const PACKED = '__packedGeometry';

/** A heavy geometry's types (a point is one position; a MultiPoint of thousands is heavy). */
export type HeavyType = 'MultiPoint' | 'LineString' | 'MultiLineString' | 'Polygon' | 'MultiPolygon';

/** A heavy geometry's numbers, flat: what the geometry worker sends (./geometryWork.ts). */
export interface PackedParts {
  type: HeavyType;
  /** x, y and z of every position in order; z is NaN where a position has none. */
  coords: Float64Array;
  /** 3 when some position has a z, else 2. */
  dims: 2 | 3;
  /** Where each line (or ring) ends, counted in positions from the first. */
  ends: Int32Array;
  /** A MultiPolygon's rings per polygon; empty for the other types. */
  rings: Int32Array;
  /** Whether it keeps the contract's rules (checked where it was packed). */
  valid: boolean;
  /** The fingerprint of its numbers (./heavyChecks.ts), '' when not valid. */
  fingerprint: string;
}

type Nested = number[] | number[][] | number[][][] | number[][][][];

/** The nested coordinates of packed parts. */
export function unpack(p: PackedParts): Nested {
  const { coords, dims, ends } = p;
  const lines: number[][][] = [];
  let at = 0;
  for (const end of ends) {
    const line: number[][] = new Array(end - at);
    for (let i = at; i < end; i++) {
      const x = coords[i * dims]!;
      const y = coords[i * dims + 1]!;
      const z = dims === 3 ? coords[i * dims + 2]! : Number.NaN;
      line[i - at] = Number.isNaN(z) ? [x, y] : [x, y, z];
    }
    lines.push(line);
    at = end;
  }
  switch (p.type) {
    case 'MultiPoint':
    case 'LineString':
      return lines[0] ?? [];
    case 'MultiLineString':
      return lines;
    case 'Polygon':
      return lines;
    case 'MultiPolygon': {
      const polygons: number[][][][] = [];
      let ring = 0;
      for (const n of p.rings) {
        polygons.push(lines.slice(ring, ring + n));
        ring += n;
      }
      return polygons;
    }
  }
}

/** A packed geometry's numbers moved from one datum to another (see PackedGeometry.inDatum). */
export interface Moved {
  source: PackedParts;
  from: Crs;
  to: Crs;
}

/**
 * A heavy geometry as the geometry worker hands it over: its numbers in typed arrays, so
 * nothing on the page's thread walks its 200,000 vertices to check, compare, convert or
 * simplify it. `coordinates` are built on first use (an analysis, an export), once; so are
 * the numbers of one moved to the basemap's datum (inDatum): the worker moves and
 * simplifies what the map draws. An instance of a class, not a plain object: structural
 * sharing (TanStack Query) takes it whole, as it does a Date, instead of walking it.
 */
export class PackedGeometry implements PackedParts {
  readonly type: HeavyType;
  readonly dims: 2 | 3;
  readonly ends: Int32Array;
  readonly rings: Int32Array;
  readonly valid: boolean;
  readonly fingerprint: string;
  /** Set when its numbers are another's moved to another datum, until they are needed here. */
  readonly moved: Moved | null;
  #coords: Float64Array | null;
  #nested: Nested | undefined;

  constructor(p: Omit<PackedParts, 'coords'> & { coords: Float64Array | null }, moved: Moved | null = null) {
    this.type = p.type;
    this.#coords = p.coords;
    this.dims = p.dims;
    this.ends = p.ends;
    this.rings = p.rings;
    this.valid = p.valid;
    this.fingerprint = p.fingerprint;
    this.moved = moved;
  }

  get coords(): Float64Array {
    if (!this.#coords) {
      const { source, from, to } = this.moved!;
      this.#coords = support!.movedCoords(source, from, to);
    }
    return this.#coords;
  }

  /** Whether its numbers are here yet (a moved geometry's are computed on first use). */
  get hasCoords(): boolean {
    return this.#coords !== null;
  }

  // biome-ignore lint/suspicious/noExplicitAny: typed by the Geometry it stands for
  get coordinates(): any {
    this.#nested ??= unpack(this);
    return this.#nested;
  }

  get vertices(): number {
    return (this.moved?.source.coords.length ?? this.coords.length) / this.dims;
  }

  /**
   * The same geometry in another datum, at once: its numbers are moved when first needed
   * (the worker moves them itself to simplify what the map draws). Needs ./heavyChecks.ts loaded.
   */
  inDatum(from: Crs, to: Crs): PackedGeometry {
    return new PackedGeometry({ ...this.parts(), coords: null }, { source: this.parts(), from, to });
  }

  /** Its numbers as plain parts (to send to the worker). */
  parts(): PackedParts {
    const { type, coords, dims, ends, rings, valid, fingerprint } = this;
    return { type, coords, dims, ends, rings, valid, fingerprint };
  }

  /** As GeoJSON (an export writes it so). */
  toJSON(): { type: HeavyType; coordinates: Nested } {
    return { type: this.type, coordinates: this.coordinates };
  }
}

/** Positions of a geometry, counted without walking it (a packed one knows its count). */
export function geometryVertices(g: unknown): number {
  if (g instanceof PackedGeometry) return g.vertices;
  return vertexCount((g as { coordinates?: unknown } | null | undefined)?.coordinates);
}
