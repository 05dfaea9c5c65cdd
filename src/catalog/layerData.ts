/**
 * Feature data for the layers that are on (and only those: with hundreds of layers in
 * the catalog, nothing loads until it is turned on). Each feature is validated on its
 * own, so one bad feature is skipped and counted instead of losing the whole layer.
 */
import { type UseQueryResult, useQueries } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { z } from 'zod';
import type { LayerFeature } from '../../layers/kit/define';
import { type Crs, featureOf } from '../api/contract';
import { useApi } from '../api/context';
import { convertFeatures } from '../api/crs';
import { useDataCrs } from '../api/queries';
import type { AnyLayer } from './registry';

const Envelope = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) });

export interface LayerData {
  features: LayerFeature[];
  /** Features dropped because they broke the layer's schema (bad coordinates, wrong types…). */
  skipped: number;
  loading: boolean;
  problem: unknown;
  updatedAt: number;
}

export const NO_DATA: LayerData = { features: [], skipped: 0, loading: false, problem: null, updatedAt: 0 };

export function parseFeatures(
  raw: unknown[],
  schema: z.ZodType,
): { features: LayerFeature[]; skipped: number } {
  const feature = featureOf(schema);
  const features: LayerFeature[] = [];
  let skipped = 0;
  for (const f of raw) {
    const r = feature.safeParse(f);
    if (r.success) features.push(r.data as LayerFeature);
    else skipped++;
  }
  return { features, skipped };
}

/** Converted features per fetched payload, so unchanged data is never converted twice. */
const converted = new WeakMap<object, { key: string; features: LayerFeature[] }>();

function inBasemapCrs(data: Parsed, from: Crs, to: Crs): LayerFeature[] {
  const key = `${from}>${to}`;
  const hit = converted.get(data);
  if (hit?.key === key) return hit.features;
  const features = convertFeatures(data.features, from, to);
  converted.set(data, { key, features });
  return features;
}

type Parsed = { features: LayerFeature[]; skipped: number };

export function useLayersData(defs: AnyLayer[], scopeId: string | null): Record<string, LayerData> {
  const { client, config } = useApi();
  const dataCrs = useDataCrs();
  const featureDefs = useMemo(() => defs.filter((d) => d.source.kind === 'features'), [defs]);
  const basemapCrs = config.basemap.crs;
  // Combined results are memoised by TanStack Query: the same object until a query changes,
  // so the map does not rebuild layers when something unrelated re-renders it.
  const combine = useCallback(
    (results: UseQueryResult<Parsed>[]) => {
      const out: Record<string, LayerData> = {};
      featureDefs.forEach((def, i) => {
        const q = results[i]!;
        const ready = q.data !== undefined && dataCrs !== undefined;
        out[def.id] = {
          features: ready ? inBasemapCrs(q.data!, dataCrs!, basemapCrs) : [],
          skipped: q.data?.skipped ?? 0,
          loading:
            (q.isPending && q.fetchStatus !== 'idle') || (q.data !== undefined && dataCrs === undefined),
          problem: q.error ?? (q.data === undefined ? q.failureReason : null) ?? null,
          updatedAt: ready ? q.dataUpdatedAt : 0,
        };
      });
      return out;
    },
    [featureDefs, dataCrs, basemapCrs],
  );
  return useQueries({
    queries: featureDefs.map((def) => ({
      // Fetched without waiting for GET /meta: the CRS is only needed to convert, not to ask.
      queryKey: ['layer', def.id, scopeId],
      refetchInterval: config.refresh.layersMs,
      staleTime: config.refresh.layersMs,
      queryFn: async ({ signal }: { signal: AbortSignal }): Promise<Parsed> => {
        const source = def.source as { kind: 'features'; schema: z.ZodType; endpoint?: string };
        const path = source.endpoint ?? `/layers/${encodeURIComponent(def.id)}/features`;
        const fc = await client.get(path, Envelope, { region: scopeId }, signal);
        return parseFeatures(fc.features, source.schema);
      },
    })),
    combine,
  });
}
