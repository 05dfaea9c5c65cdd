/**
 * Colours the layers share. Categorical colours are Okabe–Ito (distinguishable with the
 * common colour-vision deficiencies); they are bright enough for the dark wall and
 * darkened for the light theme.
 */
import type { RGBA, Theme } from './define';
import { type Hue, OKABE_ITO } from './palette';

export { type Hue, OKABE_ITO } from './palette';

export function color(hue: Hue, theme: Theme, alpha = 255): RGBA {
  const [r, g, b] = OKABE_ITO[hue];
  // Light backgrounds need darker marks to keep the same contrast.
  const k = theme === 'light' ? 0.8 : 1;
  return [Math.round(r * k), Math.round(g * k), Math.round(b * k), alpha];
}

export function withOpacity(c: RGBA, opacity: number): RGBA {
  return [c[0], c[1], c[2], Math.round(c[3] * opacity)];
}

/**
 * Sequential scale for 1..5 (e.g. difficulty): pale to strong reddish purple, as the KPI
 * charts grade it (warm hues mean event severity wherever events are drawn).
 */
export function sequential(step: number, steps: number, theme: Theme, alpha = 200): RGBA {
  const t = Math.max(0, Math.min(1, (step - 1) / Math.max(1, steps - 1)));
  const from = theme === 'dark' ? [232, 198, 218] : [217, 163, 194];
  const to = [127, 63, 102];
  return [0, 1, 2].map((i) => Math.round(from[i]! + (to[i]! - from[i]!) * t)).concat(alpha) as RGBA;
}

export const HALO: Record<Theme, RGBA> = { dark: [5, 12, 24, 230], light: [255, 255, 255, 230] };
export const INK: Record<Theme, RGBA> = { dark: [226, 240, 255, 255], light: [15, 23, 42, 255] };
export const LABEL_FONT =
  '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

/** Point features' [lng, lat]; polygons use their first vertex only where a position is unavoidable. */
export function pointOf(geometry: { type: string; coordinates: unknown }): [number, number] {
  let c = geometry.coordinates as unknown;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return c as [number, number];
}
