/**
 * Point layers as Mapbox Vector Tiles, so a stress-sized layer (1 M stations) reaches the
 * browser a tile at a time instead of as one GeoJSON document no browser can take.
 * One spatial index per layer (Flatbush over the feature anchors, built on first use);
 * tiles are cut from it on request. A crowded tile below the maximum zoom keeps one point
 * per small cell with a `count` tag, so every tile stays small whatever the layer's size.
 */
import type { LayerTiles } from '@ioc/contract/contract';
import Flatbush from 'flatbush';
import { fromGeojsonVt, type TileFeature } from 'vt-pbf';

export const TILE_EXTENT = 4096;
export const TILE_MINZOOM = 0;
/** From here on a tile holds every feature inside it; clients overzoom beyond it. */
export const TILE_MAXZOOM = 16;
/**
 * Cells per tile side when thinning: 32 × 32 ≤ 1,024 points, one per 16 px of a 512 px
 * tile: still a dense field of dots, at about 100 KB a tile (all properties are tags).
 */
export const THIN_GRID = 32;
/** A tile with more features than this is thinned (below the maximum zoom). */
export const THIN_ABOVE = THIN_GRID * THIN_GRID;

export function tilesInfo(id: string): LayerTiles {
  return {
    format: 'mvt',
    url: `layers/${id}/tiles/{z}/{x}/{y}.mvt`,
    minzoom: TILE_MINZOOM,
    maxzoom: TILE_MAXZOOM,
    layer: id,
  };
}

/** The lng/lat bounds of an XYZ (web mercator) tile. */
export function tileBounds(
  z: number,
  x: number,
  y: number,
): { west: number; south: number; east: number; north: number } {
  const n = 2 ** z;
  const lat = (row: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * row) / n))) * 180) / Math.PI;
  return { west: (x / n) * 360 - 180, east: ((x + 1) / n) * 360 - 180, north: lat(y), south: lat(y + 1) };
}

/** Position in the world's mercator square, 0..1 both ways (y down). */
function mercator(lng: number, lat: number): [number, number] {
  const s = Math.sin((lat * Math.PI) / 180);
  return [lng / 360 + 0.5, 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)];
}

function tagsOf(props: Record<string, unknown>): TileFeature['tags'] {
  const tags: TileFeature['tags'] = {};
  for (const [k, v] of Object.entries(props)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') tags[k] = v;
  }
  return tags;
}

/** A point drawn in a tile: the feature's index, its tile pixel, and how many it stands for when thinned. */
export interface TilePoint {
  i: number;
  px: number;
  py: number;
  count?: number;
}

/**
 * A spatial index of a point layer's anchors, with each point's mercator y worked out once.
 * Single precision: a float's step at longitude 114° is 0.8 m, under a screen pixel at the
 * finest zoom (1.1 m at zoom 16), and it halves what a server holds per point (a million
 * stations: some 22 MB less).
 */
export interface PointIndex {
  index: Flatbush;
  /** Number of points (the index may hold a dummy when there are none). */
  n: number;
  mercY: Float32Array;
}

/** Indexes `n` anchors ([lng, lat, lng, lat, …]). */
export function indexPoints(anchors: ArrayLike<number>, n: number): PointIndex {
  const index = new Flatbush(Math.max(1, n), 16, Float32Array);
  const mercY = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const lng = anchors[2 * i] as number;
    const lat = anchors[2 * i + 1] as number;
    index.add(lng, lat);
    mercY[i] = mercator(lng, lat)[1];
  }
  // Flatbush refuses to finish an empty index: a far-away dummy keeps empty layers servable.
  if (n === 0) index.add(-180, -90);
  index.finish();
  return { index, n, mercY };
}

/**
 * The points of tile z/x/y that `keep` accepts (a region), thinned below the maximum zoom
 * when crowded. One pass in the index's own search, with no array of every point under a
 * low-zoom tile: the first points are kept as they are, and each cell's lowest-numbered
 * point and count are tallied in case the tile turns out crowded. The server cuts its tiles
 * with this too, from its own index of the same rows.
 */
export function cutPointTile(
  ix: PointIndex,
  keep: ((i: number) => boolean) | null,
  z: number,
  x: number,
  y: number,
): TilePoint[] {
  const { west, south, east, north } = tileBounds(z, x, y);
  const scale = 2 ** z;
  const thin = z < TILE_MAXZOOM;
  const shift = Math.log2(TILE_EXTENT / THIN_GRID);
  const rep = new Int32Array(THIN_GRID * THIN_GRID).fill(-1);
  const repPx = new Uint16Array(THIN_GRID * THIN_GRID);
  const repPy = new Uint16Array(THIN_GRID * THIN_GRID);
  const counts = new Uint32Array(THIN_GRID * THIN_GRID);
  const first: TilePoint[] = [];
  let inside = 0;
  // Half-open bounds (west and north edges in, east and south out): a point on a shared
  // edge belongs to exactly one tile.
  ix.index.search(west, south, east, north, (i, lng, lat) => {
    if (i >= ix.n || (keep && !keep(i)) || lng >= east || lat <= south) return false;
    const px = Math.min(
      TILE_EXTENT - 1,
      Math.max(0, Math.floor(((lng / 360 + 0.5) * scale - x) * TILE_EXTENT)),
    );
    const py = Math.min(
      TILE_EXTENT - 1,
      Math.max(0, Math.floor(((ix.mercY[i] as number) * scale - y) * TILE_EXTENT)),
    );
    inside++;
    if (!thin || inside <= THIN_ABOVE) first.push({ i, px, py });
    if (thin) {
      // The lowest feature index stands for its cell, so the choice does not depend on the
      // index's search order and neighbouring zooms keep the same representatives.
      const cell = (py >> shift) * THIN_GRID + (px >> shift);
      counts[cell] = (counts[cell] as number) + 1;
      const r = rep[cell] as number;
      if (r < 0 || i < r) {
        rep[cell] = i;
        repPx[cell] = px;
        repPy[cell] = py;
      }
    }
    return false;
  });
  if (!thin || inside <= THIN_ABOVE) return first;
  const kept: TilePoint[] = [];
  for (let cell = 0; cell < rep.length; cell++) {
    const i = rep[cell] as number;
    if (i >= 0)
      kept.push({ i, px: repPx[cell] as number, py: repPy[cell] as number, count: counts[cell] as number });
  }
  return kept;
}

/** Tile points as one MVT layer named `layer`, every scalar property a tag (plus `count`). */
export function encodePointTile(
  layer: string,
  points: TilePoint[],
  propsOf: (i: number) => Record<string, unknown>,
): Uint8Array<ArrayBuffer> {
  const features = points.map((p): TileFeature => {
    const tags = tagsOf(propsOf(p.i));
    if (p.count !== undefined) tags.count = p.count;
    return { type: 1, geometry: [[p.px, p.py]], tags };
  });
  return fromGeojsonVt({ [layer]: { features } }, { version: 2, extent: TILE_EXTENT });
}
