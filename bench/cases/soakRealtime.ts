/**
 * Real-time soak (`npm run bench -- --only=soak-realtime --minutes=240`): the wall at
 * 3840×1080 on the real path, for hours of wall-clock time, not an accelerated clock. The
 * app is served by the API server itself (server/main.ts, as `npm start` runs it) with its
 * embedded database in a fresh folder and the demo feeder on, so the tour, the KPI refresh
 * (30 s), the stream and the feeder's events run as on a wall PC.
 *
 * Every minute: a forced garbage collection (CDP HeapProfiler.collectGarbage), then the JS
 * heap (Runtime.getHeapUsage), DOM nodes, documents and listeners (Memory.getDOMCounters),
 * live ECharts instances (their boxes carry `_echarts_instance_`), canvases in the page and
 * in the heap (Runtime.queryObjects: detached ones included), and whether each KPI chart and
 * the map draws: ink inside its box in a screenshot of that box, not only that an element
 * exists. It reports the heap's growth per hour after the warm-up (a least-squares line
 * through the samples) and the first minute at which any chart or the map stopped drawing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { colorDistance, decodePng, type Image, pixel } from '../../test/e2e/pixels';
import { APP_DIST, type Rig, round } from '../lib';
import { startServer } from '../server/procs';

const DESIGN = { width: 3840, height: 1080 };
/** A chart or map showing fewer pixels than this off its background draws nothing. */
const MIN_INK = 40;

export interface SoakRealtimeOptions {
  minutes: number;
  warmUpMinutes: number;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Sample {
  minute: number;
  heapMb: number;
  domNodes: number;
  documents: number;
  listeners: number;
  echartsInstances: number;
  canvasesInPage: number;
  canvasesInHeap: number;
  charts: number;
  chartsDrawing: number;
  mapDraws: boolean;
  /** Charts (by name) and the map that drew nothing this minute. */
  blank: string[];
  scene: string | null;
}

/** Pixels unlike the image's commonest colour: what a chart or a map drew over its background. */
export function inkPixels(img: Image): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < img.data.length; i += 4) {
    const key = (img.data[i]! << 16) | (img.data[i + 1]! << 8) | img.data[i + 2]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  if (!top) return 0;
  const bg = [(top[0] >> 16) & 255, (top[0] >> 8) & 255, top[0] & 255];
  let ink = 0;
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) if (colorDistance(pixel(img, x, y), bg) > 60) ink++;
  return ink;
}

/** Least-squares slope of y over x. */
export function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

/** Canvases the heap holds, in the page or not (a canvas no longer shown but still referenced counts). */
async function canvasesInHeap(cdp: CDPSession): Promise<number> {
  const group = 'soak-canvases';
  try {
    const { result } = await cdp.send('Runtime.evaluate', {
      expression: 'HTMLCanvasElement.prototype',
      objectGroup: group,
    });
    const { objects } = await cdp.send('Runtime.queryObjects', {
      prototypeObjectId: result.objectId!,
      objectGroup: group,
    });
    const { result: length } = await cdp.send('Runtime.callFunctionOn', {
      objectId: objects.objectId!,
      functionDeclaration: 'function () { return this.length; }',
      returnByValue: true,
    });
    return length.value as number;
  } finally {
    await cdp.send('Runtime.releaseObjectGroup', { objectGroup: group });
  }
}

async function sample(page: Page, cdp: CDPSession, minute: number): Promise<Sample> {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  const inHeap = await canvasesInHeap(cdp);
  // A string, not a function: tsx would wrap the inner function in a helper the page lacks.
  const page_ = (await page.evaluate(`(() => {
    const rect = (e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const map = document.querySelector('#map');
    return {
      instances: [...document.querySelectorAll('[_echarts_instance_]')].filter((e) =>
        e.getAttribute('_echarts_instance_'),
      ).length,
      canvases: document.querySelectorAll('canvas').length,
      charts: [...document.querySelectorAll('.wall .chart__canvas')].map((e) => ({
        name: e.getAttribute('aria-label') ?? '?',
        box: rect(e),
      })),
      map: map ? rect(map) : null,
      scene: new URL(location.href).searchParams.get('scene'),
    };
  })()`)) as {
    instances: number;
    canvases: number;
    charts: { name: string; box: Box }[];
    map: Box | null;
    scene: string | null;
  };
  const blank: string[] = [];
  let drawing = 0;
  for (const chart of page_.charts) {
    if (chart.box.width < 1 || chart.box.height < 1) {
      blank.push(chart.name);
      continue;
    }
    const ink = inkPixels(decodePng(await page.screenshot({ clip: chart.box })));
    if (ink >= MIN_INK) drawing++;
    else blank.push(chart.name);
  }
  let mapDraws = false;
  if (page_.map) {
    // The middle of the map, clear of the cards that float over its edges.
    const m = page_.map;
    const clip = {
      x: m.x + m.width * 0.2,
      y: m.y + m.height * 0.25,
      width: m.width * 0.5,
      height: m.height * 0.5,
    };
    mapDraws = inkPixels(decodePng(await page.screenshot({ clip }))) >= 500;
  }
  if (!mapDraws) blank.push('map');
  return {
    minute,
    heapMb: round(heap.usedSize / 2 ** 20, 2),
    domNodes: dom.nodes,
    documents: dom.documents,
    listeners: dom.jsEventListeners,
    echartsInstances: page_.instances,
    canvasesInPage: page_.canvases,
    canvasesInHeap: inHeap,
    charts: page_.charts.length,
    chartsDrawing: drawing,
    mapDraws,
    blank,
    scene: page_.scene,
  };
}

