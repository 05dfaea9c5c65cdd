/**
 * Soak: the wall, its tour and the stream on an accelerated clock for the equivalent of
 * 24 hours of events. Heap (after a forced GC) sampled after warm-up; growth must stay
 * under 10 MB.
 */
import { appPage, heapMb, type Rig, round, startApi } from '../lib';

export async function soak(rig: Rig, realSeconds: number) {
  const speed = Math.round(86_400 / realSeconds);
  const api = await startApi({ clockSpeed: speed, eventRate: 1, heartbeatMs: 5000 });
  try {
    const page = await appPage(rig, api, '?mode=wall');
    await page.waitForSelector('[data-event-id]', { timeout: 120_000 });
    const warmUp = Math.min(30, realSeconds / 4);
    await page.waitForTimeout(warmUp * 1000);
    const samples: number[] = [];
    const every = (realSeconds - warmUp) / 6;
    for (let i = 0; i <= 6; i++) {
      samples.push(round(await heapMb(page), 1));
      if (i < 6) await page.waitForTimeout(every * 1000);
    }
    const held = await page.evaluate(() => document.querySelectorAll('[data-event-id]').length);
    await page.context().close();
    const growth = samples[samples.length - 1]! - samples[0]!;
    return {
      simulatedHours: 24,
      realSeconds,
      clockSpeed: speed,
      heapSamplesMb: samples,
      growthMb: round(growth, 1),
      rowsInDom: held,
      met: growth < 10,
    };
  } finally {
    await api.close();
  }
}
