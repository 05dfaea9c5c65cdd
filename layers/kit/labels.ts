/**
 * Labels that do not sit on one another: placed greedily in priority order at the map's
 * zoom, a label kept only where its box is clear of those already placed. A dozen labels
 * need no GPU collision pass (deck.gl's CollisionFilterExtension would add one per frame,
 * and its code to the first screen).
 */
const TILE = 256;

/** Web-mercator pixel position at a zoom (the map's own projection). */
function project([lng, lat]: [number, number], zoom: number): [number, number] {
  const scale = TILE * 2 ** zoom;
  const s = Math.sin((lat * Math.PI) / 180);
  return [((lng + 180) / 360) * scale, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale];
}

/** Width of a label in pixels: CJK glyphs are about one em, Latin ones about half. */
function widthOf(text: string, size: number): number {
  let em = 0;
  for (const ch of text) em += ch.charCodeAt(0) > 0x2e80 ? 1 : 0.55;
  return em * size;
}

/**
 * The items whose labels can be read at `zoom`, highest priority first. `zoom` is taken in
 * quarter steps so a flight does not re-place the labels every frame.
 */
export function declutter<T>(
  items: readonly T[],
  o: {
    zoom: number;
    size: number;
    text: (t: T) => string;
    at: (t: T) => [number, number];
    priority: (t: T) => number;
    /** Always placed (the frame of the map, e.g. street names); the rest yield to them. */
    keep?: (t: T) => boolean;
  },
): T[] {
  const zoom = Math.round(o.zoom * 4) / 4;
  const pad = o.size * 0.4;
  const placed: [number, number, number, number][] = [];
  const out: T[] = [];
  for (const item of [...items].sort((a, b) => o.priority(b) - o.priority(a))) {
    const [x, y] = project(o.at(item), zoom);
    const half = widthOf(o.text(item), o.size) / 2 + pad;
    const box: [number, number, number, number] = [
      x - half,
      y - o.size / 2 - pad,
      x + half,
      y + o.size / 2 + pad,
    ];
    const clear = !placed.some((b) => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1]);
    if (!clear && !o.keep?.(item)) continue;
    placed.push(box);
    out.push(item);
  }
  return out;
}
