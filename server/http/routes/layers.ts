/**
 * GET /layers (the catalog; its counts are kept by triggers, migration 0015), GET
 * /layers/{id}/features (filtered GeoJSON) and GET /layers/{id}/tiles/{z}/{x}/{y}.mvt (point
 * layers as vector tiles, ../../tiles/).
 */
import { badRequest, notFound } from '@ioc/contract/http';
import { parseMoment, shown } from '@ioc/contract/input';
import type { Region } from '@ioc/domain/regions';
import { parseBBox } from '@ioc/contract/query';
import { tilesInfo } from '@ioc/domain/tiles';
import { formatIso } from '@ioc/domain/time';
import type { LayerField, LayerInfo, LayerVersionAt } from '@ioc/contract/contract';
import { resolveRegion } from '../../auth/caller';
import type { Sql } from '../../db/driver';
import { keptCount } from '../../db/features';
import type { ApiHandler } from '../kit';
import { Params } from '../../db/params';
import { versionAt, versionJoin } from '../../db/versions';

/** Query keys with a meaning of their own; every other key must be a catalog field. */
const RESERVED = new Set(['region', 'bbox', 'asOf']);

interface LayerRow {
  id: string;
  title: string;
  grp: string;
  geometry_type: LayerInfo['geometry'];
  fields: string;
  updated_at: Date;
  tiles: boolean;
  count: number;
  /** The answering version (asOf only, server/db/versions.ts). */
  v_from?: Date | null;
  v_to?: Date | null;
}

/** "The feature lies in the region": its street, its community, or anywhere in the district. */
function inRegion(region: Region, params: Params): string {
  if (region.level === 'district') return 'true';
  const column = region.level === 'street' ? 'f.street_id' : 'f.community_id';
  return `${column} = ${params.add(region.id)}`;
}

export const getCatalog: ApiHandler = async ({ ctx, query, caller }) => {
  const region = resolveRegion(ctx.regions, caller, query.get('region'));
  const atRaw = query.get('asOf');
  const at = atRaw === null ? null : parseMoment(atRaw, 'asOf', ctx.now());
  const params = new Params();
  const scoped = inRegion(region, params);
  const currentCount = keptCount('l.id', scoped);
  // Without asOf, the query as before: the current rows only, nothing joined.
  const rows =
    at === null
      ? await ctx.db.query<LayerRow & Record<string, unknown>>(
          `SELECT l.id, l.title, l.grp, l.geometry_type, l.fields, l.updated_at, l.tiles, ${currentCount} AS count
           FROM layers l ORDER BY l.ord`,
          params.values,
        )
      : await ctx.db.query<LayerRow & Record<string, unknown>>(
          `SELECT l.id, l.title, l.grp, l.geometry_type, l.fields, l.updated_at, l.tiles, v.v_from, v.v_to,
             CASE WHEN v.v_to IS NULL
               THEN ${currentCount}
               ELSE (SELECT count(*) FROM layer_version_features f
                     WHERE f.layer_id = l.id AND f.valid_from = v.v_from AND ${scoped}) END AS count
           FROM layers l ${versionJoin('l', params.add(new Date(at).toISOString()))} ORDER BY l.ord`,
          params.values,
        );
  return rows.map(
    (l): LayerInfo => ({
      id: l.id,
      title: l.title,
      group: l.grp,
      geometry: l.geometry_type,
      count: l.count,
      updatedAt: formatIso(l.updated_at.getTime()),
      fields: JSON.parse(l.fields) as LayerField[],
      ...(l.tiles ? { tiles: tilesInfo(l.id as Parameters<typeof tilesInfo>[0]) } : {}),
      ...(at === null ? {} : { versionAt: versionOut(l.v_from ?? null, l.v_to ?? null) }),
    }),
  );
};

function versionOut(from: Date | null, to: Date | null): LayerVersionAt | null {
  if (from === null) return null;
  return { validFrom: formatIso(from.getTime()), validTo: to === null ? null : formatIso(to.getTime()) };
}

async function layerOr404(
  db: Sql,
  id: string,
): Promise<{ fields: LayerField[]; geometry: string; tiles: boolean; version: string }> {
  const [row] = await db.query<{ fields: string; geometry_type: string; tiles: boolean; version: string }>(
    'SELECT fields, geometry_type, tiles, updated_at::text AS version FROM layers WHERE id = $1',
    [id],
  );
  if (!row) {
    const ids = await db.query<{ id: string }>('SELECT id FROM layers ORDER BY ord');
    throw notFound(`unknown layer ${id}; layers are ${ids.map((r) => r.id).join(', ')}`);
  }
  return {
    fields: JSON.parse(row.fields) as LayerField[],
    geometry: row.geometry_type,
    tiles: row.tiles,
    version: row.version,
  };
}

