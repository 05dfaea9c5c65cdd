/**
 * The map core: MapLibre draws the basemap, deck.gl draws every data layer on top.
 * The rest of the app drives it through state (camera store, theme, the layers prop);
 * nothing outside this file calls the map imperatively (the wall's watchdog only asks it to
 * repaint or to set itself up again, through app/health.ts).
 */
import { MapboxOverlay } from '@deck.gl/mapbox';
import type { LayersList, PickingInfo } from '@deck.gl/core';
import { useEffect, useRef, useState } from 'react';
import type { BasemapConfig, Theme } from '../api/config';
import { health, type MapHealth } from '../app/health';
import { type MessageKey, useT } from '../i18n';
import { useCameraStore } from '../state/camera';
import { basemapStyle } from './basemap';
import { MapLibreMap } from './maplibre';
import { pickOnRest } from './pickOnRest';
import './MapView.css';

export interface MapViewProps {
  basemap: BasemapConfig;
  theme: Theme;
  layers: LayersList;
  getTooltip?: (info: PickingInfo) => string | null;
  onClick?: (info: PickingInfo) => void;
  /** Called after deck.gl has drawn a frame (used to mark when the data is first on screen). */
  onAfterRender?: () => void;
  /** Data for layers that are on is still on its way: the map says it is busy meanwhile. */
  loading?: boolean;
  /**
   * What the layers show, apart from animation (useDeckLayers' `content`): the map is busy
   * until a new content is drawn; an animation's next frame is not news. Default: the layers.
   */
  content?: unknown;
}

