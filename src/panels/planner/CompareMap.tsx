/**
 * The second map of a swipe compare: laid exactly over map A (same size, so the same camera
 * shows the same ground) and clipped to the right of the swipe line; the same basemap,
 * scope and filters as map A, but layer set B. Both maps follow the camera store; a gesture
 * on either one is passed on to the other, so they stay in step.
 */
import { type CSSProperties, useEffect, useMemo } from 'react';
import { useApi } from '../../api/context';
import { useCatalogEntries } from '../../catalog/entries';
import { useShown } from '../../catalog/shown';
import { useDeckLayers } from '../../catalog/useDeckLayers';
import { useT } from '../../i18n';
import { MapView } from '../../map/MapView';
import { type Camera, useCameraStore } from '../../state/camera';
import { useUiStore } from '../../state/ui';
import { useCompareStore } from './compareStore';
import './CompareMap.css';

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
  const layersB = useCompareStore((s) => s.layersB) ?? config.compareLayers;
  const swipe = useCompareStore((s) => s.swipe);
  const { byId } = useCatalogEntries();
  // Drawn in the catalog's stacking order, as map A stacks the same layers; through the
  // same selector as map A, so a tiled layer comes as tiles here too.
  const ids = useMemo(
    () =>
      layersB
        .map((id) => byId.get(id)?.def)
        .filter((d) => d !== undefined && d.source.kind !== 'events')
        .sort((a, b) => a!.order - b!.order)
        .map((d) => d!.id),
    [layersB, byId],
  );
  const shown = useShown(ids);
  const deck = useDeckLayers(shown.layers, null);
  const layers = useMemo(() => [...deck.data, ...deck.labels], [deck]);
  useCameraSync();

  return (
    <aside
      className="planner-compare"
      aria-label={t('planner.compare.mapB')}
      style={{ clipPath: `inset(0 0 0 ${swipe}%)`, '--swipe': `${swipe}%` } as CSSProperties}
    >
      <MapView
        basemap={config.basemap}
        theme={theme}
        layers={layers}
        onAfterRender={drawn}
        loading={shown.busy}
        content={deck.content}
      />
      <p className="planner-compare__badge">{t('planner.compare.mapB')}</p>
    </aside>
  );
}
