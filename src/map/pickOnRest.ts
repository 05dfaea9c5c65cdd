/**
 * When deck.gl picks. A picking pass redraws every pickable feature and then waits for the
 * GPU; at 100 k points that is hundreds of milliseconds on a software-rendered wall PC.
 * The overlay would pick on every mouse move (drags included: it cannot see the button)
 * and on every press, so a pan froze the page. Instead:
 * - hover picks once the pointer has rested, never while it or the map moves;
 * - a press picks nothing; a click (a press without a drag) picks where it landed.
 * Tooltips and hover highlights thus appear a moment after the pointer stops.
 */
import type { PickingInfo } from '@deck.gl/core';
import type { MapboxOverlay } from '@deck.gl/mapbox';
import type { Map as MapLibre, MapMouseEvent } from 'maplibre-gl';

const REST_MS = 120;
/** Pixels around a click that still hit a small point. */
const CLICK_RADIUS = 4;

export function pickOnRest(
  map: MapLibre,
  overlay: MapboxOverlay,
  clickHandler: () => ((info: PickingInfo) => void) | undefined,
): () => void {
  let pickable = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let replaying = false;
  const setPickable = (on: boolean) => {
    if (on === pickable) return;
    pickable = on;
    overlay.setProps({ _pickable: on });
  };
  setPickable(false);

  const onMove = (e: MapMouseEvent) => {
    if (replaying) return;
    clearTimeout(timer);
    setPickable(false);
    if (map.isMoving()) return;
    timer = setTimeout(() => {
      setPickable(true);
      // The overlay listens to the map: hand it the resting position as a fresh move.
      replaying = true;
      try {
        map.fire(e);
      } finally {
        replaying = false;
      }
    }, REST_MS);
  };
  const stop = () => {
    clearTimeout(timer);
    setPickable(false);
  };
  const onClick = (e: MapMouseEvent) => {
    const handler = clickHandler();
    if (!handler) return;
    setPickable(true);
    const { x, y } = e.point;
    const picked = overlay.pickObject({ x, y, radius: CLICK_RADIUS });
    // Tools (drawing, measuring) need the place even where nothing was hit.
    handler(picked ?? ({ x, y, coordinate: [e.lngLat.lng, e.lngLat.lat], index: -1 } as PickingInfo));
  };

  map.on('mousemove', onMove);
  map.on('mousedown', stop);
  map.on('movestart', stop);
  map.on('mouseout', stop);
  map.on('click', onClick);
  return () => {
    clearTimeout(timer);
    map.off('mousemove', onMove);
    map.off('mousedown', stop);
    map.off('movestart', stop);
    map.off('mouseout', stop);
    map.off('click', onClick);
  };
}
