/**
 * One ECharts instance in a React component: created on mount, fed options on change,
 * resized with its box, disposed on unmount, and set up again on a fresh canvas when the
 * browser gives back a canvas whose pixels it dropped (see `contextrestored` below) or when
 * the wall's watchdog finds it blank (app/health.ts). The canvas is an image with an accessible
 * name; the same numbers are in `fallback` (a table or list) for screen readers, for
 * keyboard users and for tests, and shown instead of the chart where no canvas exists.
 */
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { firstMapFrame, idleSlice } from '../app/firstFrame';
import { type ChartHealth, health } from '../app/health';
import { useClockStore } from '../state/clock';
import type { EChartsCoreOption, EChartsType } from './echarts';
import './Chart.css';

/**
 * ECharts is a third of the app's JavaScript: it loads (and runs its module code) after
 * the map's first frame with data, so the map and the KPI figures (plain DOM) show first,
 * each chart drawing a moment later.
 */
let library: Promise<typeof import('./echarts')> | undefined;
const loadECharts = () => {
  // A load that failed (the server away for a moment) is tried again by the next chart,
  // not remembered: a wall must not keep every chart blank for want of one response.
  library ??= firstMapFrame
    .then(() => import('./echarts'))
    .catch((e: unknown) => {
      library = undefined;
      throw e;
    });
  return library;
};
/** How long a chart whose library failed to load waits before it asks again. */
const RETRY_MS = 30_000;

export interface ChartProps {
  option: EChartsCoreOption;
  /** Accessible name of the chart (also the caption of its fallback). */
  label: string;
  height: number;
  /** A click on a bar, point or category label, with that item's category value. */
  onCategoryClick?: (category: string) => void;
  fallback: ReactNode;
}

let canvasSupport: boolean | undefined;
/** jsdom and locked-down browsers have no 2D canvas; the fallback is then shown as is. */
function canvasAvailable(): boolean {
  if (canvasSupport === undefined) {
    try {
      canvasSupport = document.createElement('canvas').getContext('2d') !== null;
    } catch {
      canvasSupport = false;
    }
  }
  return canvasSupport;
}

/**
 * Backing pixels per CSS pixel for a chart drawn at `el`. On the wall the desk panels are
 * enlarged with CSS zoom and the design canvas is scaled to the screen; a canvas drawn at
 * the device ratio alone would then be stretched as a bitmap and read blurred from the room.
 */
function sharpRatio(el: HTMLElement): number {
  const zoom = (el as HTMLElement & { currentCSSZoom?: number }).currentCSSZoom ?? 1;
  const stage = el.closest<HTMLElement>('[data-scale]');
  const scale = stage ? Number(stage.dataset.scale) || 1 : 1;
  return Math.min(4, (window.devicePixelRatio || 1) * zoom * Math.max(1, scale));
}

interface ClickParams {
  componentType?: string;
  name?: string;
  value?: unknown;
}

