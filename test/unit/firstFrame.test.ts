/**
 * Charts wait for the map's first frame with data. A map that never draws lets them go
 * FALLBACK_MS (4 s) after it was handed its layers, or 8 s after start: not 4 s after start,
 * which on a loaded machine drew the charts in the middle of a tiled layer's first frame.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type FirstFrame = typeof import('../../src/app/firstFrame');

async function fresh(): Promise<{ m: FirstFrame; released: () => boolean }> {
  vi.resetModules();
  const m = await import('../../src/app/firstFrame');
  let done = false;
  void m.firstMapFrame.then(() => {
    done = true;
  });
  return { m, released: () => done };
}

describe("the map's first frame, as the charts wait for it", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('comes when the map draws its data, however early', async () => {
    const { m, released } = await fresh();
    m.markFirstMapFrame();
    await vi.advanceTimersByTimeAsync(0);
    expect(released()).toBe(true);
  });

  it('waits 4 s after the map was handed its layers, not 4 s after start', async () => {
    const { m, released } = await fresh();
    await vi.advanceTimersByTimeAsync(3000);
    m.markFirstScreenHanded();
    await vi.advanceTimersByTimeAsync(1500);
    expect(released()).toBe(false);
    await vi.advanceTimersByTimeAsync(2600);
    expect(released()).toBe(true);
  });

  it('gives up after 8 s on a map that is never handed its layers', async () => {
    const { released } = await fresh();
    await vi.advanceTimersByTimeAsync(7900);
    expect(released()).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(released()).toBe(true);
  });
});
