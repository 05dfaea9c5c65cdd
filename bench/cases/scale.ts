/**
 * Scale: the stress switch multiplies the 5G layer (×10 ≈ 100 k, ×100 ≈ 1 M stations).
 * Time to first frame and frames per second during a scripted 5-second pan, app against
 * the bare page at the same N (its map the size of the app's); the longest main-thread task
 * during the pan. Above the
 * app's `tilesAboveFeatures` (200 k by default) both draw the layer from vector tiles,
 * since GeoJSON of a million features is beyond what a browser takes.
 */
import { appPage, barePage, markTime, panFps, type Rig, round, startApi } from '../lib';

const CAMERA = '114.19,22.69,12.6';
/** The app's default `tilesAboveFeatures` (src/api/config.ts). */
const TILES_ABOVE = 200_000;

export async function scale(rig: Rig, layerScale: number, timeoutMs: number) {
  const api = await startApi({ layerScale, eventRate: 1 });
  try {
    const stations = 10_346 * layerScale;
    const tiles = stations > TILES_ABOVE;
    const result: Record<string, unknown> = { layerScale, stations, drawnFrom: tiles ? 'mvt' : 'geojson' };
    // Generate the world, the tile index and the KPIs before either page asks: one-time
    // costs of the mock (only the app asks for KPIs), not of drawing. Reported apart.
    const warm = tiles ? '/layers/5g-stations/tiles/13/6694/3565.mvt' : '/layers/5g-stations/features';
    const started = performance.now();
    for (const path of [warm, '/kpis'])
      await (await api.api.handle(new Request(`${api.url}${path}`))).arrayBuffer();
    result.mockWarmUpMs = round(performance.now() - started, 0);
    // The warm-up leaves garbage the mock's process collects later, on the cores the first
    // page needs: a pause, so neither page starts in its wake.
    await new Promise((r) => setTimeout(r, 3000));
    // The app first: the bare page then draws a map of the app's map's size. A bigger map
    // sees more of the basemap before its first frame and so links more of MapLibre's
    // programs there, where the app's smaller one linked them during its pan (one took
    // 2.2 s in software WebGL): the pan compared when each paid, not what each draws.
    const a = await appPage(rig, api, `?mode=wall&layers=admin-boundaries,5g-stations&c=${CAMERA}`);
    const requests = { tiles: 0, features: 0 };
    a.on('request', (r) => {
      if (/\/layers\/5g-stations\/tiles\//.test(r.url())) requests.tiles++;
      if (r.url().includes('/layers/5g-stations/features')) requests.features++;
    });
    let mapSize = { width: 1920, height: 1080 };
    try {
      result.appFirstFrameMs = round(await markTime(a, 'ioc:map-ready', timeoutMs), 0);
      const box = await a.locator('section.map-canvas').boundingBox();
      if (box) mapSize = { width: Math.round(box.width), height: Math.round(box.height) };
      result.mapSize = mapSize;
      const pan = await panFps(a, 'section.map-canvas');
      result.appFps = round(pan.fps, 1);
      result.appLongestTaskMs = round(pan.longestTaskMs, 0);
      result.appRequests = { ...requests };
    } catch (e) {
      result.appError = (e as Error).message.split('\n')[0];
    }
    await a.context().close();
    const b = await barePage(rig, api, CAMERA, mapSize, tiles ? '&tiles=1' : '');
    try {
      result.bareFirstFrameMs = round(await markTime(b, 'bare:map-ready', timeoutMs), 0);
      const pan = await panFps(b, '#map');
      result.bareFps = round(pan.fps, 1);
      result.bareLongestTaskMs = round(pan.longestTaskMs, 0);
      if (typeof result.appFps === 'number') {
        result.fpsRatio = round((result.appFps as number) / pan.fps);
        result.met = {
          fps: (result.appFps as number) / pan.fps >= 0.8,
          longTask: (result.appLongestTaskMs as number) <= 200,
        };
      }
    } catch (e) {
      result.bareError = (e as Error).message.split('\n')[0];
    }
    await b.context().close();
    // The mock runs in this process: what holding the stress-sized world costs in Node.
    result.mockHeapMb = round(process.memoryUsage().heapUsed / 2 ** 20, 0);
    return result;
  } finally {
    await api.close();
  }
}
