/**
 * The map's first frame with its data: what the first screen is for. Work that can wait
 * (charts, their library) waits for it, so on two cores in software WebGL it does not
 * queue between the map and its shader compiles. A page whose map never draws (no WebGL,
 * data that fails) lets the waiting work go FALLBACK_MS after the map was handed its
 * layers, or twice that after start if it never was: a layer drawn from vector tiles
 * asks for them only once handed, and on a loaded machine its first frame came later
 * than FALLBACK_MS after start, with the charts drawn in the middle of it.
 */
const FALLBACK_MS = 4000;

/** Resolves after FALLBACK_MS: the map hands deck.gl its first screen by then, whatever has arrived. */
export const firstScreenFallback = new Promise<void>((resolve) => setTimeout(resolve, FALLBACK_MS));

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
let drawn: () => void = () => {};
let handed: () => void = () => {};
const handedOver = new Promise<void>((resolve) => {
  handed = resolve;
});
export const firstMapFrame = new Promise<void>((resolve) => {
  drawn = resolve;
  void handedOver.then(() => wait(FALLBACK_MS)).then(resolve);
  void wait(2 * FALLBACK_MS).then(resolve);
});

/** Called by the map when it hands deck.gl its first screen. */
export function markFirstScreenHanded(): void {
  handed();
}

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
