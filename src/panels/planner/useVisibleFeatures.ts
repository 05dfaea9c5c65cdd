/**
 * What the user sees on the map, for the planner's tools (area statistics, exports): the
 * features of each layer that is on and held whole, from the one selector the map draws
 * (src/catalog/shown.ts): in the scope, narrowed by the catalog's filters.
 */
import { useMemo } from 'react';
import { text } from '../../../layers/kit/define';
import type { ExportLayer } from '../../analysis/exportData';
import { holdsFeatures } from '../../catalog/layerData';
import { useReplayVersions } from '../../catalog/replayVersions';
import { useShown } from '../../catalog/shown';
import { useLayersStore } from '../../state/layers';
import { useUiStore } from '../../state/ui';

export function useVisibleFeatures(): {
  layers: ExportLayer[];
  loading: boolean;
  tiled: string[];
  /** In a replay, the held layers that kept no version for the moment: current data. */
  current: string[];
} {
  const locale = useUiStore((s) => s.locale);
  const on = useLayersStore((s) => s.on);
  const shown = useShown(on);
  const held = useMemo(() => shown.layers.filter((l) => holdsFeatures(l.def) && !l.tiled), [shown.layers]);
  const heldDefs = useMemo(() => held.map((l) => l.def), [held]);
  const { current } = useReplayVersions(heldDefs);
  return useMemo(
    () => ({
      layers: held.map((l) => ({
        layerId: l.def.id,
        title: text(locale, l.def.title),
        fields: l.def.fields,
        features: l.features,
      })),
      loading: held.some((l) => l.loading),
      tiled: shown.layers.filter((l) => l.tiled).map((l) => text(locale, l.def.title)),
      current: current.map((d) => text(locale, d.title)),
    }),
    [shown.layers, held, current, locale],
  );
}
