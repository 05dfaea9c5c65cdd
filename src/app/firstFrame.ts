/**
 * The map's first frame with its data: what the first screen is for. Work that can wait
 * (charts, their library) waits for it, so on two cores in software WebGL it does not
 * queue between the map and its shader compiles. A page whose map never draws (no WebGL,
 * data that fails) lets the waiting work go after FALLBACK_MS all the same.
 */
const FALLBACK_MS = 4000;

/** Resolves after FALLBACK_MS: what waits for the first frame waits no longer than this. */
export const firstScreenFallback = new Promise<void>((resolve) => setTimeout(resolve, FALLBACK_MS));

let drawn: () => void = () => {};
export const firstMapFrame = new Promise<void>((resolve) => {
  drawn = resolve;
  void firstScreenFallback.then(resolve);
});

/** Called by the map once every layer that is on has its data drawn. */
export function markFirstMapFrame(): void {
  drawn();
}

/** Resolves when the page has a moment with nothing to do (or after `timeoutMs` regardless). */
export function idleSlice(timeoutMs = 1000): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function')
      requestIdleCallback(() => resolve(), { timeout: timeoutMs });
    else setTimeout(resolve, 0);
  });
}
