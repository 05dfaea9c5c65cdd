/**
 * The data behind the ring counts: the thematic layers inside the outer ring's bounding
 * box (one request each, `bbox=`), the communities (for residents) and the open events
 * the app already holds. Refreshed with the layers; a failed request keeps the last counts.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { AnyFeatureCollection, type LngLat, RegionCollection } from '../../api/contract';
import { useApi } from '../../api/context';
import { bboxAround } from '../../panels/events/nearby';
import { useEventsStore } from '../../state/events';
import { isOpen } from './incident';
import { type AreaRow, countRings, type PointRow, type RingCount, residentsByRing } from './ringCounts';

type Fc = {
  features: { geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[];
};

const pointsOf = (fc: Fc): PointRow[] =>
  fc.features
    .filter((f) => f.geometry.type === 'Point')
    .map((f) => ({ at: f.geometry.coordinates as LngLat, props: f.properties }));

export function useRingCounts(incident: { id: string; location: LngLat } | null, radiiM: readonly number[]) {
  const { client, config } = useApi();
  const outer = radiiM[radiiM.length - 1] ?? 0;
  const layers = useQuery({
    queryKey: ['emergency', 'rings', incident?.location[0], incident?.location[1], outer],
    enabled: incident !== null,
    staleTime: config.refresh.layersMs,
    refetchInterval: config.refresh.layersMs,
    queryFn: async ({ signal }) => {
      const at = incident!.location;
      const bbox = bboxAround(at, outer * 1.05)
        .map((v) => v.toFixed(6))
        .join(',');
      const get = (layer: string) =>
        client.get(`/layers/${layer}/features`, AnyFeatureCollection, { bbox }, signal);
      const [kindergartens, medical, kiosks, stations, communities] = await Promise.all([
        get('kindergarten-cameras'),
        get('medical'),
        get('kiosks'),
        get('5g-stations'),
        client.get('/regions', RegionCollection, { level: 'community' }, signal),
      ]);
      const areas: AreaRow[] = communities.features
        .filter((f) => f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon')
        .map((f) => ({
          geometry: f.geometry as AreaRow['geometry'],
          population: f.properties.population,
          areaKm2: f.properties.areaKm2,
        }));
      return {
        kindergartens: pointsOf(kindergartens),
        medical: pointsOf(medical),
        kiosks: pointsOf(kiosks),
        stations: pointsOf(stations),
        communities: areas,
      };
    },
  });
  const version = useEventsStore((s) => s.version);
  const id = incident?.id ?? null;
  const lng = incident?.location[0];
  const lat = incident?.location[1];
  const residents = useMemo(
    () =>
      layers.data && lng !== undefined && lat !== undefined
        ? residentsByRing([lng, lat], radiiM, layers.data.communities)
        : null,
    [layers.data, lng, lat, radiiM],
  );
  const counts = useMemo((): RingCount[] | null => {
    if (id === null || lng === undefined || lat === undefined || !layers.data || !residents) return null;
    const events: PointRow[] = [];
    for (const ev of useEventsStore.getState().byId.values())
      if (isOpen(ev) && ev.id !== id) events.push({ at: ev.location, props: {} });
    return countRings([lng, lat], radiiM, { ...layers.data, events }, residents);
  }, [id, lng, lat, layers.data, residents, radiiM, version]);
  return { counts, query: layers };
}
