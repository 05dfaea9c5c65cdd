/**
 * Cold start of the desk layout (the wall mode as a desk monitor or a shared link with a
 * camera opens it: KPI column, map, live feed) on the first screen's layers (boundaries
 * with street names, the 5G density) at the default camera. Navigation to the first frame
 * with every layer's data drawn, and to every panel filled, against two bare pages in the
 * same run: the simple limit (the 5G stations as binary points) and the same-layers limit
 * (the app's own layer definitions fed straight from the API: bench/bare/sameLayers.ts).
 * Fresh context each run; the three pages take turns, so load on the machine hits all alike.
 * The bare pages' map sits where the app's does, at its size, in a page of the same size.
 */
import { type Api, appMapBox, appPage, barePage, markTime, type Rig, round, spread } from '../lib';

/** The app's default camera (src/api/config.ts): the district, where 5G reads as density. */
export const COLD_CAMERA = '114.19,22.69,10.6';

/**
 * Watches, from the page's first frame, for every panel filled (a KPI figure and a feed
 * row), and keeps the time it first was: a check started only once the map was ready ran on
 * the next frame, which on these cores could be hundreds of ms after the panels filled.
 */
export const WATCH_PANELS = `(() => {
  const tick = () => {
    const kpi = [...document.querySelectorAll('[role="group"]')].some((g) => /\\d/.test(g.textContent ?? ''));
    if (kpi && document.querySelector('[data-event-id]')) window.__panelsFilledAt = performance.now();
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

export async function panelsFilled(page: import('playwright-core').Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => (window as unknown as { __panelsFilledAt?: number }).__panelsFilledAt ?? null,
    undefined,
    { timeout: 120_000, polling: 100 },
  );
  return (await handle.jsonValue()) as number;
}

async function bareRun(rig: Rig, api: Api, extra = ''): Promise<number> {
  const page = await barePage(rig, api, COLD_CAMERA, undefined, extra);
  const t = await markTime(page, 'bare:map-ready');
  await page.context().close();
  return t;
}

/**
 * The cold-start rounds, wherever the pages are served: each round the simple bare page, the
 * same-layers one and the app (map drawn, all panels filled), a fresh context each; medians
 * and spreads per measure. One throw-away round first: the first page of a fresh browser
 * pays its own start-up.
 */
export async function coldRounds(
  runs: number,
  bare: (extra?: string) => Promise<number>,
  openApp: () => Promise<import('playwright-core').Page>,
) {
  const map: number[] = [];
  const all: number[] = [];
  const simple: number[] = [];
  const same: number[] = [];
  // The bare pages' map is placed and sized as the app's (`box=`), known once the
  // throw-away round's app has drawn: a bigger map draws more basemap in its first frame.
  let box = '';
  for (let i = -1; i < runs; i++) {
    const s = await bare(box);
    const l = await bare(`&layers=same${box}`);
    const a = await openApp();
    const m = await markTime(a, 'ioc:map-ready');
    const f = Math.max(m, await panelsFilled(a));
    box = await appMapBox(a);
    await a.context().close();
    if (i < 0) continue;
    simple.push(s);
    same.push(l);
    map.push(m);
    all.push(f);
  }
  return { simple: spread(simple), same: spread(same), map: spread(map), all: spread(all) };
}

export async function coldStart(rig: Rig, api: Api, runs = 5) {
  const figures = await coldRounds(
    runs,
    (extra = '') => bareRun(rig, api, extra),
    () =>
      appPage(
        rig,
        api,
        `?mode=wall&layers=admin-boundaries,5g-stations&c=${COLD_CAMERA}`,
        undefined,
        WATCH_PANELS,
      ),
  );
  const ratio = (a: number, b: number) => round(a / b);
  return {
    runs,
    measures: `?mode=wall&layers=admin-boundaries,5g-stations&c=${COLD_CAMERA} at 1920×1080 (the desk layout)`,
    ms: figures,
    mapRatioSameLayers: ratio(figures.map.median, figures.same.median),
    mapRatioSimple: ratio(figures.map.median, figures.simple.median),
    allRatioSimple: ratio(figures.all.median, figures.simple.median),
    allRatioSameLayers: ratio(figures.all.median, figures.same.median),
    targets: { mapOverSameLayers: 1.3, allOverSimple: 2 },
    met: {
      map: figures.map.median / figures.same.median <= 1.3,
      all: figures.all.median / figures.simple.median <= 2,
    },
  };
}
