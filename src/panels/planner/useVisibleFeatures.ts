/**
 * What the user sees on the map, for the planner's tools (area statistics, exports): the
 * features of each layer that is on and held whole, from the one selector the map draws
 * (src/catalog/shown.ts): in the scope, narrowed by the catalog's filters.
 */
import { useMemo } from 'react';
import { text } from '../../../layers/kit/define';
import type { ExportLayer } from '../../analysis/exportData';
import { holdsFeatures } from '../../catalog/layerData';
import { useShown } from '../../catalog/shown';
import { useLayersStore } from '../../state/layers';
import { useUiStore } from '../../state/ui';

export function useVisibleFeatures(): { layers: ExportLayer[]; loading: boolean; tiled: string[] } {
  const locale = useUiStore((s) => s.locale);
  const on = useLayersStore((s) => s.on);
  const shown = useShown(on);
  return useMemo(() => {
    const held = shown.layers.filter((l) => holdsFeatures(l.def) && !l.tiled);
    return {
      layers: held.map((l) => ({
        layerId: l.def.id,
        title: text(locale, l.def.title),
        fields: l.def.fields,
        features: l.features,
      })),
      loading: held.some((l) => l.loading),
      tiled: shown.layers.filter((l) => l.tiled).map((l) => text(locale, l.def.title)),
    };
  }, [shown.layers, locale]);
}
