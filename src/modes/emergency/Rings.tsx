/** The control rings around the incident, drawn while the emergency switch is on (see EmergencyRuntime). */
import { useEffect, useRef } from 'react';
import { useApi } from '../../api/context';
import { useToBasemap } from '../../api/queries';
import { useOverlaysStore } from '../../map/overlays';
import { useCameraStore } from '../../state/camera';
import { useIncident } from './incident';
import { buildRingLayers, ringPolygon } from './ringLayers';

const OWNER = 'emergency';

export function Rings() {
  const { config } = useApi();
  const radii = config.emergency.ringsM;
  const incident = useIncident();
  const toBasemap = useToBasemap();
  const framed = useRef<string | null>(null);
  const lng = incident?.location[0];
  const lat = incident?.location[1];
  const id = incident?.id ?? null;
  useEffect(() => {
    if (lng === undefined || lat === undefined || id === null) {
      useOverlaysStore.getState().clearOverlay(OWNER);
      return;
    }
    const center = toBasemap([lng, lat]);
    useOverlaysStore.getState().setOverlay(OWNER, buildRingLayers(center, radii));
    if (framed.current !== id) {
      framed.current = id;
      const ring = ringPolygon(center, radii[radii.length - 1] ?? 2000);
      const xs = ring.map((p) => p[0] as number);
      const ys = ring.map((p) => p[1] as number);
      useCameraStore
        .getState()
        .fitBounds([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]);
    }
  }, [id, lng, lat, radii, toBasemap]);
  useEffect(() => () => useOverlaysStore.getState().clearOverlay(OWNER), []);
  return null;
}
