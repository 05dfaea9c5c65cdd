/** Reading what the map actually drew: screenshot pixels and Web Mercator positions. */
import { PNG } from 'pngjs';

export interface Image {
  width: number;
  height: number;
  data: Buffer;
}

export function decodePng(buf: Buffer): Image {
  const png = PNG.sync.read(buf);
  return { width: png.width, height: png.height, data: png.data };
}

export function pixel(img: Image, x: number, y: number): [number, number, number] {
  const i = (Math.round(y) * img.width + Math.round(x)) * 4;
  return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
}

export function colorDistance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
}

/** How close the pixels within `radius` of (x, y) come to `colour`: a mark found near its place. */
export function distanceNear(
  img: Image,
  x: number,
  y: number,
  colour: readonly number[],
  radius = 2,
): number {
  let best = Number.POSITIVE_INFINITY;
  for (let dx = -radius; dx <= radius; dx++)
    for (let dy = -radius; dy <= radius; dy++) {
      const [px, py] = [Math.round(x + dx), Math.round(y + dy)];
      if (px >= 0 && py >= 0 && px < img.width && py < img.height)
        best = Math.min(best, colorDistance(pixel(img, px, py), colour));
    }
  return best;
}

export function hex(c: string): [number, number, number] {
  const n = Number.parseInt(c.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** MapLibre's Web Mercator with 512-pixel tiles: where [lng, lat] lands in a map of the given size. */
export function project(
  lngLat: [number, number],
  camera: { center: [number, number]; zoom: number },
  size: { width: number; height: number },
): [number, number] {
  const world = 512 * 2 ** camera.zoom;
  const mx = (lng: number) => ((lng + 180) / 360) * world;
  const my = (lat: number) => {
    const s = Math.sin((lat * Math.PI) / 180);
    return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * world;
  };
  return [
    size.width / 2 + mx(lngLat[0]) - mx(camera.center[0]),
    size.height / 2 + my(lngLat[1]) - my(camera.center[1]),
  ];
}

/** Ray casting over a polygon's rings (holes toggle inside-ness). */
export function insidePolygon(p: [number, number], rings: number[][][]): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as [number, number];
      const [xj, yj] = ring[j] as [number, number];
      if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** How many different colours a screenshot holds: a blank or unstyled page has a handful. */
export function colours(png: Buffer): number {
  const img = decodePng(png);
  const seen = new Set<number>();
  for (let i = 0; i < img.data.length; i += 4 * 7) seen.add(img.data.readUInt32BE(i) >>> 8);
  return seen.size;
}
