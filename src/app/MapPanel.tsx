/**
 * The map with every layer that is on, the catalog beside it and the detail drawer:
 * the "one map" (一张图). Picking a street scopes the app; picking a feature opens it.
 */
import type { PickingInfo } from '@deck.gl/core';
import { type DragEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LayerFeature } from '../../layers/kit/define';
import { useApi } from '../api/context';
import { useRegions } from '../api/queries';
import { definitionOf } from '../catalog/definitionLayer';
import { useCatalogEntries } from '../catalog/entries';
import { useShown } from '../catalog/shown';
import { usePrefetchedTiles } from '../catalog/usePrefetchedTiles';
import { useDeckLayers } from '../catalog/useDeckLayers';
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
import { firstScreenFallback, markFirstMapFrame, markFirstScreenHanded } from './firstFrame';
import { clip, LABEL_MAX } from '../api/clip';
import '../panels/bounds.css';
import './MapPanel.css';

const NO_LAYERS: never[] = [];

/** True from the first time `settled` is, or after the first frame's fallback regardless. */
function useFirstScreen(settled: boolean): boolean {
  const [done, setDone] = useState(settled);
  useEffect(() => {
    if (done) return;
    if (settled) setDone(true);
    else void firstScreenFallback.then(() => setDone(true));
  }, [settled, done]);
  return done || settled;
}

const clipTooltip = (text: string | undefined) => (text ? clip(text, LABEL_MAX) : null);

const LayerCatalog = deferred(async () => (await import('../panels/catalog/LayerCatalog')).LayerCatalog);
const FeatureDetail = deferred(async () => (await import('../panels/FeatureDetail')).FeatureDetail, null);
const MapLegend = deferred(async () => (await import('../map/MapLegend')).MapLegend, null);

// The file readers load with the first file dropped; the kept layers are listed at start-up.
const userFiles = () => import('../catalog/userLayers/importFile');
const hasFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');

/** What a click on a catalog layer's feature does: its definition says (roles.click). */
function onPicked(info: PickingInfo): void {
  const def = definitionOf(info);
  if (!def || !info.object) return;
  const object = info.object as LayerFeature;
  switch (def.roles?.click ?? 'feature') {
    case 'scope':
      useScopeStore.getState().setScope(object.properties.id);
      return;
    case 'event':
      useSelectionStore.getState().selectEvent((info.object as { id: string }).id);
      return;
    default:
      useFeatureSelection.getState().select(def.id, object);
  }
}

export function MapPanel() {
  const t = useT();
  const { config } = useApi();
  const theme = useUiStore((s) => s.theme);
  const locale = useUiStore((s) => s.locale);
  const mode = useUiStore((s) => s.mode);
  const on = useLayersStore((s) => s.on);
  const { entries, byId, query: catalogQuery } = useCatalogEntries();
  const shown = useShown(on);
  const streets = useRegions('street');
  const communities = useRegions('community');
  const selectedEvent = useSelectionStore((s) => s.eventId);
  const selectedFeature = useFeatureSelection((s) => s.feature?.properties.id ?? null);
  const catalogLayers = useDeckLayers(shown.layers, selectedEvent ?? selectedFeature);
  const overlays = useOverlaysStore((s) => s.byOwner);
  // The first screen is handed to deck.gl whole, once every layer that is on has its data
  // or its problem: handed layer by layer, each arrival cost a frame and a round of shader
  // compiles of its own, which in software WebGL on two cores starved the rest.
  const firstScreen = useFirstScreen(shown.settled || shown.layers.some((l) => l.problem));
  useEffect(() => {
    if (firstScreen) markFirstScreenHanded();
  }, [firstScreen]);
  const panel = useRef<HTMLElement>(null);
  usePrefetchedTiles(shown.layers, panel, firstScreen);
  const layers = useMemo(
    () =>
      firstScreen
        ? [...catalogLayers.data, ...Object.values(overlays).flat(), ...catalogLayers.labels]
        : NO_LAYERS,
    [catalogLayers, overlays, firstScreen],
  );
  const content = useMemo(
    () => [catalogLayers.content, overlays, firstScreen],
    [catalogLayers.content, overlays, firstScreen],
  );
  const framed = useMemo(
    () => [streets.data, communities.data].filter((d) => d !== undefined),
    [streets.data, communities.data],
  );
  useScopeCamera(framed, config.camera);
  const [catalogOpen, setCatalogOpen] = useState(mode === 'planner');
  const [dropping, setDropping] = useState(false);
  useEffect(() => {
    void userFiles().then((m) => m.restoreUserLayers());
  }, []);
  // A file dropped on the map becomes a layer (我的图层); the catalog opens to say how it went.
  const onDrop = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    setDropping(false);
    setCatalogOpen(true);
    const files = [...e.dataTransfer.files];
    void userFiles().then((m) => m.importFiles(files));
  };

  const getTooltip = useCallback(
    (info: PickingInfo) =>
      // A tooltip is one line of the feature's words: bounded, whatever the feature carries.
      info.object ? clipTooltip(definitionOf(info)?.tooltip(info.object as never, locale)) : null,
    [locale],
  );
  const onClick = useCallback((info: PickingInfo) => {
    const tool = useMapClicks.getState().handler;
    if (tool) {
      if (info.coordinate) tool([info.coordinate[0]!, info.coordinate[1]!]);
      return;
    }
    onPicked(info);
  }, []);

  // A User Timing mark when every layer that is on has its data drawn: what the cold-start
  // benchmark measures (bench/), and visible in any browser's performance panel.
  const dataReady = shown.ready;
  const onAfterRender = useCallback(() => {
    if (dataReady && performance.getEntriesByName('ioc:map-ready').length === 0) {
      performance.mark('ioc:map-ready');
      markFirstMapFrame();
    }
  }, [dataReady]);
  const regionsProblem = currentProblem(streets);

  return (
    <main
      ref={panel}
      className={`map-panel${dropping ? ' is-dropping' : ''}`}
      id="map"
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDropping(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropping(false);
      }}
      onDrop={onDrop}
    >
      <MapView
        basemap={config.basemap}
        theme={theme}
        layers={layers}
        getTooltip={getTooltip}
        onClick={onClick}
        onAfterRender={onAfterRender}
        loading={shown.busy}
        content={content}
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
          <LayerCatalog entries={entries} catalogQuery={catalogQuery} shown={shown.byId} />
        </div>
      </div>
      <div className="map-overlay map-overlay--right">
        <FeatureDetail byId={byId} />
      </div>
      <div className="map-overlay map-overlay--legend">
        <MapLegend />
      </div>
      {regionsProblem !== null && (
        <p className="map-problem" role="alert">
          {t('map.regions.error', { message: describeProblem(t, regionsProblem) })}
        </p>
      )}
    </main>
  );
}
