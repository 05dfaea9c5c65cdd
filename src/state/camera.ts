/**
 * The map camera as state: the map view follows it, and user gestures write it back,
 * so any part of the app (a scene, a selected event, a scope, a shared URL) moves the map
 * by setting state rather than calling the map.
 */
import { create } from 'zustand';

export interface Camera {
  center: [number, number];
  zoom: number;
  bearing: number;
  pitch: number;
}

/** [minLng, minLat, maxLng, maxLat] */
export type Bounds = [number, number, number, number];

export interface CameraState {
  camera: Camera;
  /** Set with `revision` when the app asks the map to frame an area rather than a point. */
  bounds: Bounds | null;
  /** Increments when the app moves the camera (not a gesture), so the map animates to it. */
  revision: number;
  /** The app opened on a camera its address named (a shared view): keep it, frame nothing. */
  fromAddress: boolean;
  flyTo(camera: Partial<Camera>): void;
  fitBounds(bounds: Bounds): void;
  /** The map reports where it is after a gesture or a fit; does not trigger a fly. */
  reportMoved(camera: Camera): void;
}

export const useCameraStore = create<CameraState>((set) => ({
  camera: { center: [114.19, 22.69], zoom: 10.6, bearing: 0, pitch: 0 },
  bounds: null,
  revision: 0,
  fromAddress: false,
  flyTo: (c) => set((s) => ({ camera: { ...s.camera, ...c }, bounds: null, revision: s.revision + 1 })),
  fitBounds: (bounds) => set((s) => ({ bounds, revision: s.revision + 1 })),
  reportMoved: (camera) => set({ camera }),
}));
