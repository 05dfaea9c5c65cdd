/**
 * What is near an event, for the operator deciding what to send: one line for each nearby
 * role a layer declares (layers/kit/define.ts), e.g. cameras within 500 m, the nearest
 * hospital, the nearest kiosk. Features come through the one features loader; distances
 * are great-circle (turf), in the CRS the layer's features came in (the API's for its
 * layers), where the event is placed too.
 */
import distance from '@turf/distance';
import { type UseQueryResult, useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { NearbyRole } from '../../../layers/kit/define';
import type { Geometry, LngLat } from '@ioc/contract/contract';
import { clip } from '../../api/clip';
import { useApi } from '../../api/context';
import { convertPoint } from '../../api/crs';
import type { Parsed } from '../../api/features';
import { useDataCrs } from '../../api/queries';
import { anchorOf } from '@ioc/domain/analysis/geo';
import { useCatalogEntries } from '../../catalog/entries';
import {
  type FeatureQuery,
  featureQueryKey,
  holdsFeatures,
  loadFeatures,
  sourceCrs,
} from '../../catalog/layerData';
import type { AnyLayer } from '../../catalog/registry';
import { useReplayVersions } from '../../catalog/replayVersions';

export interface NearbyFeature {
  geometry: Geometry;
  properties: Record<string, unknown>;
}

export type NearbyLine = {
  role: NearbyRole;
  /** In a replay: the layer kept no version for the moment, so this line counts current data. */
  current?: boolean;
} & (
  | { kind: 'within'; count: number; sum: number }
  | { kind: 'nearest'; nearest: { name: string; meters: number } | null }
);

/** [minLng, minLat, maxLng, maxLat] of a square `meters` around a point (enough for a query). */
export function bboxAround([lng, lat]: LngLat, meters: number): [number, number, number, number] {
  const dLat = meters / 111_320;
  const dLng = meters / (111_320 * Math.cos((lat * Math.PI) / 180));
  return [lng - dLng, lat - dLat, lng + dLng, lat + dLat];
}

/** One role's line, from features already narrowed by the role's `where`. */
export function summariseNearby(at: LngLat, role: NearbyRole, features: NearbyFeature[]): NearbyLine {
  const measured = features.flatMap((f) => {
    const p = anchorOf(f.geometry);
    return p ? [{ f, meters: distance(at, p, { units: 'meters' }) }] : [];
  });
  if (role.kind === 'within') {
    const inside = measured.filter((m) => m.meters <= role.radiusM);
    const field = role.sum?.field;
    const sum = field
      ? inside.reduce(
          (a, m) => a + (typeof m.f.properties[field] === 'number' ? (m.f.properties[field] as number) : 0),
          0,
        )
      : 0;
    return { role, kind: 'within', count: inside.length, sum };
  }
  let best: { name: string; meters: number } | null = null;
  for (const m of measured)
    if (!best || m.meters < best.meters)
      best = { name: clip(String(m.f.properties.name ?? '')), meters: m.meters };
  return { role, kind: 'nearest', nearest: best };
}

interface Ask {
  def: AnyLayer;
  role: NearbyRole;
  at: LngLat;
  query: FeatureQuery;
}

const combine = (results: UseQueryResult<Parsed>[]) => ({
  data: results.map((r) => r.data),
  isPending: results.some((r) => r.isPending),
  // Retried without end: a failure shows while there is nothing to show instead.
  isError: results.some((r) => r.failureCount > 0 && !r.data),
});

/** The lines for an event at `at` (API CRS); `region`: the street a console is bound to. */
export function useNearby(at: LngLat, region: string | null) {
  const { client } = useApi();
  const dataCrs = useDataCrs();
  const { entries } = useCatalogEntries();
  const defs = useMemo(
    () => entries.map((e) => e.def).filter((d) => holdsFeatures(d) && (d.roles?.nearby?.length ?? 0) > 0),
    [entries],
  );
  // In a replay, a layer with a version kept for the moment is asked as of it, as the map draws it.
  const { versions, current } = useReplayVersions(defs);
  const asks = useMemo((): Ask[] => {
    if (!dataCrs) return [];
    return defs
      .flatMap((def) =>
        (def.roles?.nearby ?? []).map((role) => {
          const here = convertPoint(at, dataCrs, sourceCrs(def, dataCrs)!);
          // Within a radius: only that square. Nearest: anywhere the console may see.
          const asOf = versions?.[def.id];
          const query: FeatureQuery =
            role.kind === 'within'
              ? { bbox: bboxAround(here, role.radiusM), where: role.where, asOf }
              : { region, where: role.where, asOf };
          return { def, role, at: here, query };
        }),
      )
      .sort((a, b) => a.role.rank - b.role.rank);
  }, [defs, versions, dataCrs, at, region]);
  const results = useQueries({
    combine,
    queries: asks.map((a) => ({
      queryKey: featureQueryKey(a.def, a.query),
      staleTime: 5 * 60_000,
      queryFn: ({ signal }: { signal: AbortSignal }) => loadFeatures(client, a.def, a.query, signal),
    })),
  });
  const lines = useMemo(
    () =>
      results.data.every((d) => d !== undefined)
        ? asks.map((a, i) => ({
            ...summariseNearby(a.at, a.role, results.data[i]!.features as NearbyFeature[]),
            current: current.includes(a.def),
          }))
        : undefined,
    [asks, results.data, current],
  );
  return { lines, isPending: results.isPending || dataCrs === undefined, isError: results.isError };
}
