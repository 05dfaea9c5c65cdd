/**
 * What the user chose lives in the URL too, so a view can be shared or bookmarked:
 * `?mode=wall&lang=en&theme=light&c=114.19,22.69,10.6,0,0&scene=5g&emergency=1&event=E-1`,
 * and while replaying the moment: `&t=2026-12-05T03:14:00+08:00`.
 */
import { Locale, Mode, Theme } from '../api/config';
import { formatIso, parseIso } from '@ioc/domain/time';
import { type Camera, useCameraStore } from './camera';
import { replayMoment, useClockStore } from './clock';
import { formatLayersParams, type LayersState, parseLayersParams, useLayersStore } from './layers';
import { useEmergencyStore } from './emergency';
import { useScopeStore } from './scope';
import { useSelectionStore } from './selection';
import { useTourStore } from './tour';
import { useUiStore } from './ui';

export interface UrlState {
  mode?: Mode;
  locale?: Locale;
  theme?: Theme;
  camera?: Camera;
  /** null: the whole district. */
  scope?: string | null;
  layers?: Partial<Pick<LayersState, 'on' | 'opacity' | 'filters'>>;
  /** The wall tour's scene, by id from config. */
  scene?: string;
  /** The emergency switch is on. */
  emergency?: boolean;
  /** The selected event: what the emergency focus and the detail show. */
  event?: string;
  /** The replayed moment (ms): a link to a moment opens the replay there. */
  t?: number;
}

/** Everything written to the address bar; null or false leaves a parameter out. */
export type UrlSnapshot = Required<Omit<UrlState, 'scene' | 'emergency' | 'event' | 't'>> & {
  scene: string | null;
  emergency: boolean;
  event: string | null;
  /** Replaying: the moment; null while live (the parameter is left out). */
  t?: number | null;
};

const ID = /^[\w-]{1,64}$/;

export function parseUrlState(search: string): UrlState {
  const p = new URLSearchParams(search);
  const out: UrlState = {};
  const mode = Mode.safeParse(p.get('mode'));
  if (mode.success) out.mode = mode.data;
  const locale = Locale.safeParse(p.get('lang'));
  if (locale.success) out.locale = locale.data;
  const theme = Theme.safeParse(p.get('theme'));
  if (theme.success) out.theme = theme.data;
  const c = p.get('c')?.split(',').map(Number);
  if (c && c.length >= 3 && c.every(Number.isFinite)) {
    const [lng, lat, zoom, bearing = 0, pitch = 0] = c as [number, number, number, number?, number?];
    if (Math.abs(lng) <= 180 && Math.abs(lat) <= 90 && zoom >= 0 && zoom <= 24) {
      out.camera = { center: [lng, lat], zoom, bearing, pitch };
    }
  }
  const scope = p.get('scope');
  if (scope && ID.test(scope)) out.scope = scope;
  const scene = p.get('scene');
  if (scene && ID.test(scene)) out.scene = scene;
  if (p.get('emergency') === '1') out.emergency = true;
  const event = p.get('event');
  if (event && ID.test(event)) out.event = event;
  const layers = parseLayersParams(p);
  if (Object.keys(layers).length) out.layers = layers;
  // A typed `+08:00` arrives as a space (form encoding): read it back as the offset it was.
  const t = parseIso(p.get('t')?.replace(' ', '+') ?? '');
  if (Number.isFinite(t)) out.t = t;
  return out;
}

export function formatUrlState(s: UrlSnapshot, search: string): string {
  const p = new URLSearchParams(search);
  p.set('mode', s.mode);
  p.set('lang', s.locale);
  p.set('theme', s.theme);
  const { center, zoom, bearing, pitch } = s.camera;
  p.set(
    'c',
    [center[0].toFixed(6), center[1].toFixed(6), zoom.toFixed(3), bearing.toFixed(1), pitch.toFixed(1)].join(
      ',',
    ),
  );
  const optional = {
    scope: s.scope,
    scene: s.scene,
    emergency: s.emergency ? '1' : null,
    event: s.event,
    t: s.t === null || s.t === undefined ? null : formatIso(s.t),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value) p.set(key, value);
    else p.delete(key);
  }
  if (s.layers.on)
    formatLayersParams(
      { on: s.layers.on, opacity: s.layers.opacity ?? {}, filters: s.layers.filters ?? {} },
      p,
    );
  // Keep the separators readable in a shared link; URLSearchParams decodes them either way.
  return `?${p.toString().replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%7C/g, '|').replace(/%3B/g, ';')}`;
}

/**
 * Keeps the address bar in step with the stores (replaceState: no history entry per pan).
 * `sceneIds` are the wall's scenes in tour order, to name the tour's position.
 */
export function syncUrlWithStores(sceneIds: readonly string[] = []): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const write = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const { mode, locale, theme } = useUiStore.getState();
      const { camera } = useCameraStore.getState();
      const scope = useScopeStore.getState().regionId;
      const { on, opacity, filters } = useLayersStore.getState();
      const { index } = useTourStore.getState();
      const next = formatUrlState(
        {
          mode,
          locale,
          theme,
          camera,
          scope,
          layers: { on, opacity, filters },
          scene: mode === 'wall' ? (sceneIds[index % Math.max(1, sceneIds.length)] ?? null) : null,
          emergency: useEmergencyStore.getState().on,
          event: useSelectionStore.getState().eventId,
          t: replayMoment(useClockStore.getState()),
        },
        window.location.search,
      );
      if (next !== window.location.search) window.history.replaceState(null, '', next + window.location.hash);
    }, 300);
  };
  const unsubs = [
    useUiStore.subscribe(write),
    useCameraStore.subscribe(write),
    useScopeStore.subscribe(write),
    // Layers on, their opacity and filters: a file's layer must reopen after a reload too.
    useLayersStore.subscribe(write),
    useEmergencyStore.subscribe(write),
    useSelectionStore.subscribe(write),
    // The moment asked of the API, not the one shown while playing (four times a second).
    useClockStore.subscribe((s, prev) => {
      if (s.mode !== prev.mode || s.queryT !== prev.queryT) write();
    }),
    // The tour store ticks five times a second; only a new scene changes the address.
    useTourStore.subscribe((s, prev) => {
      if (s.index !== prev.index) write();
    }),
  ];
  return () => {
    clearTimeout(timer);
    for (const u of unsubs) u();
  };
}
