/**
 * The features loader: GET /layers/{id}/features for an API layer, the browser's own copy
 * for a file the user added. Features are validated one by one (src/api/features.ts) and
 * moved from their CRS to the basemap's once per payload. Only layers that are on load.
 * They are fetched in the geometry worker (src/api/geometryWorker.ts), which parses a large
 * answer there: a heavy geometry arrives checked and packed, and is moved to the basemap's
 * datum and simplified to draw there too.
 */
import { replaceEqualDeep, type UseQueryResult, useQueries } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { LayerDefinition, LayerFeature, Where } from '../../layers/kit/define';
import type { ApiClient } from '../api/client';
import type { Crs } from '@ioc/contract/contract';
import { useApi } from '../api/context';
import { convertFeatures, convertGeometry, sameDatum } from '../api/crs';
import { FeatureEnvelope, type Parsed, parseFeatures } from '../api/features';
import { fetchOffThread } from '../api/geometryWorker';
import { heavySupport, PackedGeometry, prepareHeavy } from '../api/heavyGeometry';
import { useDataCrs } from '../api/queries';
import { applyFilters } from './filters';
import type { AnyLayer } from './registry';

export interface LayerData {
  features: LayerFeature[];
  /** Features dropped because they broke the layer's schema (bad coordinates, wrong types…). */
  skipped: number;
  loading: boolean;
  problem: unknown;
  updatedAt: number;
}

export const NO_DATA: LayerData = { features: [], skipped: 0, loading: false, problem: null, updatedAt: 0 };

export interface FeatureQuery {
  /** The scope (the API narrows to it; a local layer is narrowed by the selector). */
  region?: string | null;
  /** [minLng, minLat, maxLng, maxLat] in the source's CRS. */
  bbox?: [number, number, number, number];
  where?: Where;
  /** A replay: the moment asked (GET …/features?asOf=), and the version answering it. */
  asOf?: ReplayedVersion;
}

/**
 * A layer drawn as of a replayed moment: `at` is asked, `validFrom` names the version, so a
 * playback within one version asks nothing again (every moment in it answers the same).
 */
export interface ReplayedVersion {
  at: string;
  validFrom: string;
}

type Def = Pick<LayerDefinition<never>, 'id' | 'source' | 'geometry'>;

/** Whether a layer's features can be loaded (features from the API, or a local file). */
export function holdsFeatures(def: Def): boolean {
  return def.source.kind === 'features' || def.source.kind === 'local';
}

/** The CRS a layer's features arrive in: the API's, or the one the user named for a file. */
export function sourceCrs(def: Def, dataCrs: Crs | undefined): Crs | undefined {
  return def.source.kind === 'local' ? def.source.crs : dataCrs;
}

export function featureQueryKey(def: Def, q: FeatureQuery = {}): unknown[] {
  const key = ['layer', def.id, q.region ?? null, q.bbox ?? null, q.where ?? null];
  return q.asOf ? [...key, q.asOf.validFrom] : key;
}

/** One layer's valid features, in the CRS they came in. */
export async function loadFeatures(
  client: ApiClient,
  def: Def,
  q: FeatureQuery,
  signal?: AbortSignal,
): Promise<Parsed> {
  const source = def.source;
  if (source.kind === 'local') {
    // Validated with `schema` as the file was read (in the worker); only what passed was kept.
    const features = (await source.load()) as LayerFeature[];
    return { features: q.where ? applyFilters(features, q.where) : features, skipped: 0 };
  }
  if (source.kind !== 'features') throw new Error(`${def.id} has no features to load`);
  const path = source.endpoint ?? `/layers/${encodeURIComponent(def.id)}/features`;
  const where = Object.fromEntries(Object.entries(q.where ?? {}).map(([k, v]) => [k, v.join(',')]));
  const bbox = q.bbox?.map((v) => v.toFixed(6)).join(',');
  const asOf = q.asOf?.at;
  const fc = await client.get(path, FeatureEnvelope, { ...where, region: q.region, bbox, asOf }, signal, {
    offThread: fetchOffThread,
  });
  // The same answer as last time (src/api/sameAnswer.ts): the same features, checked once.
  const key = `${def.id}|${JSON.stringify(q.where ?? null)}`;
  const seen = loaded.get(fc)?.get(key);
  if (seen) return seen;
  // A heavy geometry was parsed in this task: the page gets a frame before it is checked.
  if (await prepareHeavy(fc.features)) await nextTask();
  const parsed = parseFeatures(fc.features, source.schema, undefined, def.geometry);
  // The API narrows by `where` too; applied again so a layer's role means the same everywhere.
  const out = q.where ? { ...parsed, features: applyFilters(parsed.features, q.where) } : parsed;
  if (!loaded.has(fc)) loaded.set(fc, new Map());
  loaded.get(fc)!.set(key, out);
  return out;
}

