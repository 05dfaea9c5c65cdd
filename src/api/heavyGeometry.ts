/**
 * Geometries with very many vertices (one hostile polygon had 200,000). Checked position by
 * position with zod, such a geometry held the main thread for a third of a second, and
 * converted vertex by vertex with gcoord, for a second. The code for them (./heavyChecks.ts)
 * loads only when a payload carries one: loaders call `prepareHeavy` before they validate,
 * and validation and conversion then take the fast path. Without it they take the slow,
 * exact one, never a wrong one.
 */

/** Above this, a geometry is heavy: checked by a loop, converted on a grid, simplified to draw. */
export const HEAVY_VERTICES = 2000;

/** Positions in a geometry's coordinates, counted without looking at each one. */
export function vertexCount(coordinates: unknown): number {
  if (!Array.isArray(coordinates) || coordinates.length === 0) return 0;
  if (typeof coordinates[0] === 'number') return 1;
  if (Array.isArray(coordinates[0]) && typeof coordinates[0][0] === 'number') return coordinates.length;
  let n = 0;
  for (const c of coordinates) n += vertexCount(c);
  return n;
}

export type HeavySupport = typeof import('./heavyChecks');
let support: HeavySupport | null = null;

/** The fast path, once loaded. */
export const heavySupport = (): HeavySupport | null => support;

/** Loads the fast path if any of these raw features has a heavy geometry; says whether one has. */
export async function prepareHeavy(raw: readonly unknown[]): Promise<boolean> {
  const heavy = raw.some(
    (f) =>
      vertexCount((f as { geometry?: { coordinates?: unknown } } | null)?.geometry?.coordinates) >
      HEAVY_VERTICES,
  );
  if (heavy && !support) support = await import('./heavyChecks');
  return heavy;
}
