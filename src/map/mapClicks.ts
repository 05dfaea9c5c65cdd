/**
 * While a tool owns the map's clicks (drawing a polygon, placing a circle), clicks go to
 * it with their [lng, lat] instead of picking features.
 */
import { create } from 'zustand';

export type MapClickHandler = (lngLat: [number, number]) => void;

export interface MapClicksState {
  /** The tool that has the clicks, or null for normal picking. */
  handler: MapClickHandler | null;
  /** What the map's cursor should say while a tool has the clicks. */
  cursor: 'crosshair' | null;
  capture(handler: MapClickHandler): void;
  release(): void;
}

export const useMapClicks = create<MapClicksState>((set) => ({
  handler: null,
  cursor: null,
  capture: (handler) => set({ handler, cursor: 'crosshair' }),
  release: () => set({ handler: null, cursor: null }),
}));
