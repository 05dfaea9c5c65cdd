/**
 * The wall's watchdog: a second line behind each part's own recovery. A wall runs for weeks;
 * a chart whose canvas lost its pixels, a map whose WebGL went, a stream that stopped or
 * figures that stopped coming must not leave a panel quietly blank or old. Every interval
 * (a minute) it checks what the screen shows and repairs in place what it can:
 *
 * - each chart draws: its canvas holds a pixel other than its background (an SVG chart:
 *   drawn elements); else the chart is set up again on a fresh canvas;
 * - the map draws: no canvas of it has lost its WebGL context, the frame asked for at the
 *   last check came, and the basemap's canvas holds more than one colour; else a repaint,
 *   and if that has not helped by the next check (or a context is lost), the map is set up
 *   again, at most once in MAP_REBUILD_GAP_MS (a new map on a busy software-rendered PC
 *   takes seconds to draw: set up again each check, it would never get there);
 * - the event stream is live (or has been within three heartbeats); else, if it is waiting
 *   out a backoff (or its loop ended), it connects again at once;
 * - every refreshed query (the KPI figures, the layers) was updated within three of its
 *   refresh intervals; else it is fetched again.
 *
 * Each repair is logged (`[ioc-watchdog]`) and reported to the notice (Watchdog.tsx). The
 * DOM probes are passed in, so the logic is tested without a browser.
 */
import type { ChartHealth, MapHealth } from '../../app/health';
import type { ConnectionState } from '../../api/stream';

export type Part = 'chart' | 'map' | 'stream' | 'data';

export interface Repair {
  part: Part;
  /** The chart's name, the query's key; empty for the map and the stream. */
  name: string;
  /** What was done: a redraw (repaint), a new set-up, a reconnect, a refetch. */
  action: 'rebuild' | 'repaint' | 'reconnect' | 'refetch';
  /** Checks in a row that found this part failing: above one, the repair did not hold. */
  times: number;
}

/** What the watchdog reads of the refreshed queries (a TanStack QueryClient's cache, narrowed). */
export interface WatchedQuery {
  key: string;
  /** When its data last came (epoch ms); 0: never. */
  updatedAt: number;
  /** Its refresh interval (ms), if it has one. */
  intervalMs: number | null;
  fetching: boolean;
  refetch(): void;
}

export interface WatchdogDeps {
  charts(): Iterable<ChartHealth>;
  maps(): Iterable<MapHealth>;
  stream(): { reconnect(): boolean } | null;
  connection(): ConnectionState;
  queries(): Iterable<WatchedQuery>;
  heartbeatMs: number;
  /** Whether a chart's box shows anything; null: it cannot tell (no size, no canvas yet). */
  chartDraws(element: HTMLElement): boolean | null;
  /** Whether a map's basemap canvas shows anything; null: it cannot tell. */
  mapDraws(element: HTMLElement): boolean | null;
  /** performance.now() */
  now(): number;
  /** Date.now() */
  clock(): number;
  log(message: string): void;
}

/** A chart set up this recently may not have drawn yet. */
export const SETTLING_MS = 10_000;
/** A map set up this recently may still be loading its style and data. */
export const MAP_SETTLING_MS = 30_000;
/** The watchdog sets a map up again at most this often. */
export const MAP_REBUILD_GAP_MS = 5 * 60_000;
/** Stale after this many refresh intervals, as the panels say (KpiPanel). */
const STALE_INTERVALS = 3;

export const LOG_PREFIX = '[ioc-watchdog]';

