/** GET /kpis: layer indicators followed by event indicators, as the mock orders them. */
import { formatIso } from '../../mock-server/time';
import type { Region, RegionIndex } from '../../mock-server/regions';
import type { KpiResponse } from '../../src/api/contract';
import type { Sql } from '../db/driver';
import { eventIndicators } from './events';
import { layerFigureSets, layerIndicators } from './layers';

export async function kpisFor(
  db: Sql,
  regions: RegionIndex,
  region: Region,
  now: number,
): Promise<KpiResponse> {
  const sets = await layerFigureSets(db, regions);
  return {
    asOf: formatIso(now),
    indicators: [
      ...layerIndicators(sets, regions, region),
      ...(await eventIndicators(db, regions.district.id, region, now)),
    ],
  };
}
