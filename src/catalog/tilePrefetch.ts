/**
 * The first view's tiles, asked for as soon as the map's element has its size, not when
 * deck.gl first updates the tiled layer: that update comes after the first screen's shader
 * compiles, seconds on two cores in software WebGL, and the API would sit idle meanwhile.
 * The tile layer takes these answers (`takeTile`) instead of asking again. A chunk of its
 * own, asked for by usePrefetchedTiles.ts: most deployments never draw from tiles.
 */
import type { LayerTiles } from '@ioc/contract/contract';
import type { Camera } from '../state/camera';

/** deck.gl's tile size, in the map's 512-pixel zoom. */
const TILE_SIZE = 512;
/** More than a 4K wall needs at any zoom: a bound, should a camera or a size be absurd. */
const MAX_TILES = 40;
/** An answer the layer never takes (the view moved first) is let go after this. */
const KEEP_MS = 30_000;

const early = new Map<string, Promise<ArrayBuffer>>();

/**
 * The tiles deck.gl's TileLayer picks for a flat, north-up view of `width`×`height` pixels:
 * zoom rounded and held within the tileset's, every tile the view's rectangle touches.
 * Tilted or turned views get none (deck.gl culls those by the camera's frustum).
 */
export function viewTiles(
  camera: Camera,
  width: number,
  height: number,
  tiles: Pick<LayerTiles, 'minzoom' | 'maxzoom'>,
): { x: number; y: number; z: number }[] {
  if (camera.pitch !== 0 || camera.bearing !== 0 || !(width > 0 && height > 0)) return [];
  const z = Math.round(camera.zoom);
  if (z < tiles.minzoom) return [];
  const tz = Math.min(z, tiles.maxzoom);
  const world = TILE_SIZE * 2 ** camera.zoom;
  const [lng, lat] = camera.center;
  const phi = (lat * Math.PI) / 180;
  const cx = (lng + 180) / 360;
  const cy = (1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2;
  const n = 2 ** tz;
  const cell = (v: number) => Math.min(n - 1, Math.max(0, Math.floor(v * n)));
  const [x0, x1] = [cell(cx - width / 2 / world), cell(cx + width / 2 / world)];
  const [y0, y1] = [cell(cy - height / 2 / world), cell(cy + height / 2 / world)];
  if ((x1 - x0 + 1) * (y1 - y0 + 1) > MAX_TILES) return [];
  const out: { x: number; y: number; z: number }[] = [];
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) out.push({ x, y, z: tz });
  return out;
}

const urlOf = (template: string, t: { x: number; y: number; z: number }) =>
  template.replace('{z}', String(t.z)).replace('{x}', String(t.x)).replace('{y}', String(t.y));

/** Asks for the view's tiles now; each answer waits for the tile layer (or KEEP_MS). */
export function prefetchTiles(
  template: string,
  indices: { x: number; y: number; z: number }[],
  headers: Record<string, string>,
): void {
  for (const t of indices) {
    const url = urlOf(template, t);
    if (early.has(url)) continue;
    const answer = fetch(url, { headers }).then((r) =>
      r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${r.status}`)),
    );
    // Unhandled here; whoever takes it handles its failure (by asking again).
    answer.catch(() => {});
    early.set(url, answer);
    setTimeout(() => early.delete(url), KEEP_MS);
  }
}

/** The early answer for `url`, once: the next ask for the same tile goes to the API. */
export function takeTile(url: string): Promise<ArrayBuffer> | undefined {
  const answer = early.get(url);
  early.delete(url);
  return answer;
}

/** Asks now for the tiles a `width`×`height` view at `camera` will draw. */
export function prefetchView(
  template: string,
  tiles: LayerTiles,
  camera: Camera,
  size: { width: number; height: number },
  headers: Record<string, string>,
): void {
  prefetchTiles(template, viewTiles(camera, size.width, size.height, tiles), headers);
}
