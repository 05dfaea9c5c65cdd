/**
 * Scale: the stress switch multiplies the 5G layer (×10 ≈ 100 k, ×100 ≈ 1 M stations).
 * Time to first frame and frames per second during a scripted 5-second pan, app against
 * the bare page at the same N; the longest main-thread task during the pan.
 */
import { appPage, barePage, markTime, panFps, type Rig, round, startApi } from '../lib';

const CAMERA = '114.19,22.69,12.6';

export async function scale(rig: Rig, layerScale: number, timeoutMs: number) {
  const api = await startApi({ layerScale, eventRate: 1 });
  try {
    const result: Record<string, unknown> = { layerScale, stations: 10_346 * layerScale };
    const b = await barePage(rig, api, CAMERA);
    try {
      result.bareFirstFrameMs = round(await markTime(b, 'bare:map-ready', timeoutMs), 0);
      const pan = await panFps(b, '#map');
      result.bareFps = round(pan.fps, 1);
      result.bareLongestTaskMs = round(pan.longestTaskMs, 0);
    } catch (e) {
      result.bareError = (e as Error).message.split('\n')[0];
    }
    await b.context().close();
    const a = await appPage(rig, api, `?mode=wall&layers=admin-boundaries,5g-stations&c=${CAMERA}`);
    try {
      result.appFirstFrameMs = round(await markTime(a, 'ioc:map-ready', timeoutMs), 0);
      const pan = await panFps(a, 'section[aria-busy]');
      result.appFps = round(pan.fps, 1);
      result.appLongestTaskMs = round(pan.longestTaskMs, 0);
      if (typeof result.bareFps === 'number') {
        result.fpsRatio = round(pan.fps / result.bareFps);
        result.met = { fps: pan.fps / result.bareFps >= 0.8, longTask: pan.longestTaskMs <= 200 };
      }
    } catch (e) {
      result.appError = (e as Error).message.split('\n')[0];
    }
    await a.context().close();
    return result;
  } finally {
    await api.close();
  }
}
