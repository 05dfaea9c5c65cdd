/**
 * Saved views: a name for a set of layers (on, opacity, filters), a scope and a camera,
 * kept in localStorage as versioned JSON. Reopening sets the stores; sharing is the URL
 * that src/state/url.ts writes for the same state.
 */
import { z } from 'zod';
import { type Camera, useCameraStore } from './camera';
import { useLayersStore } from './layers';
import { useScopeStore } from './scope';

export const SAVED_VIEWS_KEY = 'ioc.planner.savedViews';

const SavedView = z.object({
  name: z.string().min(1).max(80),
  savedAt: z.string(),
  on: z.array(z.string()),
  opacity: z.record(z.string(), z.number().min(0).max(1)),
  filters: z.record(z.string(), z.record(z.string(), z.array(z.string()))),
  scope: z.string().nullable(),
  camera: z.object({
    center: z.tuple([z.number(), z.number()]),
    zoom: z.number(),
    bearing: z.number(),
    pitch: z.number(),
  }),
});
export type SavedView = z.infer<typeof SavedView>;
const Stored = z.object({ version: z.literal(1), views: z.array(SavedView) });

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The saved views; an unreadable or older-format entry gives an empty list, never a crash. */
export function loadViews(): SavedView[] {
  const raw = storage()?.getItem(SAVED_VIEWS_KEY);
  if (!raw) return [];
  try {
    const parsed = Stored.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data.views : [];
  } catch {
    return [];
  }
}

function store(views: SavedView[]): void {
  storage()?.setItem(SAVED_VIEWS_KEY, JSON.stringify({ version: 1, views }));
}

/** What the stores hold now, under a name. */
export function captureView(name: string, now = new Date()): SavedView {
  const { on, opacity, filters } = useLayersStore.getState();
  const camera: Camera = useCameraStore.getState().camera;
  return {
    name,
    savedAt: now.toISOString(),
    on: [...on],
    opacity: { ...opacity },
    filters: structuredClone(filters),
    scope: useScopeStore.getState().regionId,
    camera: { ...camera, center: [camera.center[0], camera.center[1]] },
  };
}

/** Saves (a view of the same name is replaced); returns the new list. */
export function saveView(view: SavedView): SavedView[] {
  const views = [...loadViews().filter((v) => v.name !== view.name), view];
  store(views);
  return views;
}

export function deleteView(name: string): SavedView[] {
  const views = loadViews().filter((v) => v.name !== name);
  store(views);
  return views;
}

/** Reopens a view: sets layers, scope and camera. */
export function applyView(view: SavedView): void {
  useLayersStore.setState({
    on: [...view.on],
    opacity: { ...view.opacity },
    filters: structuredClone(view.filters),
  });
  useScopeStore.getState().setScope(view.scope);
  useCameraStore.getState().flyTo(view.camera);
}
