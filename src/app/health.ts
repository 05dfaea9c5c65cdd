/**
 * What the wall's watchdog (modes/wall/watchdog.ts) can see of the parts that draw or feed
 * the screen, and how each is repaired in place. Each part registers itself while mounted;
 * the watchdog's code loads later, on its own, so this file stays small (it is in the first
 * frame's JavaScript).
 */

/** One ECharts chart (charts/Chart.tsx). */
export interface ChartHealth {
  /** The chart's box: its canvases (or SVG) are inside. */
  element: HTMLElement;
  label: string;
  /** When the chart was last set up (performance.now()): a chart just set up may not have drawn yet. */
  setUpAt: number;
  /** Disposes the ECharts instance and sets it up again on a fresh canvas, with the last option. */
  rebuild(reason: string): void;
}

/** One map (map/MapView.tsx): MapLibre's canvas and deck.gl's above it, both WebGL. */
export interface MapHealth {
  element: HTMLElement;
  /** When the map was set up (performance.now()): a new map takes a while to load and draw. */
  setUpAt: number;
  /** A canvas of the map lost its WebGL context a while ago (10 s) and has not had it back. */
  lost(): boolean;
  /** performance.now() of MapLibre's latest frame. */
  lastRenderAt(): number;
  /** Asks for a frame. */
  repaint(): void;
  /** Removes the map and sets it up again (new canvases, new contexts), keeping its camera and layers. */
  rebuild(reason: string): void;
}

export const health = {
  charts: new Set<ChartHealth>(),
  maps: new Set<MapHealth>(),
  /** The live event stream: connects again at once if it waits out a backoff or stopped; true if it did. */
  stream: null as { reconnect(): boolean } | null,
};
