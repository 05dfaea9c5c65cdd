/** GET /kpis: layer indicators followed by event indicators, as the mock orders them. */
import { formatIso } from '@ioc/domain/time';
import type { Region, RegionIndex } from '@ioc/domain/regions';
import type { Indicator, KpiResponse } from '@ioc/contract/contract';
import type { Sql } from '../db/driver';
import { eventIndicators } from './events';
import { layerFigureSets, layerIndicators } from './layers';

type Sets = Awaited<ReturnType<typeof layerFigureSets>>;

/**
 * Layer figures change only when a layer's rows do: they are computed again when a layer's
 * update time or feature count moves (whoever edits features moves the update time, which
 * the catalog shows), and otherwise reused.
 */
const cache = new WeakMap<RegionIndex, { version: string; sets: Sets }>();

async function layerSets(db: Sql, regions: RegionIndex): Promise<Sets> {
  const [v] = await db.query<{ version: string }>(
    `SELECT coalesce(string_agg(l.id || '@' || l.updated_at::text || '#' ||
       (SELECT count(*) FROM features f WHERE f.layer_id = l.id), ',' ORDER BY l.id), '') AS version
     FROM layers l`,
  );
  const version = v?.version ?? '';
  const hit = cache.get(regions);
  if (hit && hit.version === version) return hit.sets;
  const sets = await layerFigureSets(db, regions);
  cache.set(regions, { version, sets });
  return sets;
}

/**
 * With `at`, event figures are replayed to that moment; layer figures have no history, so
 * they are today's, and each indicator's asOf says which.
 */
export async function kpisFor(
  db: Sql,
  regions: RegionIndex,
  region: Region,
  now: number,
  at?: number,
): Promise<KpiResponse> {
  const sets = await layerSets(db, regions);
  if (at !== undefined) {
    const stamp = (iso: string) => (i: Indicator) => ({ ...i, asOf: iso });
    return {
      asOf: formatIso(at),
      indicators: [
        ...layerIndicators(sets, regions, region).map(stamp(formatIso(now))),
        ...(await eventIndicators(db, regions.district.id, region, at, true)).map(stamp(formatIso(at))),
      ],
    };
  }
  return {
    asOf: formatIso(now),
    indicators: [
      ...layerIndicators(sets, regions, region),
      ...(await eventIndicators(db, regions.district.id, region, now)),
    ],
  };
}