export const getFeatures: ApiHandler = async ({ ctx, query, params, caller }) => {
  const id = params.layerId ?? '';
  const layer = await layerOr404(ctx.db, id);
  const region = resolveRegion(ctx.regions, caller, query.get('region'));
  const bboxRaw = query.get('bbox');
  const bbox = bboxRaw !== null ? parseBBox(bboxRaw) : null;
  const atRaw = query.get('asOf');
  const at = atRaw === null ? null : parseMoment(atRaw, 'asOf', ctx.now());

  const sqlParams = new Params();
  const where = [`f.layer_id = ${sqlParams.add(id)}`, inRegion(region, sqlParams)];
  const fields = new Map(layer.fields.map((f) => [f.key, f]));
  // Each key is given once (checked on arrival); `,` separates alternatives.
  for (const [key, value] of query) {
    if (RESERVED.has(key)) continue;
    const field = fields.get(key);
    if (!field) {
      throw badRequest(
        `unknown parameter ${shown(key)}; filters for ${id} are ${[...fields.keys()].join(', ')}`,
      );
    }
    const values = [...new Set(value.split(',').map((v) => v.trim()))];
    if (field.values) {
      const bad = values.filter((v) => !field.values?.includes(v));
      if (bad.length > 0)
        throw badRequest(`${key} must be one of ${field.values.join(', ')} (got ${bad.join(', ')})`);
    }
    if (field.type === 'boolean' && values.some((v) => v !== 'true' && v !== 'false')) {
      throw badRequest(`${key} must be true or false`);
    }
    where.push(`f.props->>(${sqlParams.add(key)}::text) = ANY(${sqlParams.add(values)}::text[])`);
  }
  if (bbox) {
    const [west, south, east, north] = bbox.map((v) => sqlParams.add(v));
    // && finds candidates in the GiST index; the exact comparison keeps the edges inclusive.
    where.push(
      `f.anchor && ST_MakeEnvelope(${west}, ${south}, ${east}, ${north}, 4326)`,
      `f.x BETWEEN ${west} AND ${east} AND f.y BETWEEN ${south} AND ${north}`,
    );
  }
  // As of a moment: the version that answered then; a kept one's rows are read where they were kept.
  let table = 'features';
  if (at !== null) {
    const version = await versionAt(ctx.db, id, at);
    if (!version)
      throw notFound(
        `layer ${id} kept no version as of ${shown(atRaw ?? '')}: without asOf its features are current`,
      );
    if (version.validTo !== null) {
      table = 'layer_version_features';
      where.push(`f.valid_from = ${sqlParams.add(version.validFrom.toISOString())}::timestamptz`);
    }
  }
  // The features as one text, written by the database: thousands of rows would otherwise
  // each be decoded and concatenated here (slowest on the embedded database).
  const [r] = await ctx.db.query<{ body: string | null }>(
    `SELECT string_agg('{"type":"Feature","geometry":' || ST_AsGeoJSON(f.geom) || ',"properties":' || f.props::text || '}',
       ',' ORDER BY f.ord) AS body
     FROM ${table} f WHERE ${where.join(' AND ')}`,
    sqlParams.values,
  );
  return `{"type":"FeatureCollection","features":[${r?.body ?? ''}]}`;
};

const MAX_Z = 24;

function tileNumber(name: string, raw: string | undefined, max: number): number {
  const v = /^\d{1,8}$/u.test(raw ?? '') ? Number(raw) : Number.NaN;
  if (!Number.isInteger(v) || v < 0 || v > max)
    throw badRequest(`${name} must be an integer from 0 to ${max}`);
  return v;
}

export const getTile: ApiHandler = async ({ ctx, query, params, caller, reply }) => {
  const id = params.layerId ?? '';
  const layer = await layerOr404(ctx.db, id);
  if (!layer.tiles || layer.geometry !== 'Point')
    throw notFound(`layer ${id} has no vector tiles (points only)`);
  // Same scoping as the features: a street console only ever gets its own street's points.
  const region = resolveRegion(ctx.regions, caller, query.get('region'));
  // `{y}.mvt`, as the mock routes it: another suffix is no such endpoint, a bad number a 400.
  const m = /^([^.]+)\.mvt$/u.exec(params.yfile ?? '');
  if (!m) throw notFound(`no such tile: ${shown(params.yfile ?? '')}`);
  const z = tileNumber('z', params.z, MAX_Z);
  const x = tileNumber('x', params.x, 2 ** z - 1);
  const y = tileNumber('y', m[1], 2 ** z - 1);
  reply.header('content-type', 'application/vnd.mapbox-vector-tile');
  return ctx.tiles.tile(id, layer.version, region, z, x, y);
};
