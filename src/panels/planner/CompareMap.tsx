/**
 * The second map of a swipe compare: laid exactly over map A (same size, so the same camera
 * shows the same ground) and clipped to the right of the swipe line; the same basemap,
 * scope and filters as map A, but layer set B. Both maps follow the camera store; a gesture
 * on either one is passed on to the other, so they stay in step.
 */
import type { Layer } from '@deck.gl/core';
import { type CSSProperties, useEffect, useMemo } from 'react';
import type { BuildContext } from '../../../layers/kit/define';
import { useApi } from '../../api/context';
import { useRegions } from '../../api/queries';
import { useCatalogEntries } from '../../catalog/entries';
import { applyFilters } from '../../catalog/filters';
import { useLayersData } from '../../catalog/layerData';
import { useT } from '../../i18n';
import { MapView } from '../../map/MapView';
import { type Camera, useCameraStore } from '../../state/camera';
import { useLayersStore } from '../../state/layers';
import { useScopeStore } from '../../state/scope';
import { useUiStore } from '../../state/ui';
import { useCompareStore } from './compareStore';

const close = (a: Camera, b: Camera) =>
  Math.abs(a.center[0] - b.center[0]) < 1e-5 &&
  Math.abs(a.center[1] - b.center[1]) < 1e-5 &&
  Math.abs(a.zoom - b.zoom) < 1e-3 &&
  Math.abs(a.bearing - b.bearing) < 0.1 &&
  Math.abs(a.pitch - b.pitch) < 0.1;

/** While two maps are shown, a settled gesture on one moves both. */
function useCameraSync(): void {
  useEffect(() => {
    let synced = useCameraStore.getState().camera;
    return useCameraStore.subscribe((s, prev) => {
      if (s.revision !== prev.revision || s.camera === prev.camera) return;
      if (close(s.camera, synced)) return;
      synced = s.camera;
      useCameraStore.getState().flyTo(s.camera);
    });
  }, []);
}

const drawn = () => undefined;

export function CompareMap() {
  const t = useT();
  const { config } = useApi();
  const theme = useUiStore((s) => s.theme);
  const locale = useUiStore((s) => s.locale);
  const zoom = useCameraStore((s) => s.camera.zoom);
  const scopeId = useScopeStore((s) => s.regionId);
  const filters = useLayersStore((s) => s.filters);
  const opacity = useLayersStore((s) => s.opacity);
  const layersB = useCompareStore((s) => s.layersB);
  const swipe = useCompareStore((s) => s.swipe);
  const { byId } = useCatalogEntries();
  // Drawn in the catalog's stacking order, as map A stacks the same layers.
  const defs = useMemo(
    () =>
      layersB
        .map((id) => byId.get(id)?.def)
        .filter((d) => d !== undefined)
        .sort((a, b) => a.order - b.order),
    [layersB, byId],
  );
  const data = useLayersData(defs, scopeId);
  const streets = useRegions('street');
  const communities = useRegions('community');
  useCameraSync();

  const layers = useMemo(() => {
    const regions = { street: streets.data?.features, community: communities.data?.features };
    return defs.flatMap((def): Layer[] => {
      const ctx: BuildContext = {
        features: applyFilters(data[def.id]?.features ?? [], filters[def.id]),
        events: [],
        regions: def.source.kind === 'regions' ? regions : {},
        theme,
        locale,
        opacity: opacity[def.id] ?? 1,
        zoom,
        scopeId,
        selectedId: null,
        now: 0,
      };
      return def.buildLayers(ctx as never);
    });
  }, [defs, data, filters, opacity, theme, locale, zoom, scopeId, streets.data, communities.data]);

  return (
    <aside
      className="planner-compare"
      aria-label={t('planner.compare.mapB')}
      style={{ clipPath: `inset(0 0 0 ${swipe}%)`, '--swipe': `${swipe}%` } as CSSProperties}
    >
      <MapView basemap={config.basemap} theme={theme} layers={layers} onAfterRender={drawn} />
      <p className="planner-compare__badge">{t('planner.compare.mapB')}</p>
    </aside>
  );
}
