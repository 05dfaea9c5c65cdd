/**
 * Vector tiles of point layers, cut as the mock cuts them (mock-server/tiles.ts: the same
 * half-open bounds and thinning, so both answer alike) from a spatial index this instance
 * keeps of each tiled layer's anchors, streets and communities. SQL alone would read every
 * point under a low-zoom tile to thin it (a million at zoom 10 for the stress layer), and
 * ST_AsMVT neither thins like the contract's tiles nor exists in PGlite. The index is a
 * cache of rows, nothing more: built on a layer's first tile from the database, rebuilt when
 * the layer's update time moves (an import), lost with the process. A tile then costs one
 * index search and one query for the properties of the points it keeps.
 */
import type { Region } from '@ioc/domain/regions';
import { cutPointTile, encodePointTile, indexPoints, type PointIndex } from '@ioc/domain/tiles';
import type { Sql } from './db/driver';

interface LayerIndex extends PointIndex {
  version: string;
  ords: Int32Array;
  /** Each point's street and community, as numbers into `regionIds` (0 = none). */
  street: Uint16Array;
  community: Uint16Array;
  regionNumber: Map<string, number>;
}

const PAGE = 50_000;

async function build(db: Sql, layerId: string, version: string): Promise<LayerIndex> {
  const [c] = await db.query<{ n: number }>('SELECT count(*) AS n FROM features WHERE layer_id = $1', [
    layerId,
  ]);
  const total = c?.n ?? 0;
  const anchors = new Float64Array(2 * total);
  const ords = new Int32Array(total);
  const street = new Uint16Array(total);
  const community = new Uint16Array(total);
  const regionNumber = new Map<string, number>();
  const numberOf = (id: string | null) => {
    if (id === null) return 0;
    let k = regionNumber.get(id);
    if (k === undefined) {
      k = regionNumber.size + 1;
      regionNumber.set(id, k);
    }
    return k;
  };
  let n = 0;
  for (let after = -1; n < total; ) {
    const rows = await db.query<{
      ord: number;
      x: number;
      y: number;
      street_id: string | null;
      community_id: string | null;
    }>(
      `SELECT ord, x, y, street_id, community_id FROM features
       WHERE layer_id = $1 AND ord > $2 ORDER BY ord LIMIT ${PAGE}`,
      [layerId, after],
    );
    if (rows.length === 0) break;
    for (const r of rows) {
      if (n >= total) break;
      anchors[2 * n] = r.x;
      anchors[2 * n + 1] = r.y;
      ords[n] = r.ord;
      street[n] = numberOf(r.street_id);
      community[n] = numberOf(r.community_id);
      n++;
    }
    after = (rows[rows.length - 1] as { ord: number }).ord;
  }
  return { ...indexPoints(anchors, n), version, ords, street, community, regionNumber };
}

export class TileIndexes {
  private readonly built = new Map<string, Promise<LayerIndex>>();

  constructor(private readonly db: Sql) {}

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
    const made = build(this.db, layerId, version);
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
