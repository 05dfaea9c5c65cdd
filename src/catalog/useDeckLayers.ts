/**
 * Turns what the user chose (layers on, order, opacity, filters, scope, theme) and the
 * data into deck.gl layers by calling each definition's pure `buildLayers`. Layers that
 * animate are rebuilt on a clock; the rest only when their inputs change.
 */
import type { Layer } from '@deck.gl/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { BuildContext } from '../../layers/kit/define';
import type { Feature, IocEvent, RegionProps } from '../api/contract';
import { useCameraStore } from '../state/camera';
import { useLayersStore } from '../state/layers';
import { useScopeStore } from '../state/scope';
import { useUiStore } from '../state/ui';
import type { CatalogEntry } from './entries';
import { applyFilters } from './filters';
import { type LayerData, NO_DATA } from './layerData';

export interface DeckInputs {
  byId: Map<string, CatalogEntry>;
  data: Record<string, LayerData>;
  regions: BuildContext['regions'];
  events: IocEvent[];
  selectedId: string | null;
}

const FAST_MS = 80;
const SLOW_MS = 5_000;

export function useDeckLayers({ byId, data, regions, events, selectedId }: DeckInputs): Layer[] {
  const { on, opacity, filters } = useLayersStore();
  const theme = useUiStore((s) => s.theme);
  const locale = useUiStore((s) => s.locale);
  const zoom = useCameraStore((s) => s.camera.zoom);
  const scopeId = useScopeStore((s) => s.regionId);
  const [now, setNow] = useState(() => Date.now());
  const [fast, setFast] = useState(false);

  const filtered = useMemo(() => {
    const out = new Map<string, BuildContext['features']>();
    for (const id of on) out.set(id, applyFilters((data[id] ?? NO_DATA).features, filters[id]));
    return out;
  }, [on, data, filters]);

  const contexts = useMemo(() => {
    const out = new Map<string, BuildContext>();
    for (const id of on) {
      const entry = byId.get(id);
      if (!entry) continue;
      out.set(id, {
        features: filtered.get(id) ?? [],
        events: entry.def.source.kind === 'events' ? events : NONE,
        regions: entry.def.source.kind === 'regions' ? regions : NO_REGIONS,
        theme,
        locale,
        opacity: opacity[id] ?? 1,
        zoom,
        scopeId,
        selectedId,
        now: 0,
      });
    }
    return out;
  }, [on, byId, filtered, events, regions, theme, locale, opacity, zoom, scopeId, selectedId]);

  const animatedIds = useMemo(() => on.filter((id) => byId.get(id)?.def.animating), [on, byId]);

  useEffect(() => {
    if (animatedIds.length === 0) return;
    const timer = setInterval(() => setNow(Date.now()), fast ? FAST_MS : SLOW_MS);
    return () => clearInterval(timer);
  }, [animatedIds, fast]);

  // A layer is rebuilt only when its own inputs changed (a new event must not rebuild the
  // 5G hexagons, whose re-aggregation is the expensive part).
  const cache = useRef(new Map<string, { ctx: BuildContext; layers: Layer[] }>());
  const built = useMemo(() => {
    const out = new Map<string, Layer[]>();
    for (const [id, ctx] of contexts) {
      if (animatedIds.includes(id)) continue;
      const hit = cache.current.get(id);
      const layers = hit && sameContext(hit.ctx, ctx) ? hit.layers : safeBuild(byId.get(id)!, ctx);
      cache.current.set(id, { ctx, layers });
      // deck.gl refuses a layer instance it has already drawn; a clone with the very same
      // props (same data, same arrays) costs nothing and updates nothing.
      out.set(id, hit?.layers === layers ? layers.map((l) => l.clone({})) : layers);
    }
    return out;
  }, [contexts, animatedIds, byId]);

  const animated = useMemo(() => {
    const out = new Map<string, Layer[]>();
    let moving = false;
    for (const id of animatedIds) {
      const ctx = contexts.get(id);
      const def = byId.get(id)?.def;
      if (!ctx || !def) continue;
      const timed = { ...ctx, now };
      moving ||= def.animating?.(timed as never) ?? false;
      out.set(id, safeBuild(byId.get(id)!, timed));
    }
    return { out, moving };
  }, [contexts, animatedIds, byId, now]);

  useEffect(() => setFast(animated.moving), [animated.moving]);

  return useMemo(
    () => on.flatMap((id) => built.get(id) ?? animated.out.get(id) ?? []),
    [on, built, animated],
  );
}

const NONE: IocEvent[] = [];
const NO_REGIONS: BuildContext['regions'] = {};

function sameContext(a: BuildContext, b: BuildContext): boolean {
  return (Object.keys(a) as (keyof BuildContext)[]).every((k) => a[k] === b[k]);
}

/** A definition that throws on odd data loses its own layer, never the map. */
function safeBuild(entry: CatalogEntry, ctx: BuildContext): Layer[] {
  try {
    return entry.def.buildLayers(ctx as never);
  } catch (e) {
    console.warn(`layer ${entry.def.id} could not be drawn`, e);
    return [];
  }
}

export type RegionFeatures = Feature<RegionProps>[];