export class Watchdog {
  /** Checks in a row each part failed, by part and name. */
  private failing = new Map<string, number>();
  private startedAt: number;
  /** When a frame was last asked of each map (performance.now()). */
  private asked = new WeakMap<MapHealth, number>();
  private mapRebuiltAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly d: WatchdogDeps) {
    this.startedAt = d.clock();
  }

  /** One round of checks; what was repaired. */
  check(): Repair[] {
    const failed = new Set<string>();
    const repairs: Repair[] = [];
    const note = (part: Part, name: string, action: Repair['action'], why: string) => {
      const id = `${part}:${name}`;
      failed.add(id);
      const times = (this.failing.get(id) ?? 0) + 1;
      this.failing.set(id, times);
      repairs.push({ part, name, action, times });
      this.d.log(`${LOG_PREFIX} ${part}${name ? ` "${name}"` : ''}: ${why}; ${action}`);
      return times;
    };
    this.checkCharts(note);
    this.checkMaps(note, failed);
    this.checkStream(note);
    this.checkData(note);
    // A part that passed is no longer failing.
    for (const id of this.failing.keys()) if (!failed.has(id)) this.failing.delete(id);
    return repairs;
  }

  private checkCharts(note: Note): void {
    const now = this.d.now();
    for (const chart of this.d.charts()) {
      if (now - chart.setUpAt < SETTLING_MS) continue;
      const lost = chart.element.dataset.contextLost === 'true';
      if (!lost && this.d.chartDraws(chart.element) !== false) continue;
      note('chart', chart.label, 'rebuild', lost ? 'canvas context lost and not restored' : 'draws nothing');
      chart.rebuild('the watchdog found it blank');
    }
  }

  private checkMaps(note: Note, failed: Set<string>): void {
    const now = this.d.now();
    for (const map of this.d.maps()) {
      if (now - map.setUpAt < MAP_SETTLING_MS) continue;
      const canRebuild = now - this.mapRebuiltAt >= MAP_REBUILD_GAP_MS;
      const rebuild = (why: string) => {
        this.mapRebuiltAt = now;
        note('map', '', 'rebuild', why);
        map.rebuild(`the watchdog: ${why}`);
      };
      if (map.lost()) {
        if (canRebuild) rebuild('WebGL context lost');
        else failed.add('map:'); // still failing: counted on when the next rebuild may come
        continue;
      }
      // The frame asked for at the last check: any time since will do (a busy PC is slow).
      const asked = this.asked.get(map);
      const rendered = asked === undefined || map.lastRenderAt() > asked;
      const draws = rendered && this.d.mapDraws(map.element) !== false;
      this.asked.set(map, now);
      map.repaint();
      if (draws) continue;
      const why = rendered ? 'draws nothing' : 'no frame since the last check asked for one';
      // A repaint first; a map still blank at the next check is set up again.
      if ((this.failing.get('map:') ?? 0) >= 1 && canRebuild) rebuild(why);
      else note('map', '', 'repaint', why);
    }
  }

  private checkStream(note: Note): void {
    const c = this.d.connection();
    const stream = this.d.stream();
    // Refused (401/403): a token problem the header already states; reconnecting cannot help.
    if (!stream || c.phase === 'live' || c.refused !== null) return;
    const since = c.lastContactAt ?? this.startedAt;
    if (this.d.clock() - since < STALE_INTERVALS * this.d.heartbeatMs) return;
    // Only a stream waiting out its backoff (or stopped) is hurried, once per loss of
    // contact; one that is opening a connection is left to it. While the API stays away the
    // stream's own backoff goes on, and the header says so.
    if (this.hurriedFor === since) return;
    if (stream.reconnect()) {
      this.hurriedFor = since;
      note('stream', '', 'reconnect', `${c.phase} since ${new Date(since).toISOString()}`);
    }
  }
  private hurriedFor: number | null = null;

  private checkData(note: Note): void {
    const clock = this.d.clock();
    for (const q of this.d.queries()) {
      if (q.intervalMs === null || q.updatedAt === 0 || q.fetching) continue;
      const age = clock - q.updatedAt;
      if (age <= STALE_INTERVALS * q.intervalMs) continue;
      note('data', q.key, 'refetch', `last updated ${Math.round(age / 1000)} s ago`);
      q.refetch();
    }
  }
}

type Note = (part: Part, name: string, action: Repair['action'], why: string) => number;

/**
 * Whether a canvas shows anything: a pixel other than its top-left one (a chart's
 * background, transparent or not). Read through a scratch canvas meant for reading, so the
 * chart's own canvas is not flagged for read-backs; `maxWidth` scales a large canvas down
 * (enough for "more than one colour", as for the map).
 */
export function canvasHasInk(
  canvas: HTMLCanvasElement,
  scratch: HTMLCanvasElement,
  maxWidth = Number.POSITIVE_INFINITY,
): boolean | null {
  if (canvas.width === 0 || canvas.height === 0) return null;
  const k = Math.min(1, maxWidth / canvas.width);
  const w = Math.max(1, Math.round(canvas.width * k));
  const h = Math.max(1, Math.round(canvas.height * k));
  if (scratch.width !== w || scratch.height !== h) {
    scratch.width = w;
    scratch.height = h;
  }
  const ctx = scratch.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.clearRect(0, 0, w, h);
  ctx.drawImage(canvas, 0, 0, w, h);
  const px = new Uint32Array(ctx.getImageData(0, 0, w, h).data.buffer);
  const background = px[0];
  for (let i = 1; i < px.length; i++) if (px[i] !== background) return true;
  return false;
}

/** Whether a chart's box shows anything: any canvas with ink, or an SVG with drawn elements. */
export function chartDraws(element: HTMLElement, scratch: HTMLCanvasElement): boolean | null {
  const svg = element.querySelector('svg');
  if (svg) return svg.querySelector('path, text, rect, circle, polyline, polygon, line') !== null;
  const canvases = [...element.querySelectorAll('canvas')];
  if (canvases.length === 0) return element.offsetWidth === 0 ? null : false;
  let unknown = true;
  for (const canvas of canvases) {
    const ink = canvasHasInk(canvas, scratch);
    if (ink) return true;
    if (ink === false) unknown = false;
  }
  return unknown ? null : false;
}

/** Whether a map's basemap canvas (MapLibre's) shows more than one colour. */
export function mapDraws(element: HTMLElement, scratch: HTMLCanvasElement): boolean | null {
  const canvas = element.querySelector<HTMLCanvasElement>('canvas.maplibregl-canvas');
  return canvas ? canvasHasInk(canvas, scratch, 256) : null;
}

/**
 * Milliseconds from `now` to the next `hh:mm` in `timeZone` (never 0: a page reloaded at
 * that minute waits for the next day).
 */
export function msUntil(hhmm: string, timeZone: string, now: number): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const parts = new Intl.DateTimeFormat('en', {
    timeZone,
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const nowOfDay = ((get('hour') * 60 + get('minute')) * 60 + get('second')) * 1000 + (now % 1000);
  const day = 86_400_000;
  const target = (h * 60 + m) * 60_000;
  const ms = (((target - nowOfDay) % day) + day) % day;
  return ms === 0 ? day : ms;
}
