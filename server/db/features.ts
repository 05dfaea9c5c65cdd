/**
 * Layers' features into the database, for the demo's seed and for an import alike: rows in
 * batches of one JSON parameter each (json_to_recordset, fast on PGlite and PostgreSQL), laid
 * out by place.
 */
import type { Sql } from './driver';

/** One feature as it is written: its anchor (x, y) and properties beside the GeoJSON geometry. */
export interface FeatureRow {
  ord: number;
  id: string;
  /** Null for a feature outside every street (an imported city-wide layer). */
  street: string | null;
  community: string | null;
  geom: string;
  x: number;
  y: number;
  props: string;
}

const BATCH = 2000;

/**
 * SQL for how many current features the layer `layer` (a column or a parameter) holds, read
 * from the counts the triggers keep (migration 0015) instead of counting the rows; `where`
 * may narrow by `f.street_id` and `f.community_id`.
 */
export const keptCount = (layer: string, where = 'true'): string =>
  `(SELECT coalesce(sum(f.n), 0)::bigint FROM feature_counts f WHERE f.layer_id = ${layer} AND ${where})`;

export async function batches<T>(rows: T[], fn: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await fn(rows.slice(i, i + BATCH));
}

/** Has the database been seeded (any region at all)? */
export async function isSeeded(db: Sql): Promise<boolean> {
  const [r] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM regions');
  return (r?.n ?? 0) > 0;
}

/** Spreads the low 16 bits of v over the even bits of a 32-bit number. */
function spread(v: number): number {
  let x = v & 0xffff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  return (x | (x << 1)) & 0x55555555;
}

/**
 * The rows in Z-order of their anchors over the layer's extent: written so, the features of
 * one bbox or tile lie on a few neighbouring pages instead of one page each (a million
 * stations in generation order would put a street's view on a thousand pages). `ord` keeps
 * the layer's own order.
 */
function spatially(rows: FeatureRow[]): FeatureRow[] {
  let [x0, y0, x1, y1] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, -Infinity, -Infinity];
  for (const r of rows) {
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x);
    y1 = Math.max(y1, r.y);
  }
  const sx = 65535 / Math.max(x1 - x0, 1e-9);
  const sy = 65535 / Math.max(y1 - y0, 1e-9);
  const key = (r: FeatureRow) =>
    (spread(Math.floor((r.x - x0) * sx)) | (spread(Math.floor((r.y - y0) * sy)) << 1)) >>> 0;
  return rows
    .map((r) => ({ r, k: key(r) }))
    .sort((a, b) => a.k - b.k)
    .map((e) => e.r);
}

/**
 * A layer's feature rows, in batches (the seed's and an import's), laid out by place; with
 * `keptFrom` (an ISO time), the rows of the kept version valid from then (server/db/versions.ts).
 */
export function insertFeatures(
  sql: Sql,
  layerId: string,
  rows: FeatureRow[],
  keptFrom?: string,
): Promise<void> {
  const [table, version, value] =
    keptFrom === undefined
      ? ['features', '', '']
      : ['layer_version_features', ' valid_from,', ' $3::timestamptz,'];
  return batches(spatially(rows), (batch) =>
    sql.query(
      `INSERT INTO ${table} (layer_id,${version} ord, id, street_id, community_id, geom, anchor, x, y, props)
       SELECT $1,${value} ord, id, street, community, ST_SetSRID(ST_GeomFromGeoJSON(geom), 4326),
         ST_SetSRID(ST_MakePoint(x, y), 4326), x, y, props::json
       FROM json_to_recordset($2::json) AS r(ord int, id text, street text, community text, geom text,
         x float8, y float8, props text)`,
      keptFrom === undefined ? [layerId, JSON.stringify(batch)] : [layerId, JSON.stringify(batch), keptFrom],
    ),
  );
}
