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
} from './contract';
import { clip, LABEL_MAX } from './clip';
import { useApi } from './context';
import { convertFeatures, convertPoint } from './crs';
import { FeatureEnvelope, parseFeatures } from './features';
import { prepareHeavy } from './heavyGeometry';

/** GET /meta; `refreshMs` re-reads it (the header's "data as of" follows a live API). */
export function useMeta(refreshMs?: number) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['meta'],
    // The platform's name heads every screen: bounded here, wherever it is shown.
    queryFn: async ({ signal }) => {
      const meta = await client.get('/meta', Meta, undefined, signal);
      return { ...meta, name: clip(meta.name, LABEL_MAX), district: clip(meta.district) };
    },
    staleTime: 5 * 60_000,
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
    queryKey: ['regions', level, parent ?? null, dataCrs],
    enabled: dataCrs !== undefined,
    staleTime: 60 * 60_000,
    queryFn: async ({ signal }): Promise<RegionCollection & { skipped: number }> => {
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
  });
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
