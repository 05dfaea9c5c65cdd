/**
 * Soak: the wall, its tour and the stream on an accelerated clock for the equivalent of
 * 24 hours of events. Heap (after a forced GC) sampled after warm-up; growth must stay
 * under 10 MB. Warm-up is one full tour (every scene has loaded its layers once) plus a
 * margin; the tour runs at 10 s a scene, so the soak switches scenes often.
 */
import { DEFAULT_SCENES } from '../../src/api/config';
import { appPage, heapMb, type Rig, round, startApi } from '../lib';

const DWELL_MS = 10_000;

export async function soak(rig: Rig, realSeconds: number) {
  const warmUp = (DEFAULT_SCENES.length * DWELL_MS) / 1000 + 10;
  // The clock is sped so that the sampled stretch (after warm-up) covers 24 hours.
  const speed = Math.round(86_400 / realSeconds);
  const api = await startApi({ clockSpeed: speed, eventRate: 1, heartbeatMs: 5000 });
  try {
    const scenes = DEFAULT_SCENES.map((s) => ({ ...s, dwellMs: DWELL_MS }));
    const page = await appPage(rig, api, '?mode=wall', undefined, undefined, { wall: { scenes } });
    await page.waitForSelector('[data-event-id]', { timeout: 120_000 });
    await page.waitForTimeout(warmUp * 1000);
    const samples: number[] = [];
    const every = realSeconds / 6;
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
      warmUpSeconds: warmUp,
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
