/**
 * Cold start: navigation to the first frame with the 5G stations drawn, and to every
 * panel filled, against the bare page drawing the same points. Fresh context each run.
 */
import { type Api, appPage, barePage, markTime, median, type Rig, round } from '../lib';

const CAMERA = '114.19,22.69,12.6';

async function panelsFilled(page: import('playwright-core').Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const kpi = [...document.querySelectorAll('[role="group"]')].some((g) =>
        /\d/.test(g.textContent ?? ''),
      );
      const feed = document.querySelector('[data-event-id]');
      return kpi && feed ? performance.now() : null;
    },
    undefined,
    { timeout: 120_000, polling: 'raf' },
  );
  return (await handle.jsonValue()) as number;
}

export async function coldStart(rig: Rig, api: Api, runs = 5) {
  const app: { map: number; all: number }[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    const b = await barePage(rig, api, CAMERA);
    bare.push(await markTime(b, 'bare:map-ready'));
    await b.context().close();
    const a = await appPage(rig, api, `?mode=wall&layers=admin-boundaries,5g-stations&c=${CAMERA}`);
    const map = await markTime(a, 'ioc:map-ready');
    app.push({ map, all: Math.max(map, await panelsFilled(a)) });
    await a.context().close();
  }
  const appMap = median(app.map((r) => r.map));
  const appAll = median(app.map((r) => r.all));
  const bareMap = median(bare);
  return {
    runs,
    bareFirstFrameMs: round(bareMap, 0),
    appFirstFrameMs: round(appMap, 0),
    appAllPanelsMs: round(appAll, 0),
    mapRatio: round(appMap / bareMap),
    allRatio: round(appAll / bareMap),
    targets: { map: 1.3, all: 2 },
    met: { map: appMap / bareMap <= 1.3, all: appAll / bareMap <= 2 },
  };
}
