import { useCallback } from 'react';
import type { IocEvent } from '@ioc/contract/contract';
import { useToBasemap } from '../../api/queries';
import { useCameraStore } from '../../state/camera';
import { useSelectionStore } from '../../state/selection';

/** Zoom the map goes to for one event: streets and buildings readable. */
export const EVENT_ZOOM = 15;

/**
 * Select an event and fly the map to it. The map follows the camera store, and the
 * event's position comes in the API's CRS, so it is moved onto the basemap's first.
 */
export function useLocateEvent(): (ev: IocEvent) => void {
  const toBasemap = useToBasemap();
  return useCallback(
    (ev: IocEvent) => {
      useSelectionStore.getState().selectEvent(ev.id);
      const zoom = Math.max(useCameraStore.getState().camera.zoom, EVENT_ZOOM);
      useCameraStore.getState().flyTo({ center: toBasemap(ev.location), zoom });
    },
    [toBasemap],
  );
}
