/**
 * Drives the wall's tour: one timer steps the tour store; a scene change applies the
 * scene (camera, layers, scope). Paused while a severity-4 alert waits for dispatch or the
 * emergency switch is on. One interval for the life of the wall: nothing accumulates.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { WallScene } from '../../api/config';
import { criticalAwaitingDispatch } from '../../panels/events/WallAlert';
import { useCameraStore } from '../../state/camera';
import { useEmergencyStore } from '../../state/emergency';
import { useLayersStore } from '../../state/layers';
import { useEvents, usePipeline } from '../../pipeline/context';
import { useScopeStore } from '../../state/scope';
import { stepTour, type TourPause, useTourStore } from '../../state/tour';

const TICK_MS = 200;

export function applyScene(scene: WallScene): void {
  if (scene.layers) {
    const ranks = useLayersStore.getState().ranks;
    const on = [...scene.layers].sort((a, b) => (ranks[a] ?? 0) - (ranks[b] ?? 0));
    useLayersStore.setState({ on });
  }
  useScopeStore.getState().setScope(scene.scope);
  // A scene without a camera lets the map frame its scope (useScopeCamera).
  if (scene.camera) useCameraStore.getState().flyTo(scene.camera);
}

/** Why the tour must hold now, if it must. */
function usePauseReason(): TourPause {
  const emergency = useEmergencyStore((s) => s.on);
  const version = useEvents((s) => s.version);
  const { events } = usePipeline();
  const alert = useMemo(
    () => criticalAwaitingDispatch(events.criticalAwaiting()).length > 0,
    [events, version],
  );
  return emergency ? 'emergency' : alert ? 'alert' : null;
}

export function useTour(scenes: readonly WallScene[], enabled: boolean): void {
  const paused = usePauseReason();
  const index = useTourStore((s) => s.index);
  const scene = scenes[index % scenes.length];

  useEffect(() => {
    if (scene) applyScene(scene);
  }, [scene]);

  // Back from an alert or an incident: the scene's own view again.
  const wasPaused = useRef<TourPause>(null);
  useEffect(() => {
    if (wasPaused.current !== null && paused === null && scene) applyScene(scene);
    wasPaused.current = paused;
  }, [paused, scene]);

  useEffect(() => {
    if (!enabled) return;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      const s = useTourStore.getState();
      const current = scenes[s.index % scenes.length];
      const next = stepTour(s, now - last, current?.dwellMs ?? 45_000, scenes.length, paused);
      last = now;
      if (next !== s) useTourStore.setState(next, true);
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [enabled, scenes, paused]);
}
