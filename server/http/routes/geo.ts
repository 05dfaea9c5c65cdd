/** GET /meta and GET /regions. */
import { badRequest, notFound } from '@ioc/contract/http';
import { RegionLevel, type Meta } from '@ioc/contract/contract';
import { TIME_MAX_MS, TIME_MIN_MS } from '@ioc/contract/input';
import { formatIso } from '@ioc/domain/time';
import { resolveRegion } from '../../auth/caller';
import { REGION_SELECT, type RegionRow, regionProps } from '../../regions';
import type { ApiHandler } from '../kit';

export const getMeta: ApiHandler = async ({ ctx, query, caller }) => {
  resolveRegion(ctx.regions, caller, query.get('region'));
  // The newest change the API holds: a layer's last load, or the latest event (index scan),
  // among the times the API represents.
  const [r] = await ctx.db.query<{ at: Date | null }>(
    `SELECT greatest((SELECT max(updated_at) FROM layers),
       (SELECT updated_at FROM events WHERE updated_at >= $1 AND updated_at < $2
        ORDER BY updated_at DESC, id DESC LIMIT 1)) AS at`,
    [new Date(TIME_MIN_MS).toISOString(), new Date(TIME_MAX_MS).toISOString()],
  );
  const meta: Meta = {
    name: `${ctx.regions.district.name}城市运行管理中心`,
    district: ctx.regions.district.id,
    crs: 'GCJ02',
    dataUpdatedAt: formatIso((r?.at ?? new Date(0)).getTime()),
    apiVersion: 'v1',
  };
  return meta;
};

/** Geography is public to every caller: a street console still draws the whole district. */
export const getRegions: ApiHandler = async ({ ctx, query }) => {
  const level = query.get('level');
  const parent = query.get('parent');
  const region = query.get('region');
  if (level !== null && !RegionLevel.safeParse(level).success) {
    throw badRequest(`level must be one of ${RegionLevel.options.join(', ')}`);
  }
  if (parent !== null && !ctx.regions.get(parent)) throw notFound(`unknown region ${parent}`);
  if (region !== null && !ctx.regions.get(region)) throw notFound(`unknown region ${region}`);
  const rows = await ctx.db.query<RegionRow & Record<string, unknown>>(
    `${REGION_SELECT}
     WHERE ($1::text IS NULL OR level = $1) AND ($2::text IS NULL OR parent_id = $2)
       AND ($3::text IS NULL OR id = $3 OR parent_id = $3 OR parent_id IN (SELECT id FROM regions WHERE parent_id = $3))
     ORDER BY ord`,
    [level, parent, region],
  );
  const features = rows.map(
    (r) =>
      `{"type":"Feature","id":${JSON.stringify(r.id)},"properties":${JSON.stringify(regionProps(r))},"geometry":${r.geojson}}`,
  );
  return `{"type":"FeatureCollection","features":[${features.join(',')}]}`;
};
