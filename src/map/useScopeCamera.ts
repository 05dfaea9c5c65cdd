/**
 * When the scope changes, from any panel, the map frames that region (or the district); an
 * app that opens scoped (a street's console, a scoped link without a camera) frames it once
 * the regions have loaded.
 */
import { useEffect, useRef } from 'react';
import type { Geometry, RegionCollection } from '@ioc/contract/contract';
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
  const framedAtStart = useRef(false);
  useEffect(() => {
    const frame = (regionId: string): boolean => {
      for (const fc of regions) {
        const f = fc.features.find((x) => x.properties.id === regionId);
        if (f) {
          useCameraStore.getState().fitBounds(geometryBounds(f.geometry));
          return true;
        }
      }
      return false;
    };
    if (!framedAtStart.current && !useCameraStore.getState().fromAddress) {
      const scope = useScopeStore.getState().regionId;
      framedAtStart.current = scope === null || frame(scope);
    }
    // A shared URL carries its own camera: only changes made after start-up move it.
    const unsubscribe = useScopeStore.subscribe((s, prev) => {
      if (s.regionId === prev.regionId) return;
      if (!s.regionId) useCameraStore.getState().flyTo({ ...home, bearing: 0, pitch: 0 });
      // Before the regions arrive nothing can be framed: the effect tries again with them.
      const framed = !s.regionId || frame(s.regionId);
      framedAtStart.current ||= framed;
    });
    return unsubscribe;
  }, [regions, home]);
}
