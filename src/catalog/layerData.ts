/**
 * Feature data for the layers that are on (and only those: with hundreds of layers in
 * the catalog, nothing loads until it is turned on). Each feature is validated on its
 * own, so one bad feature is skipped and counted instead of losing the whole layer.
 */
import { useQueries } from '@tanstack/react-query';
import { z } from 'zod';
import type { LayerFeature } from '../../layers/kit/define';
import { featureOf } from '../api/contract';
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

export function useLayersData(defs: AnyLayer[], scopeId: string | null): Record<string, LayerData> {
  const { client, config } = useApi();
  const dataCrs = useDataCrs();
  const featureDefs = defs.filter((d) => d.source.kind === 'features');
  const results = useQueries({
    queries: featureDefs.map((def) => ({
      queryKey: ['layer', def.id, scopeId, dataCrs],
      enabled: dataCrs !== undefined,
      refetchInterval: config.refresh.layersMs,
      staleTime: config.refresh.layersMs,
      queryFn: async ({ signal }: { signal: AbortSignal }) => {
        const source = def.source as { kind: 'features'; schema: z.ZodType; endpoint?: string };
        const path = source.endpoint ?? `/layers/${encodeURIComponent(def.id)}/features`;
        const fc = await client.get(path, Envelope, { region: scopeId }, signal);
        const { features, skipped } = parseFeatures(fc.features, source.schema);
        return { features: convertFeatures(features, dataCrs!, config.basemap.crs), skipped };
      },
    })),
  });
  const out: Record<string, LayerData> = {};
  featureDefs.forEach((def, i) => {
    const q = results[i]!;
    out[def.id] = {
      features: q.data?.features ?? [],
      skipped: q.data?.skipped ?? 0,
      loading: q.isPending && q.fetchStatus !== 'idle',
      problem: q.error ?? (q.data === undefined ? q.failureReason : null) ?? null,
      updatedAt: q.dataUpdatedAt,
    };
  });
  return out;
}
