/** GET /layers/{id}/tiles/{z}/{x}/{y}.mvt: a point layer as vector tiles (see ../tiles.ts). */
import { resolveRegion } from '../auth';
import type { Handler } from '../context';
import { badRequest, notFound } from '@ioc/contract/http';
import { isLayerId, LAYER_GEOMETRY, LAYER_IDS } from '../layers';
import { pointTile } from '../tiles';

const MAX_Z = 24;

function tileNumber(name: string, raw: string | undefined, max: number): number {
  const v = /^\d{1,8}$/u.test(raw ?? '') ? Number(raw) : Number.NaN;
  if (!Number.isInteger(v) || v < 0 || v > max)
    throw badRequest(`${name} must be an integer from 0 to ${max}`);
  return v;
}

export const getTile: Handler = ({ app, url, params, caller }) => {
  const id = params.layerId ?? '';
  if (!isLayerId(id)) throw notFound(`unknown layer ${id}; layers are ${LAYER_IDS.join(', ')}`);
  if (LAYER_GEOMETRY[id] !== 'Point') throw notFound(`layer ${id} has no vector tiles (points only)`);
  // Same scoping as the features: a street console only ever gets its own street's points.
  const region = resolveRegion(app.regions, caller, url.searchParams.get('region'));
  const z = tileNumber('z', params.z, MAX_Z);
  const x = tileNumber('x', params.x, 2 ** z - 1);
  const y = tileNumber('y', params.y, 2 ** z - 1);
  return new Response(pointTile(app.world, id, region, z, x, y), {
    status: 200,
    headers: { 'content-type': 'application/vnd.mapbox-vector-tile', 'cache-control': 'no-store' },
  });
};
