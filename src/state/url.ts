/**
 * What the user chose lives in the URL too, so a view can be shared or bookmarked:
 * `?mode=wall&lang=en&theme=light&c=114.19,22.69,10.6,0,0`.
 */
import { Locale, Mode, Theme } from '../api/config';
import { type Camera, useCameraStore } from './camera';
import { formatLayersParams, type LayersState, parseLayersParams, useLayersStore } from './layers';
import { useScopeStore } from './scope';
import { useUiStore } from './ui';

export interface UrlState {
  mode?: Mode;
  locale?: Locale;
  theme?: Theme;
  camera?: Camera;
  /** null: the whole district. */
  scope?: string | null;
  layers?: Partial<Pick<LayersState, 'on' | 'opacity' | 'filters'>>;
}

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
  if (scope && /^[\w-]{1,64}$/.test(scope)) out.scope = scope;
  const layers = parseLayersParams(p);
  if (Object.keys(layers).length) out.layers = layers;
  return out;
}

export function formatUrlState(s: Required<UrlState>, search: string): string {
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
  if (s.scope) p.set('scope', s.scope);
  else p.delete('scope');
  if (s.layers.on)
    formatLayersParams(
      { on: s.layers.on, opacity: s.layers.opacity ?? {}, filters: s.layers.filters ?? {} },
      p,
    );
  // Keep the separators readable in a shared link; URLSearchParams decodes them either way.
  return `?${p.toString().replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%7C/g, '|').replace(/%3B/g, ';')}`;
}

/** Keeps the address bar in step with the stores (replaceState: no history entry per pan). */
export function syncUrlWithStores(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const write = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const { mode, locale, theme } = useUiStore.getState();
      const { camera } = useCameraStore.getState();
      const scope = useScopeStore.getState().regionId;
      const { on, opacity, filters } = useLayersStore.getState();
      const next = formatUrlState(
        { mode, locale, theme, camera, scope, layers: { on, opacity, filters } },
        window.location.search,
      );
      if (next !== window.location.search) window.history.replaceState(null, '', next + window.location.hash);
    }, 300);
  };
  const unsubs = [
    useUiStore.subscribe(write),
    useCameraStore.subscribe(write),
    useScopeStore.subscribe(write),
  ];
  return () => {
    clearTimeout(timer);
    for (const u of unsubs) u();
  };
}
