/**
 * A layer's kept versions (migration 0013, issue 22): an import that replaces a layer moves
 * the old rows here with the time they were valid, and a replay asks which version answers
 * for its moment. Current reads never look here.
 */
import type { Sql } from './driver';

/**
 * Keeps the layer's current version, valid from its load until `validTo`, before an import
 * replaces it (inside the import's transaction, the layer row locked). A version that was
 * never valid for a moment (loaded at or after `validTo`: two imports in one millisecond, or
 * a clock set back) is not kept.
 */
export async function keepReplaced(tx: Sql, layerId: string, validTo: Date): Promise<boolean> {
  const kept = await tx.query(
    `INSERT INTO layer_versions (layer_id, valid_from, valid_to, title, geometry_type, fields, imported_from)
     SELECT id, updated_at, $2, title, geometry_type, fields, imported_from FROM layers
     WHERE id = $1 AND updated_at < $2 RETURNING 1`,
    [layerId, validTo.toISOString()],
  );
  if (kept.length === 0) return false;
  // The layer row is not yet rewritten: its updated_at is still the kept version's start.
  await tx.query(
    `INSERT INTO layer_version_features (layer_id, valid_from, ord, id, street_id, community_id, geom, anchor, x, y, props)
     SELECT f.layer_id, l.updated_at, f.ord, f.id, f.street_id, f.community_id, f.geom, f.anchor, f.x, f.y, f.props
     FROM features f JOIN layers l ON l.id = f.layer_id WHERE f.layer_id = $1`,
    [layerId],
  );
  return true;
}

/** The version that answers for a moment: `validTo` null is the current one (rows in `features`). */
export interface VersionRow {
  validFrom: Date;
  validTo: Date | null;
}

/**
 * A lateral join giving (v_from, v_to), the version of layer `l` that answers for `at` (a
 * parameter placeholder): the kept version whose range holds it, else the current one from
 * its load on, provided the layer kept any; no row (nulls) otherwise. Kept ranges end at or
 * before the current load, so at most one row qualifies.
 */
export function versionJoin(l: string, at: string): string {
  return `LEFT JOIN LATERAL (
      SELECT k.valid_from AS v_from, k.valid_to AS v_to FROM layer_versions k
      WHERE k.layer_id = ${l}.id AND k.valid_from <= ${at}::timestamptz AND ${at}::timestamptz < k.valid_to
      UNION ALL
      SELECT ${l}.updated_at, NULL::timestamptz
      WHERE ${l}.updated_at <= ${at}::timestamptz AND EXISTS (SELECT 1 FROM layer_versions h WHERE h.layer_id = ${l}.id)
      LIMIT 1
    ) v ON true`;
}

/** Which version of one layer answers for `at` (see versionJoin); null: none, current data. */
export async function versionAt(db: Sql, layerId: string, at: number): Promise<VersionRow | null> {
  const [r] = await db.query<{ v_from: Date | null; v_to: Date | null }>(
    `SELECT v.v_from, v.v_to FROM layers l ${versionJoin('l', '$2')} WHERE l.id = $1`,
    [layerId, new Date(at).toISOString()],
  );
  return r?.v_from ? { validFrom: r.v_from, validTo: r.v_to } : null;
}
