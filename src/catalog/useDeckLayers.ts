/**
 * Turns what is shown (src/catalog/shown.ts) and how the user wants it drawn (order,
 * opacity, theme, language, zoom, selection) into deck.gl layers, by calling each
 * definition's pure `buildLayers`: one DefinitionLayer per catalog layer, rebuilt whenever
 * its inputs change and diffed by deck.gl by id (the definitions keep their data arrays'
 * identity, so a rebuild re-uploads nothing that did not change). Layers that animate are
 * rebuilt on a clock besides. Heavy geometries are drawn simplified for the zoom
 * (./displayGeometry.ts).
 */
import type { Layer } from '@deck.gl/core';
import { TextLayer } from '@deck.gl/layers';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { aggregationLoaded, loadAggregation } from '../../layers/kit/aggregation';
import type { BuildContext } from '../../layers/kit/define';
import type { IocEvent } from '@ioc/contract/contract';
import { useCameraStore } from '../state/camera';
import { replayMoment, useClockStore } from '../state/clock';
import { useLayersStore } from '../state/layers';
import { useScopeStore } from '../state/scope';
import { useUiStore } from '../state/ui';
import { DefinitionLayer } from './definitionLayer';
import {
  forDisplay,
  heavyIndices,
  loadSimplifier,
  onSimplified,
  simplifiedVersion,
  simplifierLoaded,
} from './displayGeometry';
import type { AnyLayer } from './registry';
import type { ShownLayer } from './shown';

const FAST_MS = 80;
const NO_EVENTS: IocEvent[] = [];
const SLOW_MS = 5_000;

export interface DeckLayers {
  /** Every layer's data, bottom to top. */
  data: Layer[];
  /** Text, drawn above all data (and above the tools' overlays): a name under a dot cannot be read. */
  labels: Layer[];
  /**
   * Changes when what is drawn changes, but not on an animation's frames (a pulse redraws
   * the same content): the map is busy until a new content has been drawn, never because
   * something on it moves.
   */
  content: unknown;
}

export function useDeckLayers(shown: ShownLayer[], selectedId: string | null): DeckLayers {
  const opacity = useLayersStore((s) => s.opacity);
  const theme = useUiStore((s) => s.theme);
  const locale = useUiStore((s) => s.locale);
  const zoom = useCameraStore((s) => s.camera.zoom);
  const scopeId = useScopeStore((s) => s.regionId);
  const [now, setNow] = useState(() => Date.now());
  const replayed = useClockStore(replayMoment);
  const [fast, setFast] = useState(false);
  const simplifier = useCode(
    simplifierLoaded,
    loadSimplifier,
    shown.some((s) => heavyIndices(s.features).size > 0),
  );
  const aggregation = useCode(aggregationLoaded, loadAggregation, true);
  // An outline the geometry worker sent back: draw it.
  const outlines = useSyncExternalStore(onSimplified, simplifiedVersion);

  const contexts = useMemo(
    () =>
      shown.map((s): [ShownLayer, BuildContext] => [
        s,
        {
          features: forDisplay(s.features, zoom),
          events: NO_EVENTS,
          live: s.live ?? undefined,
          regions: s.regions,
          theme,
          locale,
          opacity: opacity[s.def.id] ?? 1,
          zoom,
          scopeId,
          selectedId,
          now: 0,
          at: 0,
        },
      ]),
    [shown, theme, locale, opacity, zoom, scopeId, selectedId, simplifier, aggregation, outlines],
  );
  const animates = (s: ShownLayer) => s.def.animating !== undefined;
  const hasAnimated = shown.some(animates);

  useEffect(() => {
    if (!hasAnimated) return;
    const timer = setInterval(() => setNow(Date.now()), fast ? FAST_MS : SLOW_MS);
    return () => clearInterval(timer);
  }, [hasAnimated, fast]);

  const still = useMemo(
    () =>
      new Map(
        contexts.filter(([s]) => !animates(s)).map(([s, ctx]) => [s.def.id, definitionLayers(s.def, ctx)]),
      ),
    [contexts],
  );
  const moving = useMemo(() => {
    let anyMoving = false;
    const out = new Map<string, Drawn>();
    for (const [s, ctx] of contexts) {
      if (!animates(s)) continue;
      const timed = { ...ctx, now, at: replayed ?? now };
      anyMoving ||= s.def.animating?.(timed as never) ?? false;
      out.set(s.def.id, definitionLayers(s.def, timed));
    }
    return { out, anyMoving };
  }, [contexts, now, replayed]);

  useEffect(() => setFast(moving.anyMoving), [moving.anyMoving]);

  return useMemo(() => {
    const drawn = shown.flatMap((s) => {
      const layer = still.get(s.def.id) ?? moving.out.get(s.def.id);
      return layer ? [layer] : [];
    });
    return {
      data: drawn.map((d) => d.data),
      labels: drawn.flatMap((d) => (d.labels ? [d.labels] : [])),
      content: contexts,
    };
  }, [shown, still, moving, contexts]);
}

interface Drawn {
  data: Layer;
  labels: Layer | null;
}

/**
 * Whether code loaded on demand is there, loading it once `needed` (and re-rendering when it
 * arrives): the simplifier once a heavy geometry is shown, the hexagons' layers always
 * (main.tsx asks for them at start).
 */
function useCode(loaded: () => boolean, load: () => Promise<unknown>, needed: boolean): boolean {
  const [ready, setReady] = useState(loaded);
  const wanted = !ready && needed;
  useEffect(() => {
    if (wanted) void load().then(() => setReady(true));
  }, [wanted, load]);
  return ready;
}

/** A definition that throws on odd data loses its own layer, never the map. */
function definitionLayers(def: AnyLayer, ctx: BuildContext): Drawn {
  let built: Layer[] = [];
  try {
    built = def.buildLayers(ctx as never);
  } catch (e) {
    console.warn(`layer ${def.id} could not be drawn`, e);
  }
  const text = built.filter((l) => l instanceof TextLayer);
  return {
    data: new DefinitionLayer({ id: def.id, def, built: built.filter((l) => !(l instanceof TextLayer)) }),
    labels: text.length > 0 ? new DefinitionLayer({ id: `${def.id}-text`, def, built: text }) : null,
  };
}
