/**
 * Vector tiles of point layers, cut by the domain's cutter (@ioc/domain/tiles: the same
 * half-open bounds and thinning as the demo's tiles, so both answer alike) from a spatial index this instance
 * keeps of each tiled layer's anchors, streets and communities. SQL alone would read every
 * point under a low-zoom tile to thin it (a million at zoom 10 for the stress layer), and
 * ST_AsMVT neither thins like the contract's tiles nor exists in PGlite. The index is a
 * cache of rows, nothing more: built on a layer's first tile from the database, rebuilt when
 * the layer's update time moves (an import). A tile then costs one index search and one
 * query for the properties of the points it keeps.
 *
 * The index is packed (typed arrays and Flatbush's own buffer, about 33 bytes a point). With
 * a cache folder (the embedded database's data folder) it is also kept on disk, one file per
 * layer named by the layer's update time, so a restarted server reads it back in a fraction
 * of a second instead of reading every row of the layer again through PGlite.
 */
import { join } from 'node:path';
import type { Region } from '@ioc/domain/regions';
import { cutPointTile, encodePointTile } from '@ioc/domain/tiles';
import type { Db, Sql } from '../db/driver';
import { readCached, writeCached } from './file';
import { build, type LayerIndex } from './read';

/** Where the embedded database's data folder keeps the tile indexes. */
export const tileIndexDir = (dataDir: string): string => join(dataDir, 'tile-index');

export interface TileIndexOptions {
  /** A folder to keep each layer's index in across restarts (none: memory only). */
  cacheDir?: string | undefined;
  /** Told when the cache could not be written (the tile is served all the same). */
  onCacheError?: (e: unknown) => void;
}

export class TileIndexes {
  private readonly built = new Map<string, Promise<LayerIndex>>();

  constructor(
    private readonly db: Sql & Pick<Db, 'copyOut'>,
    private readonly o: TileIndexOptions = {},
  ) {}

  /** From the cache folder when it holds this version, else from the database (then cached). */
  private async load(layerId: string, version: string): Promise<LayerIndex> {
    const dir = this.o.cacheDir;
    if (!dir) return build(this.db, layerId, version);
    const cached = await readCached(dir, layerId, version);
    if (cached) return cached;
    const ix = await build(this.db, layerId, version);
    await writeCached(dir, layerId, ix).catch((e) => this.o.onCacheError?.(e));
    return ix;
  }

  /**
   * Builds (or reads back) the index of each tiled point layer, or of `only`, so the server
   * started next finds it on disk: what the seed and import commands do on the embedded
   * database. Returns the layers prepared.
   */
  async prepare(only?: string): Promise<string[]> {
    const layers = await this.db.query<{ id: string; version: string }>(
      `SELECT id, updated_at::text AS version FROM layers
       WHERE tiles AND geometry_type = 'Point'${only === undefined ? '' : ' AND id = $1'} ORDER BY ord`,
      only === undefined ? [] : [only],
    );
    for (const l of layers) await this.indexOf(l.id, l.version);
    return layers.map((l) => l.id);
  }

  /** The layer's index as of `version` (its update time), built or rebuilt as needed. */
  private indexOf(layerId: string, version: string): Promise<LayerIndex> {
    const hit = this.built.get(layerId);
    if (hit) {
      return hit.then((ix) => {
        if (ix.version === version) return ix;
        if (this.built.get(layerId) === hit) this.built.delete(layerId);
        return this.indexOf(layerId, version);
      });
    }
    const made = this.load(layerId, version);
    this.built.set(layerId, made);
    made.catch(() => {
      if (this.built.get(layerId) === made) this.built.delete(layerId);
    });
    return made;
  }

  async tile(
    layerId: string,
    version: string,
    region: Region,
    z: number,
    x: number,
    y: number,
  ): Promise<Uint8Array> {
    const ix = await this.indexOf(layerId, version);
    let keep: ((i: number) => boolean) | null = null;
    if (region.level !== 'district') {
      const k = ix.regionNumber.get(region.id) ?? -1;
      const of = region.level === 'street' ? ix.street : ix.community;
      keep = (i) => of[i] === k;
    }
    const points = cutPointTile(ix, keep, z, x, y);
    const rows =
      points.length === 0
        ? []
        : await this.db.query<{ ord: number; props: string }>(
            'SELECT ord, props FROM features WHERE layer_id = $1 AND ord = ANY($2::int[])',
            [layerId, points.map((p) => ix.ords[p.i] as number)],
          );
    const props = new Map(rows.map((r) => [r.ord, r.props]));
    return encodePointTile(layerId, points, (i) => JSON.parse(props.get(ix.ords[i] as number) ?? '{}'));
  }
}
