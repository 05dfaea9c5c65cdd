/**
 * The map with every layer that is on, the catalog beside it and the detail drawer:
 * the "one map" (一张图). Picking a street scopes the app; picking a feature opens it.
 */
import type { PickingInfo } from '@deck.gl/core';
import { useCallback, useMemo, useState } from 'react';
import type { LayerFeature } from '../../layers/kit/define';
import type { RegionProps } from '../api/contract';
import { useApi } from '../api/context';
import { useMeta, useRegions } from '../api/queries';
import { useCatalogEntries } from '../catalog/entries';
import { useLayersData } from '../catalog/layerData';
import { useTiledLayers } from '../catalog/tiles';
import { useDeckLayers } from '../catalog/useDeckLayers';
import { useLiveEvents } from '../catalog/useLiveEvents';
import { useT } from '../i18n';
import { useMapClicks } from '../map/mapClicks';
import { MapView } from '../map/MapView';
import { useOverlaysStore } from '../map/overlays';
import { useScopeCamera } from '../map/useScopeCamera';
import { currentProblem, describeProblem } from '../panels/describeProblem';
import { useFeatureSelection } from '../state/featureSelection';
import { useLayersStore } from '../state/layers';
import { useScopeStore } from '../state/scope';
import { useSelectionStore } from '../state/selection';
import { useUiStore } from '../state/ui';
import { deferred } from './deferred';

const LayerCatalog = deferred(async () => (await import('../panels/catalog/LayerCatalog')).LayerCatalog);
const FeatureDetail = deferred(async () => (await import('../panels/FeatureDetail')).FeatureDetail, null);

/** deck.gl layer ids start with their definition's id. */
function layerIdOf(deckLayerId: string, ids: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const id of ids) if (deckLayerId.startsWith(`${id}-`) && (!best || id.length > best.length)) best = id;
  return best;
}

export function MapPanel() {
  const t = useT();
  const { config } = useApi();
  const theme = useUiStore((s) => s.theme);
  const locale = useUiStore((s) => s.locale);
  const mode = useUiStore((s) => s.mode);
  const scopeId = useScopeStore((s) => s.regionId);
  const on = useLayersStore((s) => s.on);
  const { entries, byId, query: catalogQuery } = useCatalogEntries();
  const onDefs = useMemo(() => on.map((id) => byId.get(id)?.def).filter((d) => d !== undefined), [on, byId]);
  // Layers too large for GeoJSON come as vector tiles: those skip GET /features.
  const tiled = useTiledLayers(byId, onDefs, catalogQuery);
  const fetched = useLayersData(tiled.fetchDefs, scopeId);
  const data = useMemo(() => ({ ...fetched, ...tiled.data }), [fetched, tiled.data]);
  const streets = useRegions('street');
  const communities = useRegions('community');
  const events = useLiveEvents(on.includes('live-events'));
  const selectedEvent = useSelectionStore((s) => s.eventId);
  const selectedFeature = useFeatureSelection((s) => s.feature?.properties.id ?? null);
  const regions = useMemo(
    () => ({ street: streets.data?.features, community: communities.data?.features }),
    [streets.data, communities.data],
  );
  const catalogLayers = useDeckLayers({
    byId: tiled.byId,
    data,
    regions,
    events,
    selectedId: selectedEvent ?? selectedFeature,
  });
  const overlays = useOverlaysStore((s) => s.byOwner);
  const layers = useMemo(
    () => [...catalogLayers, ...Object.values(overlays).flat()],
    [catalogLayers, overlays],
  );
  const framed = useMemo(
    () => [streets.data, communities.data].filter((d) => d !== undefined),
    [streets.data, communities.data],
  );
  useScopeCamera(framed, config.camera);
  const [catalogOpen, setCatalogOpen] = useState(mode === 'planner');

  const getTooltip = useCallback(
    (info: PickingInfo) => {
      if (!info.object || !info.layer) return null;
      const id = layerIdOf(info.layer.id, byId.keys());
      const def = id ? byId.get(id)?.def : undefined;
      return def ? def.tooltip(info.object as never, locale) : null;
    },
    [byId, locale],
  );
  const onClick = useCallback(
    (info: PickingInfo) => {
      const tool = useMapClicks.getState().handler;
      if (tool) {
        if (info.coordinate) tool([info.coordinate[0]!, info.coordinate[1]!]);
        return;
      }
      const id = info.layer ? layerIdOf(info.layer.id, byId.keys()) : undefined;
      if (!id || !info.object) return;
      if (id === 'admin-boundaries') {
        const p = (info.object as LayerFeature<RegionProps>).properties;
        useScopeStore.getState().setScope(p.id);
      } else if (id === 'live-events') {
        useSelectionStore.getState().selectEvent((info.object as { id: string }).id);
      } else {
        useFeatureSelection.getState().select(id, info.object as LayerFeature);
      }
    },
    [byId],
  );

  // A User Timing mark when every layer that is on has its data drawn: what the cold-start
  // benchmark measures (bench/), and visible in any browser's performance panel.
  const dataReady =
    streets.data !== undefined &&
    tiled.ready &&
    onDefs.every(
      (d) => d.source.kind !== 'features' || d.id in tiled.data || (data[d.id]?.updatedAt ?? 0) > 0,
    );
  const onAfterRender = useCallback(() => {
    if (dataReady && performance.getEntriesByName('ioc:map-ready').length === 0)
      performance.mark('ioc:map-ready');
  }, [dataReady]);
  const regionsProblem = currentProblem(streets);
  // Busy while data is on its first way in; once a request has failed the map is not busy
  // but showing a problem (the catalog and the header say which), while retries go on.
  const meta = useMeta();
  const firstLoad =
    [meta, streets].some((q) => q.isLoading && q.failureCount === 0) ||
    onDefs.some((d) => data[d.id]?.loading === true && !data[d.id]?.problem);
  const eventsOn = on.includes('live-events');
  const localCounts = useMemo(() => {
    const counts: Record<string, number> = {
      'admin-boundaries': (streets.data?.features.length ?? 0) + (communities.data?.features.length ?? 0),
    };
    if (eventsOn) counts['live-events'] = events.length;
    return counts;
  }, [streets.data, communities.data, events.length, eventsOn]);

  return (
    <main className="map-panel" id="map">
      <MapView
        basemap={config.basemap}
        theme={theme}
        layers={layers}
        getTooltip={getTooltip}
        onClick={onClick}
        onAfterRender={onAfterRender}
        loading={firstLoad}
      />
      <div className={`map-overlay map-overlay--left${catalogOpen ? ' is-open' : ''}`}>
        <button
          type="button"
          className="switch map-overlay__toggle"
          aria-expanded={catalogOpen}
          aria-controls="layer-catalog"
          onClick={() => setCatalogOpen(!catalogOpen)}
        >
          {t('catalog.toggle')}
        </button>
        <div id="layer-catalog" hidden={!catalogOpen}>
          <LayerCatalog entries={entries} catalogQuery={catalogQuery} data={data} localCounts={localCounts} />
        </div>
      </div>
      <div className="map-overlay map-overlay--right">
        <FeatureDetail byId={byId} />
      </div>
      {regionsProblem !== null && (
        <p className="map-problem" role="alert">
          {t('map.regions.error', { message: describeProblem(t, regionsProblem) })}
        </p>
      )}
    </main>
  );
}
