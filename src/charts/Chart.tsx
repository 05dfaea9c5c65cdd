/**
 * One ECharts instance in a React component: created on mount, fed options on change,
 * resized with its box, disposed on unmount. The canvas is an image with an accessible
 * name; the same numbers are in `fallback` (a table or list) for screen readers, for
 * keyboard users and for tests, and shown instead of the chart where no canvas exists.
 */
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { firstMapFrame, idleSlice } from '../app/firstFrame';
import type { EChartsCoreOption, EChartsType } from './echarts';
import './Chart.css';

/**
 * ECharts is a third of the app's JavaScript: it loads (and runs its module code) after
 * the map's first frame with data, so the map and the KPI figures (plain DOM) show first,
 * each chart drawing a moment later.
 */
let library: Promise<typeof import('./echarts')> | undefined;
const loadECharts = () => {
  library ??= firstMapFrame.then(() => import('./echarts'));
  return library;
};

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

  useEffect(() => {
    const element = box.current;
    if (!drawable || !element) return;
    let disposed = false;
    let observer: ResizeObserver | null = null;
    // Each chart is set up in an idle moment of its own, never in one task with the others
    // (a dozen at once would hold the page for a tenth of a second) nor before a frame.
    void loadECharts().then(async ({ echarts }) => {
      await idleSlice();
      if (disposed) return;
      const instance = echarts.init(element, null, {
        renderer: 'canvas',
        devicePixelRatio: sharpRatio(element),
      });
      instance.on('click', (p) => {
        const params = p as ClickParams;
        // Bars report their category as `name`; category axis labels (triggerEvent) as `value`.
        const category = params.componentType === 'series' ? params.name : params.value;
        if (typeof category === 'string') onClick.current?.(category);
      });
      // Drawn, animation included: what a screenshot of the panel waits for.
      instance.on('finished', () => {
        element.dataset.drawn = 'true';
      });
      instance.setOption(latest.current);
      chart.current = instance;
      observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => instance.resize());
      observer?.observe(element);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, [drawable]);

  useEffect(() => {
    // Merge (not replace) so a refresh or a new scope animates bars from where they were.
    // Each chart redraws in a task of its own: a KPI refresh updates a dozen at once, and
    // one task for all of them would hold the page for a tenth of a second.
    const timer = setTimeout(() => chart.current?.setOption(option), 0);
    return () => clearTimeout(timer);
  }, [option]);

  return (
    <figure className={`chart${onCategoryClick ? ' chart--clickable' : ''}`}>
      {drawable && (
        <div ref={box} className="chart__canvas" role="img" aria-label={label} style={{ height }} />
      )}
      <div className={drawable ? 'visually-hidden-focusable' : 'chart__fallback'}>{fallback}</div>
    </figure>
  );
}
