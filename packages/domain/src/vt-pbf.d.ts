/** vt-pbf ships no types; this is the one call the mock's tile endpoint makes. */
declare module 'vt-pbf' {
  export interface TileFeature {
    /** 1 = point, 2 = line, 3 = polygon (the MVT geometry types). */
    type: 1 | 2 | 3;
    /** Points of a point feature as [[x, y], …] in tile units (0..extent). */
    geometry: number[][];
    tags: Record<string, string | number | boolean>;
    id?: number;
  }
  export function fromGeojsonVt(
    layers: Record<string, { features: TileFeature[] }>,
    options?: { version?: number; extent?: number },
  ): Uint8Array<ArrayBuffer>;
}
