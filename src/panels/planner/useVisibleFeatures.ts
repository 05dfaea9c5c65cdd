/**
 * What the user sees on the map: for each feature layer that is on, its features in the
 * current scope, narrowed by the catalog's filters (the same query and filters the map uses).
 */
import { useMemo } from 'react';
import { text } from '../../../layers/kit/define';
import type { ExportLayer } from '../../analysis/exportData';
import { useAnalysableDefs } from '../../catalog/analysable';
import { useCatalogEntries } from '../../catalog/entries';
import { useLayersData } from '../../catalog/layerData';
import { applyFilters } from '../../catalog/filters';
import { useLayersStore } from '../../state/layers';
import { useScopeStore } from '../../state/scope';
import { useUiStore } from '../../state/ui';

export function useVisibleFeatures(): { layers: ExportLayer[]; loading: boolean; tiled: string[] } {
  const locale = useUiStore((s) => s.locale);
  const on = useLayersStore((s) => s.on);
  const filters = useLayersStore((s) => s.filters);
  const scopeId = useScopeStore((s) => s.regionId);
  const { byId } = useCatalogEntries();
  const defs = useMemo(
    () => on.map((id) => byId.get(id)?.def).filter((d) => d !== undefined && d.source.kind === 'features'),
    [on, byId],
  );
  const analysable = useAnalysableDefs(defs as NonNullable<(typeof defs)[number]>[]);
  const data = useLayersData(analysable.defs, scopeId);
  return useMemo(() => {
    const layers = analysable.defs.map((def) => ({
      layerId: def!.id,
      title: text(locale, def!.title),
      fields: def!.fields,
      features: applyFilters(data[def!.id]?.features ?? [], filters[def!.id]),
    }));
    return {
      layers,
      loading: analysable.pending || Object.values(data).some((d) => d.loading),
      tiled: analysable.tiled.map((d) => text(locale, d.title)),
    };
  }, [analysable, data, filters, locale]);
}
