/**
 * The wall's auto-tour: which scene is showing and how long it has shown. Time is fed in
 * by one driver (`advanceTour`), so the logic is a pure step function and the progress
 * cue, the scene and the pause all read one store.
 */
import { create } from 'zustand';

export type TourPause = 'alert' | 'emergency' | null;

export interface TourState {
  /** Index of the scene showing. */
  index: number;
  /** Time spent on this scene so far, not counting pauses (ms). */
  elapsedMs: number;
  /** Why the tour is held, or null while it runs. */
  paused: TourPause;
}

export const INITIAL_TOUR: TourState = { index: 0, elapsedMs: 0, paused: null };

export const useTourStore = create<TourState>(() => INITIAL_TOUR);

/**
 * One step of the tour: `dtMs` of wall-clock time passed. A paused tour keeps its place;
 * a scene whose dwell is up gives way to the next (wrapping), starting from zero.
 */
export function stepTour(
  s: TourState,
  dtMs: number,
  dwellMs: number,
  sceneCount: number,
  paused: TourPause,
): TourState {
  if (paused) return s.paused === paused ? s : { ...s, paused };
  if (sceneCount <= 1)
    return s.paused === null && s.elapsedMs === 0 ? s : { ...s, elapsedMs: 0, paused: null };
  const elapsedMs = s.elapsedMs + Math.max(0, dtMs);
  if (elapsedMs < dwellMs) return { ...s, elapsedMs, paused: null };
  return { index: (s.index + 1) % sceneCount, elapsedMs: 0, paused: null };
}

/** The progress cue's value: 0..1 through the current scene. */
export function tourProgress(s: TourState, dwellMs: number): number {
  return dwellMs > 0 ? Math.min(1, s.elapsedMs / dwellMs) : 0;
}

export function resetTour(): void {
  useTourStore.setState(INITIAL_TOUR, true);
}
