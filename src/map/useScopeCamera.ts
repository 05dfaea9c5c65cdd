/** When the scope changes, from any panel, the map frames that region (or the district). */
import { useEffect } from 'react';
import type { Geometry, RegionCollection } from '../api/contract';
import { type Bounds, useCameraStore } from '../state/camera';
import { useScopeStore } from '../state/scope';

export function geometryBounds(g: Geometry): Bounds {
  const b: Bounds = [180, 90, -180, -90];
  const walk = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as [number, number];
      b[0] = Math.min(b[0], x);
      b[1] = Math.min(b[1], y);
      b[2] = Math.max(b[2], x);
      b[3] = Math.max(b[3], y);
    } else for (const part of c as unknown[]) walk(part);
  };
  walk(g.coordinates);
  return b;
}

export function useScopeCamera(
  regions: RegionCollection[],
  home: { center: [number, number]; zoom: number },
): void {
  useEffect(() => {
    // Only follow changes made after start-up: a shared URL carries its own camera.
    const unsubscribe = useScopeStore.subscribe((s, prev) => {
      if (s.regionId === prev.regionId) return;
      if (!s.regionId) {
        useCameraStore.getState().flyTo({ ...home, bearing: 0, pitch: 0 });
        return;
      }
      for (const fc of regions) {
        const f = fc.features.find((x) => x.properties.id === s.regionId);
        if (f) {
          useCameraStore.getState().fitBounds(geometryBounds(f.geometry));
          return;
        }
      }
    });
    return unsubscribe;
  }, [regions, home]);
}
