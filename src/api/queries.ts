/**
 * Server state: cached, retried and refreshed by TanStack Query. Components read these
 * hooks; coordinates arrive already in the basemap's CRS.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import {
  type Crs,
  type Feature,
  type LngLat,
  Meta,
  type RegionCollection,
  RegionProps,
  type RegionLevel,
} from '@ioc/contract/contract';
import type { ApiClient } from './client';
import type { AppConfig } from './config';
import { clip, LABEL_MAX } from './clip';
import { useApi } from './context';
import { convertFeatures, convertPoint } from './crs';
import { FeatureEnvelope, parseFeatures } from './features';
import { prepareHeavy } from './heavyGeometry';

/** GET /meta, as the hooks and the start-up prefetch (app/prefetch.ts) ask for it. */
export function metaQuery(client: ApiClient) {
  return {
    queryKey: ['meta'],
    // The platform's name heads every screen: bounded here, wherever it is shown.
    queryFn: async ({ signal }: { signal: AbortSignal }) => {
      const meta = await client.get('/meta', Meta, undefined, signal);
      return { ...meta, name: clip(meta.name, LABEL_MAX), district: clip(meta.district) };
    },
    staleTime: 5 * 60_000,
  };
}

/** GET /meta; `refreshMs` re-reads it (the header's "data as of" follows a live API). */
export function useMeta(refreshMs?: number) {
  const { client } = useApi();
  return useQuery({
    ...metaQuery(client),
    ...(refreshMs ? { refetchInterval: refreshMs, refetchIntervalInBackground: true } : {}),
  });
}

/** The CRS to convert API coordinates from: config wins over what the API says of itself. */
export function useDataCrs(): Crs | undefined {
  const { config } = useApi();
  const meta = useMeta();
  return config.dataCrs === 'auto' ? meta.data?.crs : config.dataCrs;
}

export function useRegions(level: RegionLevel, parent?: string) {
  const { client, config } = useApi();
  const dataCrs = useDataCrs();
  return useQuery({
    ...regionsQuery(client, config, dataCrs, level, parent),
    enabled: dataCrs !== undefined,
  });
}

/** GET /regions for a level, validated and moved to the basemap's CRS (once `dataCrs` is known). */
export function regionsQuery(
  client: ApiClient,
  config: AppConfig,
  dataCrs: Crs | undefined,
  level: RegionLevel,
  parent?: string,
) {
  return {
    queryKey: ['regions', level, parent ?? null, dataCrs],
    staleTime: 60 * 60_000,
    queryFn: async ({ signal }: { signal: AbortSignal }): Promise<RegionCollection & { skipped: number }> => {
      const fc = await client.get('/regions', FeatureEnvelope, { level, parent }, signal);
      await prepareHeavy(fc.features);
      const parsed = parseFeatures<Feature<RegionProps>>(fc.features, RegionProps, undefined, 'Polygon');
      const to = config.basemap.crs;
      const features = convertFeatures(parsed.features, dataCrs!, to).map((f) => {
        const p = f.properties;
        // Region names show everywhere (feed, detail, rankings, map labels): bounded once here.
        const properties = {
          ...p,
          name: clip(p.name),
          ...(p.nameEn !== undefined ? { nameEn: clip(p.nameEn) } : {}),
          ...(p.center ? { center: convertPoint(p.center, dataCrs!, to) } : {}),
        };
        return { ...f, properties };
      });
      return { type: 'FeatureCollection', features, skipped: parsed.skipped };
    },
  };
}

/** Converts an API [lng, lat] to the basemap's CRS (for flying the map to an event, say). */
export function useToBasemap(): (p: LngLat) => LngLat {
  const { config } = useApi();
  const dataCrs = useDataCrs();
  return useCallback(
    (p: LngLat) => (dataCrs ? convertPoint(p, dataCrs, config.basemap.crs) : p),
    [dataCrs, config.basemap.crs],
  );
}