export function MapView({
  basemap,
  theme,
  layers,
  getTooltip,
  onClick,
  onAfterRender,
  loading = false,
  content = layers,
}: MapViewProps) {
  const t = useT();
  const attribution = t('map.attribution.embedded');
  const container = useRef<HTMLElement>(null);
  const mapRef = useRef<InstanceType<typeof MapLibreMap> | null>(null);
  const overlayRef = useRef<MapboxOverlay | null>(null);
  // The map's click listener outlives renders; it reads the latest handler from here.
  const onClickRef = useRef(onClick);
  onClickRef.current = onClick;
  const [busy, setBusy] = useState(true);
  // Layers handed to deck.gl vs. layers it has drawn since: busy until the two agree.
  const [handed, setHanded] = useState(0);
  const [drawn, setDrawn] = useState(0);
  const [problem, setProblem] = useState<{ key: MessageKey; message?: string } | null>(null);
  // Each set-up of the map; a new one replaces a map whose WebGL could not be had back.
  const [generation, setGeneration] = useState(0);

  // Create the map once per generation; style and layers change through the effects below.
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    void generation;
    const { camera } = useCameraStore.getState();
    let map: InstanceType<typeof MapLibreMap>;
    try {
      map = new MapLibreMap({
        container: element,
        style: { version: 8, sources: {}, layers: [] },
        center: camera.center,
        zoom: camera.zoom,
        bearing: camera.bearing,
        pitch: camera.pitch,
        attributionControl: { compact: true },
        // The planner's map export draws both canvases into one picture.
        canvasContextAttributes: { preserveDrawingBuffer: true },
      });
    } catch {
      setProblem({ key: 'map.webgl.error' });
      return;
    }
    // deck.gl in its own canvas above the basemap: interleaved rendering fails on maplibre-gl 6.
    const overlay = new MapboxOverlay({
      interleaved: false,
      layers: [],
      deviceProps: { webgl: { preserveDrawingBuffer: true } },
    });
    // Before the overlay adds its own listeners, so a press or a move can cancel its picking.
    const stopPicking = pickOnRest(map, overlay, () => onClickRef.current);
    map.addControl(overlay);
    // Every settled move is written back (gesture, wheel inertia or a fly): reporting never
    // triggers a fly, so the store always holds where the map really is.
    map.on('moveend', () => {
      const c = map.getCenter();
      useCameraStore.getState().reportMoved({
        center: [c.lng, c.lat],
        zoom: map.getZoom(),
        bearing: map.getBearing(),
        pitch: map.getPitch(),
      });
    });
    // aria-busy tells assistive tech (and tests) when the map has finished drawing.
    map.on('dataloading', () => setBusy(true));
    map.on('idle', () => setBusy(false));
    mapRef.current = map;
    overlayRef.current = overlay;
    // Health, for the wall's watchdog (app/health.ts). MapLibre restores its own canvas after
    // a lost WebGL context; deck.gl does not, so a lost deck canvas gets a new map.
    let lastRenderAt = performance.now();
    map.on('render', () => {
      lastRenderAt = performance.now();
    });
    // Lost canvases, and since when: the watchdog hears of one only once the map's own
    // recovery (MapLibre's restore, the new map below) has had its chance.
    const lost = new Map<EventTarget, number>();
    let renew: ReturnType<typeof setTimeout> | undefined;
    const rebuild = (reason: string) => {
      console.info(`[ioc-map] ${reason}; set up again`);
      setGeneration((g) => g + 1);
    };
    const onLost = (e: Event) => {
      lost.set(e.target!, performance.now());
      if (e.target !== map.getCanvas())
        renew ??= setTimeout(() => rebuild('deck.gl lost its WebGL context'), 2000);
    };
    const onRestored = (e: Event) => lost.delete(e.target!);
    element.addEventListener('webglcontextlost', onLost, true);
    element.addEventListener('webglcontextrestored', onRestored, true);
    const entry: MapHealth = {
      element,
      setUpAt: performance.now(),
      lost: () => [...lost.values()].some((at) => performance.now() - at > 10_000),
      lastRenderAt: () => lastRenderAt,
      repaint: () => map.triggerRepaint(),
      rebuild,
    };
    health.maps.add(entry);
    const unsubscribe = useCameraStore.subscribe((s, prev) => {
      if (s.revision === prev.revision) return;
      if (s.bounds) map.fitBounds(s.bounds, { padding: 48, duration: 1200, essential: true });
      else map.flyTo({ ...s.camera, essential: true, duration: 1200 });
    });
    return () => {
      health.maps.delete(entry);
      clearTimeout(renew);
      element.removeEventListener('webglcontextlost', onLost, true);
      element.removeEventListener('webglcontextrestored', onRestored, true);
      unsubscribe();
      stopPicking();
      map.remove();
      mapRef.current = null;
      overlayRef.current = null;
    };
  }, [generation]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const abort = new AbortController();
    basemapStyle(basemap, theme, abort.signal, attribution)
      .then((style) => {
        // A style asked for before this one (the preloaded one) may answer after it.
        if (abort.signal.aborted) return;
        setProblem(null);
        map.setStyle(style, { diff: false });
      })
      .catch((e: Error) => {
        if (!abort.signal.aborted) setProblem({ key: 'map.basemap.error', message: e.message });
      });
    return () => abort.abort();
  }, [basemap, theme, attribution, generation]);

  useEffect(() => {
    overlayRef.current?.setProps({ layers, getTooltip, onAfterRender });
  }, [layers, getTooltip, onAfterRender, generation]);

  // deck.gl draws new layers in its next animation frame; a frame queued after that one
  // runs once it has, so the map stays busy until its pixels show what it was given.
  const revision = useRef(0);
  useEffect(() => {
    void content;
    const handedNow = ++revision.current;
    setHanded(handedNow);
    let second = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => setDrawn(handedNow));
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, [content, generation]);

  return (
    <div className="map-view">
      <section
        ref={container}
        className="map-canvas"
        aria-label={t('map.label')}
        aria-busy={busy || loading || handed !== drawn}
      />
      {problem && (
        <p className="map-problem" role="alert">
          {t(problem.key, { message: problem.message })}
        </p>
      )}
    </div>
  );
}
