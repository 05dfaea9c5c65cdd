/** Where two screenshots of the map differ, sampled at screen points. */
import { colorDistance, type Image } from './pixels';

export function changedAt(a: Image, b: Image, x: number, y: number, radius = 2, threshold = 24): boolean {
  for (let dx = -radius; dx <= radius; dx++) {
    for (let dy = -radius; dy <= radius; dy++) {
      const px = Math.round(x + dx);
      const py = Math.round(y + dy);
      if (px < 0 || py < 0 || px >= a.width || py >= a.height) continue;
      const i = (py * a.width + px) * 4;
      const ca = [a.data[i]!, a.data[i + 1]!, a.data[i + 2]!];
      const cb = [b.data[i]!, b.data[i + 1]!, b.data[i + 2]!];
      if (colorDistance(ca, cb) > threshold) return true;
    }
  }
  return false;
}

/** Share of pixels that differ noticeably, leaving out the bottom strip (attribution control). */
export function changedShare(a: Image, b: Image, threshold = 24, bottomStrip = 40): number {
  let changed = 0;
  const end = a.width * (a.height - bottomStrip) * 4;
  for (let i = 0; i < end; i += 16) {
    const ca = [a.data[i]!, a.data[i + 1]!, a.data[i + 2]!];
    const cb = [b.data[i]!, b.data[i + 1]!, b.data[i + 2]!];
    if (colorDistance(ca, cb) > threshold) changed++;
  }
  return changed / (end / 16);
}
