/** GET /meta and GET /regions. */
import { type Meta, RegionLevel } from '@ioc/contract/contract';
import { resolveRegion } from '../auth';
import type { Handler } from '../context';
import { badRequest, notFound } from '@ioc/contract/http';
import { json } from '../http';
import { formatIso, LAYER_EPOCH_MS } from '@ioc/domain/time';

export const getMeta: Handler = ({ app, url, caller }) => {
  resolveRegion(app.regions, caller, url.searchParams.get('region'));
  const meta: Meta = {
    name: '龙岗区城市运行管理中心',
    district: app.regions.district.id,
    crs: 'GCJ02',
    // The newest change the API holds: the layers' last load, or the latest event.
    dataUpdatedAt: formatIso(Math.max(LAYER_EPOCH_MS, app.history.latestLoad(), app.store.lastUpdatedMs)),
    apiVersion: 'v1',
  };
  return json(meta);
};

/**
 * Geography is public to every caller (a street console still draws the whole district):
 * `region=` narrows to that region and everything inside it.
 */
export const getRegions: Handler = ({ app, url }) => {
  const { regions } = app;
  const level = url.searchParams.get('level');
  const parent = url.searchParams.get('parent');
  const region = url.searchParams.get('region');
  if (level !== null && !RegionLevel.safeParse(level).success) {
    throw badRequest(`level must be one of ${RegionLevel.options.join(', ')}`);
  }
  if (parent !== null && !regions.get(parent)) throw notFound(`unknown region ${parent}`);
  if (region !== null && !regions.get(region)) throw notFound(`unknown region ${region}`);
  const features = regions.file.features.filter((f) => {
    const p = f.properties;
    return (
      (level === null || p.level === level) &&
      (parent === null || p.parentId === parent) &&
      (region === null || regions.within(p.id, region))
    );
  });
  return json({ type: 'FeatureCollection', features });
};