export async function soakRealtime(rig: Rig, o: SoakRealtimeOptions) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ioc-soak-'));
  const started = Date.now();
  // The demo as `npm start` runs it: embedded database, seeded on first start, feeder on,
  // the built app served at / with a config.json pointed at this server.
  const server = await startServer(
    { dataDir },
    { DEMO: 'true', EVENT_RATE: '1', STATIC_DIR: APP_DIST, LOG_LEVEL: 'warn' },
  );
  const seededSeconds = round((Date.now() - started) / 1000, 1);
  const appUrl = server.api.replace(/api\/v1$/, '');
  const logs: { minute: number; text: string }[] = [];
  const errors: string[] = [];
  const t0 = Date.now();
  const minuteNow = () => round((Date.now() - t0) / 60_000, 2);
  try {
    const context = await rig.browser.newContext({ viewport: DESIGN });
    const page = await context.newPage();
    page.on('console', (m) => {
      const text = m.text();
      if (/^\[ioc-(watchdog|chart|map)\]/.test(text)) logs.push({ minute: minuteNow(), text });
      if (m.type() === 'error') errors.push(text.slice(0, 300));
    });
    page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`.slice(0, 300)));
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    await page.goto(`${appUrl}?mode=wall`);
    await page.waitForSelector('[data-event-id]', { timeout: 180_000 });
    const rssStart = server.rssMb();
    const samples: Sample[] = [];
    let firstBlank: { minute: number; what: string[] } | null = null;
    for (let minute = 1; minute <= o.minutes; minute++) {
      // Wait for the minute mark (the sampling itself takes a few seconds).
      const due = t0 + minute * 60_000;
      await page.waitForTimeout(Math.max(0, due - Date.now()));
      const s = await sample(page, cdp, minute);
      samples.push(s);
      if (s.blank.length > 0 && !firstBlank) firstBlank = { minute, what: s.blank };
      console.error(
        `[soak-realtime] ${minute}/${o.minutes} min: heap ${s.heapMb} MB, nodes ${s.domNodes}, listeners ${s.listeners}, ` +
          `echarts ${s.echartsInstances}, canvases ${s.canvasesInPage}/${s.canvasesInHeap} (page/heap), ` +
          `charts drawing ${s.chartsDrawing}/${s.charts}, map ${s.mapDraws ? 'draws' : 'BLANK'}, scene ${s.scene}`,
      );
    }
    await context.close();
    const after = samples.filter((s) => s.minute >= o.warmUpMinutes);
    const perMinute = slope(after.map((s) => [s.minute, s.heapMb]));
    const growthPerHour = round(perMinute * 60, 2);
    const first = after[0];
    const last = samples[samples.length - 1];
    const range = (k: keyof Sample) => {
      const xs = samples.map((s) => s[k] as number);
      return { first: xs[0], last: xs[xs.length - 1], min: Math.min(...xs), max: Math.max(...xs) };
    };
    return {
      path: 'the app served by the API server (server/main.ts), embedded PGlite, demo feeder at EVENT_RATE=1',
      viewport: DESIGN,
      minutes: o.minutes,
      warmUpMinutes: o.warmUpMinutes,
      seedSeconds: seededSeconds,
      heapMbAfterWarmUp: first?.heapMb ?? null,
      heapMbAtEnd: last?.heapMb ?? null,
      heapGrowthMbPerHour: Number.isFinite(growthPerHour) ? growthPerHour : null,
      heapGrowthTargetMbPerHour: 1,
      firstMinuteNotDrawing: firstBlank,
      domNodes: range('domNodes'),
      listeners: range('listeners'),
      documents: range('documents'),
      echartsInstances: range('echartsInstances'),
      canvasesInPage: range('canvasesInPage'),
      canvasesInHeap: range('canvasesInHeap'),
      serverRssMb: { start: rssStart, end: server.rssMb() },
      repairsAndRestores: logs,
      consoleErrors: errors.slice(0, 20),
      samples,
      met: firstBlank === null && Number.isFinite(growthPerHour) && growthPerHour < 1,
    };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