export function Chart({ option, label, height, onCategoryClick, fallback }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const [drawable] = useState(canvasAvailable);
  // The latest handler without re-creating the chart when a parent re-renders.
  const onClick = useRef(onCategoryClick);
  useEffect(() => {
    onClick.current = onCategoryClick;
  }, [onCategoryClick]);

  // The latest option, for a chart whose library arrives after the option did.
  const latest = useRef(option);
  latest.current = option;

  // The latest name, for the console line of a repair.
  const name = useRef(label);
  name.current = label;

  useEffect(() => {
    const element = box.current;
    if (!drawable || !element) return;
    let disposed = false;
    let observer: ResizeObserver | null = null;
    let lib: typeof import('./echarts') | null = null;
    let instance: EChartsType | null = null;
    let ratio = 1;
    let rebuildQueued = false;
    let resizeTimer: ReturnType<typeof setTimeout> | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    const tearDown = () => {
      instance?.dispose();
      instance = null;
      chart.current = null;
      delete element.dataset.drawn;
      // The next set-up draws on a fresh canvas: whatever its old one lost is gone with it.
      delete element.dataset.contextLost;
    };
    const setUp = () => {
      if (!lib) return;
      tearDown();
      ratio = sharpRatio(element);
      const next = lib.echarts.init(element, null, { renderer: 'canvas', devicePixelRatio: ratio });
      next.on('click', (p) => {
        const params = p as ClickParams;
        // Bars report their category as `name`; category axis labels (triggerEvent) as `value`.
        const category = params.componentType === 'series' ? params.name : params.value;
        if (typeof category === 'string') onClick.current?.(category);
      });
      // Drawn, animation included: what a screenshot of the panel waits for.
      next.on('finished', () => {
        element.dataset.drawn = 'true';
      });
      next.setOption(latest.current);
      instance = next;
      chart.current = next;
      entry.setUpAt = performance.now();
    };
    // Once per chart however many of its canvases asked, in a task of its own.
    const rebuild = (reason: string) => {
      if (disposed || rebuildQueued || !lib) return;
      rebuildQueued = true;
      setTimeout(() => {
        rebuildQueued = false;
        if (disposed) return;
        console.info(`[ioc-chart] "${name.current}": ${reason}; set up again`);
        setUp();
      }, 0);
    };
    const entry: ChartHealth = {
      element,
      get label() {
        return name.current;
      },
      setUpAt: 0,
      rebuild,
    };

    // Chrome drops a 2D canvas's pixels when the GPU loses them (memory pressure, a GPU
    // reset, displays that sleep and wake): it fires `contextlost` at the canvas, and
    // `contextrestored` once the canvas can draw again, blank. ECharts keeps no record that
    // its pixels went, so it never redraws them by itself: the chart is set up again on a
    // fresh canvas with its last option. (Both events target the canvas and do not bubble:
    // heard here in the capture phase, for every canvas ECharts puts in the box.)
    const onLost = () => {
      delete element.dataset.drawn;
      element.dataset.contextLost = 'true';
    };
    const onRestored = () => {
      delete element.dataset.contextLost;
      rebuild('canvas context restored');
    };
    element.addEventListener('contextlost', onLost, true);
    element.addEventListener('contextrestored', onRestored, true);

    // A new box size redraws at it; a new scale of the wall's canvas (a window resized) wants
    // a new backing ratio, which only a new set-up gives.
    const resize = () => {
      if (!instance) return;
      if (Math.abs(sharpRatio(element) - ratio) > 0.01) rebuild('pixel ratio changed');
      else instance.resize();
    };
    // After the design canvas has taken its new scale (a render later).
    const onWindowResize = () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(resize, 250);
    };
    window.addEventListener('resize', onWindowResize);

    // Each chart is set up in an idle moment of its own, never in one task with the others
    // (a dozen at once would hold the page for a tenth of a second) nor before a frame.
    const start = () =>
      loadECharts().then(
        async (loaded) => {
          await idleSlice();
          if (disposed) return;
          lib = loaded;
          setUp();
          health.charts.add(entry);
          observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(resize);
          observer?.observe(element);
        },
        () => {
          if (!disposed) retryTimer = setTimeout(start, RETRY_MS);
        },
      );
    void start();
    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      health.charts.delete(entry);
      element.removeEventListener('contextlost', onLost, true);
      element.removeEventListener('contextrestored', onRestored, true);
      window.removeEventListener('resize', onWindowResize);
      clearTimeout(resizeTimer);
      observer?.disconnect();
      tearDown();
    };
  }, [drawable]);

  // A replayed moment is shown as it was, not tweened from the one before: bars moving
  // through figures that never were would mislead, and at 3,600× the charts would animate
  // without pause, taking the frames the map needs.
  const replaying = useClockStore((s) => s.mode === 'replay');
  useEffect(() => {
    // Merge (not replace) so a refresh or a new scope animates bars from where they were.
    // Each chart redraws in a task of its own: a KPI refresh updates a dozen at once, and
    // one task for all of them would hold the page for a tenth of a second.
    const timer = setTimeout(
      () => chart.current?.setOption(replaying ? { ...option, animation: false } : option),
      0,
    );
    return () => clearTimeout(timer);
  }, [option, replaying]);

  return (
    <figure className={`chart${onCategoryClick ? ' chart--clickable' : ''}`}>
      {drawable && (
        <div ref={box} className="chart__canvas" role="img" aria-label={label} style={{ height }} />
      )}
      <div className={drawable ? 'visually-hidden-focusable' : 'chart__fallback'}>{fallback}</div>
    </figure>
  );
}
