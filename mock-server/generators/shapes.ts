/** Small generated footprints (blocks, villages) that must stay inside their street. */
import { offsetM, type Pos } from '@ioc/domain/geo';
import type { Rng } from '@ioc/domain/prng';
import type { Region } from '@ioc/domain/regions';

function allInside(street: Region, ring: Pos[]): boolean {
  return ring.every((p) => street.polygon.contains(p[0], p[1]));
}

/** A rotated, slightly skewed quadrilateral of about w × h metres around `center`. */
export function blockRing(rng: Rng, center: Pos, w: number, h: number): Pos[] {
  const theta = rng() * Math.PI;
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const corners: [number, number][] = [
    [-w / 2, -h / 2],
    [w / 2, -h / 2],
    [w / 2, h / 2],
    [-w / 2, h / 2],
  ];
  return corners.map(([x, y]) => {
    const jx = x * (0.85 + 0.3 * rng());
    const jy = y * (0.85 + 0.3 * rng());
    return offsetM(center, jx * c - jy * s, jx * s + jy * c);
  });
}

/** An irregular star-convex polygon (a village outline) of `radius` metres around `center`. */
export function blobRing(rng: Rng, center: Pos, radius: number): Pos[] {
  const n = 6 + Math.floor(rng() * 4);
  const start = rng() * 2 * Math.PI;
  const ring: Pos[] = [];
  for (let i = 0; i < n; i++) {
    const a = start + (i / n) * 2 * Math.PI;
    const r = radius * (0.7 + 0.6 * rng());
    ring.push(offsetM(center, r * Math.cos(a), r * Math.sin(a)));
  }
  return ring;
}

/**
 * Retry a footprint until every vertex lies in the street, shrinking it each time; the
 * last resort is a 30 m square at a point that is known to be inside.
 */
export function footprintInside(
  rng: Rng,
  street: Region,
  pickCenter: () => Pos,
  make: (center: Pos, shrink: number) => Pos[],
): Pos[] {
  for (let attempt = 0; attempt < 12; attempt++) {
    const center = pickCenter();
    const ring = make(center, 1 - attempt * 0.07);
    if (allInside(street, ring)) return ring;
  }
  for (;;) {
    const ring = blockRing(rng, street.polygon.randomPoint(rng), 30, 30);
    if (allInside(street, ring)) return ring;
  }
}
