/**
 * An imported layer into the database, in one transaction: the catalog row and every
 * feature, replacing an earlier import of the same id, whose version is kept with the time
 * it was valid (server/db/versions.ts). Until it commits, every instance
 * still answers the old layer; if anything fails, the old one stays as it was. Each feature
 * is placed in its street and community by its anchor (a point itself, else the centre of
 * its first ring or line, as the demo's polygons are); one outside every street is kept at
 * district scope, with the district as its regionId.
 */
import { ringCenter } from '@ioc/domain/geo';
import type { RegionIndex } from '@ioc/domain/regions';
import type { Geometry, GeometryType, LayerField } from '@ioc/contract/contract';
import type { UserFeature as LayerFeature } from '@ioc/domain/gis/prepare';
import type { Db } from '../db/driver';
import { insertFeatures } from '../db/features';
import { keepReplaced } from '../db/versions';

/** The app's default `tilesAboveFeatures`: a larger point layer is drawn from tiles. */
export const TILES_ABOVE = 200_000;
export const LAYER_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/u;

export interface LayerImport {
  id: string;
  title: string;
  group: string;
  /** The file it came from, kept in the catalog row. */
  source: string;
  geometry: GeometryType;
  fields: LayerField[];
  features: LayerFeature[];
}

export interface Imported {
  count: number;
  replaced: boolean;
  /** The replaced version was kept for replays (not when it was never valid for a moment). */
  kept: boolean;
  tiles: boolean;
  outsideDistrict: number;
}

function anchorOf(g: Geometry): number[] {
  switch (g.type) {
    case 'Point':
      return g.coordinates;
    case 'MultiPoint':
    case 'LineString':
      return ringCenter(g.coordinates);
    case 'MultiLineString':
    case 'Polygon':
      return ringCenter(g.coordinates[0] ?? []);
    case 'MultiPolygon':
      return ringCenter(g.coordinates[0]?.[0] ?? []);
  }
}

export async function importLayer(
  db: Db,
  regions: RegionIndex,
  layer: LayerImport,
  options: { tilesAbove?: number; now?: number } = {},
): Promise<Imported> {
  if (!LAYER_ID.test(layer.id))
    throw new Error(`layer id "${layer.id}" must be lower-case letters, digits, - or _ (at most 64)`);
  let outside = 0;
  const rows = layer.features.map((f, ord) => {
    const [x, y] = anchorOf(f.geometry) as [number, number];
    const street = regions.streetAt([x, y]);
    if (!street) outside++;
    const community = street ? regions.communityAt(street.id, [x, y]) : undefined;
    return {
      ord,
      id: f.properties.id,
      street: street?.id ?? null,
      community: community?.id ?? null,
      geom: JSON.stringify(f.geometry),
      x,
      y,
      props: JSON.stringify({ ...f.properties, regionId: street?.id ?? regions.district.id }),
    };
  });
  const tiles = layer.geometry === 'Point' && rows.length > (options.tilesAbove ?? TILES_ABOVE);
  const at = new Date(options.now ?? Date.now());
  const { replaced, kept } = await db.transaction(async (tx) => {
    const [old] = await tx.query<{ imported_from: string | null }>(
      'SELECT imported_from FROM layers WHERE id = $1 FOR UPDATE',
      [layer.id],
    );
    if (old && old.imported_from === null)
      throw new Error(`layer ${layer.id} was not imported (it is the demo's own): import under another id`);
    // The replaced version stays readable as of the moments it was valid (GET ...?asOf=).
    const kept = old ? await keepReplaced(tx, layer.id, at) : false;
    await tx.query('DELETE FROM features WHERE layer_id = $1', [layer.id]);
    await tx.query(
      `INSERT INTO layers (id, title, grp, geometry_type, fields, ord, updated_at, tiles, imported_from)
       VALUES ($1, $2, $3, $4, $5::json, (SELECT coalesce(max(ord), -1) + 1 FROM layers), $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET title = excluded.title, grp = excluded.grp,
         geometry_type = excluded.geometry_type, fields = excluded.fields, updated_at = excluded.updated_at,
         tiles = excluded.tiles, imported_from = excluded.imported_from`,
      [
        layer.id,
        layer.title,
        layer.group,
        layer.geometry,
        JSON.stringify(layer.fields),
        at.toISOString(),
        tiles,
        layer.source,
      ],
    );
    await insertFeatures(tx, layer.id, rows);
    return { replaced: old !== undefined, kept };
  });
  // The layer's rows changed wholesale: statistics for the planner at once, not at autovacuum's leisure.
  await db.query('ANALYZE features');
  return { count: rows.length, replaced, kept, tiles, outsideDistrict: outside };
}
