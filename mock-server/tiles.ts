/**
 * The demo world's point layers as vector tiles, cut by the domain's tile cutter from one
 * index per layer (built on first use), narrowed to the caller's region.
 */
import { cutPointTile, encodePointTile, indexPoints, type PointIndex } from '@ioc/domain/tiles';
import type { Region } from '@ioc/domain/regions';
import type { LayerId } from './layers';
import type { LayerData, World } from './world';

interface LayerTileIndex extends PointIndex {
  /** Membership of each feature per region id (the district needs none); a few kept. */
  masks: Map<string, Uint8Array>;
}

const MASKS_KEPT = 16;
const indexes = new WeakMap<LayerData, LayerTileIndex>();

function indexOf(data: LayerData): LayerTileIndex {
  let hit = indexes.get(data);
  if (!hit) {
    hit = { ...indexPoints(data.anchors, data.features.length), masks: new Map() };
    indexes.set(data, hit);
  }
  return hit;
}

function maskOf(world: World, id: LayerId, entry: LayerTileIndex, region: Region): Uint8Array | null {
  const members = world.indicesIn(id, region);
  if (!members) return null;
  let mask = entry.masks.get(region.id);
  if (!mask) {
    mask = new Uint8Array(world.layer(id).features.length);
    for (const i of members) mask[i] = 1;
    if (entry.masks.size >= MASKS_KEPT) entry.masks.delete(entry.masks.keys().next().value as string);
    entry.masks.set(region.id, mask);
  }
  return mask;
}
/** The features of a point layer inside tile z/x/y and the region, as an MVT layer named after the layer. */
export function pointTile(
  world: World,
  id: LayerId,
  region: Region,
  z: number,
  x: number,
  y: number,
): Uint8Array<ArrayBuffer> {
  const data = world.layer(id);
  const entry = indexOf(data);
  const mask = maskOf(world, id, entry, region);
  const points = cutPointTile(entry, mask ? (i) => mask[i] === 1 : null, z, x, y);
  return encodePointTile(id, points, (i) => data.features[i]?.properties ?? {});
}
