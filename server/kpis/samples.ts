/**
 * Where residents are taken to live for the 15-minute service circle: the planner's sample
 * grid over each community (@ioc/domain/kpis/coverage, in WGS84), drawn from the regions
 * in the database and stored as a KPI input. Drawn when the table is empty: on the first
 * seed, and after a migration that changed the method.
 */
import { populationSamples } from '@ioc/domain/kpis/coverage';
import type { Sql } from '../db/driver';
import { regionIndex } from '../regions';

const BATCH = 2000;

export async function drawPopulationSamples(db: Sql): Promise<number> {
  const [have] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM population_samples');
  if ((have?.n ?? 0) > 0) return 0;
  const regions = await regionIndex(db);
  const counts = new Map<string, number>();
  const rows = populationSamples(regions).map((s) => {
    const n = counts.get(s.communityId) ?? 0;
    counts.set(s.communityId, n + 1);
    return {
      community: s.communityId,
      n,
      street: s.streetId,
      weight: s.weight,
      x: s.position[0],
      y: s.position[1],
    };
  });
  // Two servers starting together may both draw them: the same rows, kept once.
  for (let i = 0; i < rows.length; i += BATCH) {
    await db.query(
      `INSERT INTO population_samples (community_id, n, street_id, weight, geom, x, y)
       SELECT community, n, street, weight, ST_SetSRID(ST_MakePoint(x, y), 4326), x, y
       FROM json_to_recordset($1::json) AS r(community text, n int, street text, weight float8, x float8, y float8)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(rows.slice(i, i + BATCH))],
    );
  }
  return rows.length;
}
