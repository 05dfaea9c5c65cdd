/**
 * KPI figures are aggregates of rows, computed by SQL for the asked region and each of
 * its children in one query (GROUPING SETS over street and community), never stored.
 */
import type { Region } from '@ioc/domain/regions';
import type { Sql } from '../db/driver';

export type Figures = Record<string, number>;

export interface Grouped {
  /** Figures of a region id (district, street or community); zeros when it has no rows. */
  of(regionId: string): Figures;
  /** What `of` reads, as plain data (kept as JSON, server/kpis/index.ts). */
  readonly keys: string[];
  readonly byId: Record<string, Figures>;
}

/** The figures of `byId` (read from the rows, or back from JSON), zeros for any other region. */
export function groupedOf(keys: string[], byId: Record<string, Figures>): Grouped {
  const zero = Object.fromEntries(keys.map((k) => [k, 0]));
  return { keys, byId, of: (id) => (Object.hasOwn(byId, id) ? (byId[id] as Figures) : zero) };
}

/**
 * Runs `SELECT <exprs> FROM <from> WHERE <where>` grouped by the whole table, each street
 * (`streetCol`) and each community (`communityCol`).
 */
export async function grouped(
  db: Sql,
  districtId: string,
  spec: {
    /** A common table expression the expressions may read (`name AS (…)`). */
    with?: string;
    from: string;
    where: string;
    streetCol: string;
    communityCol: string;
    exprs: Record<string, string>;
  },
  params: unknown[],
): Promise<Grouped> {
  const keys = Object.keys(spec.exprs);
  const select = keys.map((k, i) => `${spec.exprs[k]} AS a${i}`).join(', ');
  const rows = await db.query<Record<string, unknown>>(
    `${spec.with ? `WITH ${spec.with} ` : ''}SELECT GROUPING(${spec.streetCol}) AS gs, GROUPING(${spec.communityCol}) AS gc,
       ${spec.streetCol} AS s, ${spec.communityCol} AS c, ${select}
     FROM ${spec.from} WHERE ${spec.where}
     GROUP BY GROUPING SETS ((), (${spec.streetCol}), (${spec.communityCol}))`,
    params,
  );
  const byId: Record<string, Figures> = {};
  for (const r of rows) {
    const id = r.gs === 0 ? r.s : r.gc === 0 ? r.c : districtId;
    if (typeof id !== 'string') continue; // features outside any community
    byId[id] = Object.fromEntries(keys.map((k, i) => [k, Number(r[`a${i}`] ?? 0)]));
  }
  return groupedOf(keys, byId);
}

/** The asked region and the regions its breakdowns are by (none below a street). */
export const breakdownRegions = (region: Region): Region[] =>
  region.level === 'community' ? [] : region.children;
