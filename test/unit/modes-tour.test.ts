import { describe, expect, it } from 'vitest';
import { fitCanvas } from '../../src/modes/wall/DesignCanvas';
import { isWallPresentation } from '../../src/modes/wall/presentation';
import { INITIAL_TOUR, stepTour, tourProgress } from '../../src/state/tour';

describe('stepTour', () => {
  it('advances to the next scene when the dwell is up, and wraps', () => {
    let s = INITIAL_TOUR;
    s = stepTour(s, 2000, 5000, 3, null);
    expect([s.index, s.elapsedMs]).toEqual([0, 2000]);
    expect(tourProgress(s, 5000)).toBeCloseTo(0.4);
    s = stepTour(s, 3000, 5000, 3, null);
    expect([s.index, s.elapsedMs]).toEqual([1, 0]);
    s = stepTour(stepTour(s, 5000, 5000, 3, null), 5000, 5000, 3, null);
    expect(s.index).toBe(0);
  });

  it('holds its place while paused, says why, and goes on from there', () => {
    let s = stepTour(INITIAL_TOUR, 4000, 5000, 2, null);
    s = stepTour(s, 60_000, 5000, 2, 'alert');
    expect(s).toMatchObject({ index: 0, elapsedMs: 4000, paused: 'alert' });
    expect(stepTour(s, 1000, 5000, 2, 'alert')).toBe(s); // no new state while held
    s = stepTour(s, 500, 5000, 2, null);
    expect(s).toMatchObject({ index: 0, elapsedMs: 4500, paused: null });
  });

  it('stays on a single scene', () => {
    expect(stepTour(INITIAL_TOUR, 99_000, 5000, 1, null).index).toBe(0);
  });
});

describe('fitCanvas', () => {
  it('scales a 3840×1080 canvas into a 1920×1080 window, letterboxed top and bottom', () => {
    expect(fitCanvas({ width: 3840, height: 1080 }, { width: 1920, height: 1080 })).toEqual({
      scale: 0.5,
      x: 0,
      y: 270,
    });
  });
  it('fits 7680×2160 onto a 3840×1080 wall exactly', () => {
    expect(fitCanvas({ width: 7680, height: 2160 }, { width: 3840, height: 1080 })).toEqual({
      scale: 0.5,
      x: 0,
      y: 0,
    });
  });
  it('pillarboxes a canvas narrower than the window', () => {
    const f = fitCanvas({ width: 3840, height: 1080 }, { width: 4000, height: 1080 });
    expect(f.scale).toBe(1);
    expect(f.x).toBe(80);
  });
});

describe('isWallPresentation', () => {
  const wall = { canvas: 'auto' as const, designSize: { width: 3840, height: 1080 } };
  const desk = { width: 1920, height: 1080 };
  it('is the wall when opened without a camera, or marked tour=on; a shared view otherwise', () => {
    expect(isWallPresentation('?mode=wall', wall, desk)).toBe(true);
    expect(isWallPresentation('?mode=wall&c=114,22,10&tour=on', wall, desk)).toBe(true);
    expect(isWallPresentation('?mode=wall&c=114,22,10', wall, desk)).toBe(false);
  });

  it('opens an address with no mode as the canvas only on a screen the size of the wall', () => {
    expect(isWallPresentation('', wall, desk)).toBe(false);
    expect(isWallPresentation('', wall, { width: 1366, height: 768 })).toBe(false);
    expect(isWallPresentation('', wall, { width: 3840, height: 1080 })).toBe(true);
    expect(
      isWallPresentation(
        '',
        { ...wall, designSize: { width: 7680, height: 2160 } },
        { width: 3840, height: 1080 },
      ),
    ).toBe(false);
    expect(isWallPresentation('', { ...wall, canvas: 'always' }, desk)).toBe(true);
    expect(isWallPresentation('', { ...wall, canvas: 'never' }, { width: 3840, height: 1080 })).toBe(false);
  });
});
