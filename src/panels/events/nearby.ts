/**
 * What is near an event, for the operator deciding what to send: cameras within 500 m
 * (the kindergarten safety cameras layer), the nearest hospital and the nearest 24 h
 * self-service kiosk. Distances are great-circle (turf), computed in the API's CRS, where
 * the event and the features both are.
 */
import distance from '@turf/distance';
import { useQuery } from '@tanstack/react-query';
import { AnyFeatureCollection, type LngLat } from '../../api/contract';
import { useApi } from '../../api/context';

export const CAMERA_RADIUS_M = 500;

type Collection = {
  features: { geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[];
};

export interface NearbySummary {
  cameraSites: number;
  cameras: number;
  hospital: { name: string; meters: number } | null;
  kiosk: { name: string; meters: number } | null;
}

/** [minLng, minLat, maxLng, maxLat] of a square `meters` around a point (enough for a query). */
export function bboxAround([lng, lat]: LngLat, meters: number): [number, number, number, number] {
  const dLat = meters / 111_320;
  const dLng = meters / (111_320 * Math.cos((lat * Math.PI) / 180));
  return [lng - dLng, lat - dLat, lng + dLng, lat + dLat];
}

function points(fc: Collection): { at: LngLat; props: Record<string, unknown> }[] {
  return fc.features
    .filter((f) => f.geometry.type === 'Point')
    .map((f) => ({ at: f.geometry.coordinates as LngLat, props: f.properties }));
}

function nearest(from: LngLat, fc: Collection): { name: string; meters: number } | null {
  let best: { name: string; meters: number } | null = null;
  for (const p of points(fc)) {
    const meters = distance(from, p.at, { units: 'meters' });
    if (!best || meters < best.meters) best = { name: String(p.props.name ?? ''), meters };
  }
  return best;
}

export function summariseNearby(
  at: LngLat,
  cameras: Collection,
  hospitals: Collection,
  kiosks: Collection,
): NearbySummary {
  let cameraSites = 0;
  let cameraCount = 0;
  for (const p of points(cameras)) {
    if (distance(at, p.at, { units: 'meters' }) > CAMERA_RADIUS_M) continue;
    cameraSites++;
    cameraCount += typeof p.props.cameras === 'number' ? p.props.cameras : 0;
  }
  return {
    cameraSites,
    cameras: cameraCount,
    hospital: nearest(at, hospitals),
    kiosk: nearest(at, kiosks),
  };
}

export function useNearby(eventId: string, at: LngLat, region: string | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['events', 'nearby', eventId, at[0], at[1], region],
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) => {
      const bbox = bboxAround(at, CAMERA_RADIUS_M)
        .map((v) => v.toFixed(6))
        .join(',');
      const get = (layer: string, query: Record<string, string>) =>
        client.get(`/layers/${layer}/features`, AnyFeatureCollection, { ...query, region }, signal);
      const [cameras, hospitals, kiosks] = await Promise.all([
        get('kindergarten-cameras', { bbox }),
        get('medical', { kind: 'hospital' }),
        get('kiosks', { status: 'existing' }),
      ]);
      return summariseNearby(at, cameras, hospitals, kiosks);
    },
  });
}
