/** GET /kpis: layer indicators followed by event indicators, as the mock orders them. */
import { formatIso } from '@ioc/domain/time';
import type { Region, RegionIndex } from '@ioc/domain/regions';
import type { Indicator, KpiResponse } from '@ioc/contract/contract';
import type { Sql } from '../db/driver';
import { keptCount } from '../db/features';
import { eventIndicators } from './events';
import {
  demolitionFigures,
  FIGURES_FORMAT,
  type FeatureFigures,
  featureFigures,
  featureFiguresFrom,
  layerFigureSets,
  layerIndicators,
} from './layers';
import { VERSIONED_INDICATORS } from '@ioc/domain/layerFacts';
import { versionAt } from '../db/versions';

type Sets = Awaited<ReturnType<typeof layerFigureSets>>;

/**
 * Layer figures change only when a layer's rows do: they are counted again when a layer's
 * update time or feature count moves (whoever edits features moves the update time, which
 * the catalog shows), and otherwise reused: from this process's memory, or from the
 * database, where the first instance to count them keeps them (a restart, another instance
 * and the first start after a seed or an import read them back instead of counting).
 */
const cache = new WeakMap<RegionIndex, { version: string; sets: Sets }>();

async function layerSets(db: Sql, regions: RegionIndex): Promise<Sets> {
  const [v] = await db.query<{ version: string }>(
    `SELECT coalesce(string_agg(l.id || '@' || l.updated_at::text || '#' ||
       ${keptCount('l.id')}, ',' ORDER BY l.id), '') AS version
     FROM layers l`,
  );
  const version = v?.version ?? '';
  const hit = cache.get(regions);
  if (hit && hit.version === version) return hit.sets;
  const sets = await layerFigureSets(db, await keptFigures(db, regions, version));
  cache.set(regions, { version, sets });
  return sets;
}

/** The features' figures kept for this version of the layers, else counted and kept (one row). */
async function keptFigures(db: Sql, regions: RegionIndex, layersVersion: string): Promise<FeatureFigures> {
  const key = `${FIGURES_FORMAT}|${layersVersion}`;
  // Both drivers give json as its text.
  const [row] = await db.query<{ figures: string }>('SELECT figures FROM layer_figures WHERE version = $1', [
    key,
  ]);
  const kept = row ? featureFiguresFrom(JSON.parse(row.figures)) : null;
  if (kept) return kept;
  const figures = await featureFigures(db, regions);
  await db.query(
    `WITH gone AS (DELETE FROM layer_figures WHERE version <> $1)
     INSERT INTO layer_figures (version, figures) VALUES ($1, $2::json) ON CONFLICT (version) DO NOTHING`,
    [key, JSON.stringify(figures)],
  );
  return figures;
}

/** Counts and keeps the layer figures now: what the seed and import commands do beforehand. */
export async function prepareLayerFigures(db: Sql, regions: RegionIndex): Promise<void> {
  await layerSets(db, regions);
}

/**
 * The layer figures as of `at`: a layer in VERSIONED_INDICATORS whose kept version answers
 * for it is counted from that version (cached per version), and its indicators are of `at`;
 * where the current version answers (the layer kept versions, and `at` is after its load)
 * they are of `at` too. Every other layer figure is today's.
 */
async function layerSetsAt(db: Sql, regions: RegionIndex, sets: Sets, at: number) {
  let out = sets;
  const followed: string[] = [];
  for (const [layer, prefix] of Object.entries(VERSIONED_INDICATORS)) {
    const v = await versionAt(db, layer, at);
    if (!v) continue;
    followed.push(prefix);
    if (v.validTo === null || layer !== 'demolition') continue;
    const from = v.validFrom.toISOString();
    let kept = keptCache.get(regions)?.get(from);
    if (!kept) {
      kept = await demolitionFigures(db, regions.district.id, from);
      if (!keptCache.has(regions)) keptCache.set(regions, new Map());
      keptCache.get(regions)?.set(from, kept);
    }
    out = { ...out, demolition: kept };
  }
  return { sets: out, followed };
}

/** A kept version never changes: its figures, by its valid_from. */
const keptCache = new WeakMap<RegionIndex, Map<string, Sets['demolition']>>();

/**
 * With `at`, event figures are replayed to that moment, and so are the figures of a layer
 * that kept its versions (layerSetsAt); other layer figures have no history, so they are
 * today's, and each indicator's asOf says which.
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
    const then = await layerSetsAt(db, regions, sets, at);
    const layerStamp = (i: Indicator) =>
      stamp(formatIso(then.followed.some((p) => i.id.startsWith(p)) ? at : now))(i);
    return {
      asOf: formatIso(at),
      indicators: [
        ...layerIndicators(then.sets, regions, region).map(layerStamp),
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