/** Features checked per answer (an answer the client recognised comes back as the same object). */
const loaded = new WeakMap<object, Map<string, Parsed>>();
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Converted features per loaded payload, so unchanged data is never converted twice. */
const converted = new WeakMap<object, { key: string; features: LayerFeature[] }>();

export function inBasemapCrs(data: Parsed, from: Crs, to: Crs): LayerFeature[] {
  const key = `${from}>${to}`;
  const hit = converted.get(data);
  if (hit?.key === key) return hit.features;
  const packed = !sameDatum(from, to) && data.features.some((f) => f.geometry instanceof PackedGeometry);
  // A packed geometry is moved when its numbers are first needed: by the worker, to draw it.
  const features = packed
    ? data.features.map((f) =>
        f.geometry instanceof PackedGeometry
          ? { ...f, geometry: f.geometry.inDatum(from, to) as unknown as typeof f.geometry }
          : { ...f, geometry: convertGeometry(f.geometry, from, to) },
      )
    : convertFeatures(data.features, from, to);
  converted.set(data, { key, features });
  return features;
}

/**
 * TanStack's structural sharing for a layer's payload, except that a heavy geometry the
 * refresh brought unchanged (same fingerprint) is taken as the old one outright: the deep
 * comparison walked all 200,000 vertices of a hostile polygon on every refresh.
 */
export function shareParsed(old: unknown, next: unknown): unknown {
  const heavy = heavySupport();
  const o = (old as Parsed | undefined)?.features;
  const n = (next as Parsed | undefined)?.features;
  if (heavy && o && n && o.length === n.length)
    n.forEach((f, i) => {
      const print = heavy.fingerprint(f.geometry);
      if (print !== undefined && print === heavy.fingerprint(o[i]!.geometry)) f.geometry = o[i]!.geometry;
    });
  return replaceEqualDeep(old, next);
}

/**
 * The features of `defs` (those that hold features) in the basemap's CRS, for the scope;
 * those named in `versions` as of a replayed moment.
 */
export function useLayersData(
  defs: AnyLayer[],
  scopeId: string | null,
  versions?: Readonly<Record<string, ReplayedVersion>>,
): Record<string, LayerData> {
  const { client, config } = useApi();
  const dataCrs = useDataCrs();
  const featureDefs = useMemo(() => defs.filter(holdsFeatures), [defs]);
  const basemapCrs = config.basemap.crs;
  // Combined results are memoised by TanStack Query: the same object until a query changes,
  // so the map does not rebuild layers when something unrelated re-renders it.
  const combine = useCallback(
    (results: UseQueryResult<Parsed>[]) => {
      const out: Record<string, LayerData> = {};
      featureDefs.forEach((def, i) => {
        const q = results[i]!;
        const from = sourceCrs(def, dataCrs);
        const ready = q.data !== undefined && from !== undefined;
        out[def.id] = {
          features: ready ? inBasemapCrs(q.data!, from!, basemapCrs) : [],
          skipped: q.data?.skipped ?? 0,
          loading: (q.isPending && q.fetchStatus !== 'idle') || (q.data !== undefined && from === undefined),
          problem: q.error ?? (q.data === undefined ? q.failureReason : null) ?? null,
          updatedAt: ready ? q.dataUpdatedAt : 0,
        };
      });
      return out;
    },
    [featureDefs, dataCrs, basemapCrs],
  );
  return useQueries({
    queries: featureDefs.map((def) =>
      featuresQuery(client, config.refresh.layersMs, def, scopeId, versions?.[def.id]),
    ),
    combine,
  });
}

/** One layer's features, as the map and the start-up prefetch (app/prefetch.ts) ask for them. */
export function featuresQuery(
  client: ApiClient,
  refreshMs: number,
  def: Def,
  scopeId: string | null,
  asOf?: ReplayedVersion,
) {
  const local = def.source.kind === 'local';
  // A local layer is the whole file whatever the scope (the selector narrows it); a past
  // version never changes.
  const fixed = local || asOf !== undefined;
  const q: FeatureQuery = { region: local ? null : scopeId, ...(asOf && !local ? { asOf } : {}) };
  return {
    // Fetched without waiting for GET /meta: the CRS is only needed to convert, not to ask.
    queryKey: featureQueryKey(def, q),
    refetchInterval: fixed ? (false as const) : refreshMs,
    structuralSharing: shareParsed,
    staleTime: fixed ? Number.POSITIVE_INFINITY : refreshMs,
    queryFn: ({ signal }: { signal: AbortSignal }) => loadFeatures(client, def, q, signal),
  };
}
