/**
 * Point features (rows from a bbox query on the GiST index) encoded as one Mapbox Vector
 * Tile layer with vt-pbf. The server encodes tiles itself rather than with ST_AsMVT, which
 * PGlite's PostGIS lacks (built without protobuf), so both backends run the same SQL. Below
 * the maximum zoom a crowded tile keeps the lowest-numbered point of each cell with a
 * `count` tag, exactly as the mock's tiles do.
 */
import { fromGeojsonVt, type TileFeature } from 'vt-pbf';
import { THIN_ABOVE, THIN_GRID, TILE_EXTENT, TILE_MAXZOOM, tileBounds } from '../mock-server/tiles';

export { tileBounds };

export interface TileRow {
  ord: number;
  x: number;
  y: number;
  /** The feature's properties as JSON text. */
  props: string;
}

/** Position in the world's mercator square, 0..1 both ways (y down). */
function mercator(lng: number, lat: number): [number, number] {
  const s = Math.sin((lat * Math.PI) / 180);
  return [lng / 360 + 0.5, 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)];
}

function tagsOf(json: string): TileFeature['tags'] {
  const tags: TileFeature['tags'] = {};
  for (const [k, v] of Object.entries(JSON.parse(json) as Record<string, unknown>)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') tags[k] = v;
  }
  return tags;
}

/** `rows` must lie inside tile z/x/y and be ordered by `ord`. */
export function encodePointTile(layer: string, rows: TileRow[], z: number, x: number, y: number): Uint8Array {
  const n = 2 ** z;
  const px: number[] = [];
  const py: number[] = [];
  for (const r of rows) {
    const [mx, my] = mercator(r.x, r.y);
    px.push(Math.min(TILE_EXTENT - 1, Math.max(0, Math.floor((mx * n - x) * TILE_EXTENT))));
    py.push(Math.min(TILE_EXTENT - 1, Math.max(0, Math.floor((my * n - y) * TILE_EXTENT))));
  }
  const feature = (k: number, count?: number): TileFeature => {
    const tags = tagsOf((rows[k] as TileRow).props);
    if (count !== undefined) tags.count = count;
    return { type: 1, geometry: [[px[k] as number, py[k] as number]], tags };
  };
  const features: TileFeature[] = [];
  if (rows.length <= THIN_ABOVE || z >= TILE_MAXZOOM) {
    for (let k = 0; k < rows.length; k++) features.push(feature(k));
  } else {
    const shift = Math.log2(TILE_EXTENT / THIN_GRID);
    // Rows come ordered by ord, so the first row of a cell is its lowest-numbered point.
    const rep = new Int32Array(THIN_GRID * THIN_GRID).fill(-1);
    const counts = new Uint32Array(THIN_GRID * THIN_GRID);
    for (let k = 0; k < rows.length; k++) {
      const cell = ((py[k] as number) >> shift) * THIN_GRID + ((px[k] as number) >> shift);
      counts[cell] = (counts[cell] as number) + 1;
      if ((rep[cell] as number) < 0) rep[cell] = k;
    }
    for (let cell = 0; cell < rep.length; cell++) {
      const k = rep[cell] as number;
      if (k >= 0) features.push(feature(k, counts[cell] as number));
    }
  }
  return fromGeojsonVt({ [layer]: { features } }, { version: 2, extent: TILE_EXTENT });
}
