/**
 * Which layers are on, in what order, how opaque and filtered: what the user chose in
 * the catalog. Serialised to the URL with the rest of the view.
 */
import { create } from 'zustand';

export type LayerFilters = Record<string, Record<string, string[]>>;

export interface LayersState {
  /** Layer ids that are on, bottom to top. */
  on: string[];
  opacity: Record<string, number>;
  filters: LayerFilters;
  /** Default stacking rank per layer (its definition's `order`): a layer turned on slots in by rank. */
  ranks: Record<string, number>;
  setOn(id: string, on: boolean): void;
  setOpacity(id: string, opacity: number): void;
  /** Moves a layer one step up (+1, drawn later) or down (-1) in the draw order. */
  move(id: string, step: 1 | -1): void;
  setFilter(id: string, key: string, values: string[]): void;
}

export const useLayersStore = create<LayersState>((set) => ({
  on: [],
  opacity: {},
  filters: {},
  ranks: {},
  setOn: (id, on) =>
    set((s) => {
      if (!on) return { on: s.on.filter((x) => x !== id) };
      if (s.on.includes(id)) return s;
      // Slot in below the first layer that ranks higher, so labels and live events stay on top.
      const rank = s.ranks[id] ?? 0;
      const at = s.on.findIndex((x) => (s.ranks[x] ?? 0) > rank);
      const next = [...s.on];
      next.splice(at < 0 ? next.length : at, 0, id);
      return { on: next };
    }),
  setOpacity: (id, opacity) =>
    set((s) => ({ opacity: { ...s.opacity, [id]: Math.max(0, Math.min(1, opacity)) } })),
  move: (id, step) =>
    set((s) => {
      const i = s.on.indexOf(id);
      const j = i + step;
      if (i < 0 || j < 0 || j >= s.on.length) return s;
      const on = [...s.on];
      [on[i], on[j]] = [on[j]!, on[i]!];
      return { on };
    }),
  setFilter: (id, key, values) =>
    set((s) => {
      const layer = { ...(s.filters[id] ?? {}) };
      if (values.length) layer[key] = values;
      else delete layer[key];
      const filters = { ...s.filters };
      if (Object.keys(layer).length) filters[id] = layer;
      else delete filters[id];
      return { filters };
    }),
}));

const ID = /^[\w-]{1,64}$/;

/** `layers=a,b` `op=a:0.5` `f=a.status:x|y;b.kind:z` */
export function formatLayersParams(
  s: Pick<LayersState, 'on' | 'opacity' | 'filters'>,
  p: URLSearchParams,
): void {
  p.set('layers', s.on.join(','));
  const op = Object.entries(s.opacity)
    .filter(([id, v]) => s.on.includes(id) && v < 1)
    .map(([id, v]) => `${id}:${v.toFixed(2)}`);
  if (op.length) p.set('op', op.join(','));
  else p.delete('op');
  const f = Object.entries(s.filters).flatMap(([id, keys]) =>
    Object.entries(keys).map(([key, values]) => `${id}.${key}:${values.join('|')}`),
  );
  if (f.length) p.set('f', f.join(';'));
  else p.delete('f');
}

export function parseLayersParams(
  p: URLSearchParams,
): Partial<Pick<LayersState, 'on' | 'opacity' | 'filters'>> {
  const out: Partial<Pick<LayersState, 'on' | 'opacity' | 'filters'>> = {};
  const layers = p.get('layers');
  if (layers !== null) out.on = layers.split(',').filter((id) => ID.test(id));
  const op = p.get('op');
  if (op) {
    out.opacity = {};
    for (const part of op.split(',')) {
      const [id, v] = part.split(':');
      const n = Number(v);
      if (id && ID.test(id) && Number.isFinite(n) && n >= 0 && n <= 1) out.opacity[id] = n;
    }
  }
  const f = p.get('f');
  if (f) {
    out.filters = {};
    for (const part of f.split(';')) {
      // A field key may be any name a user's file gave it (类型), short of the separators.
      const m = /^([\w-]{1,64})\.([^.:;|,]{1,64}):(.+)$/.exec(part);
      if (!m) continue;
      const [, id, key, values] = m as unknown as [string, string, string, string];
      out.filters[id] = {
        ...(out.filters[id] ?? {}),
        [key]: values.split('|').filter((v) => v.length <= 64),
      };
    }
  }
  return out;
}
