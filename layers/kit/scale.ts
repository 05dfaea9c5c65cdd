/**
 * Colour rules that draw features and list themselves in the legend. A layer file colours
 * its features by calling a scale in its accessors and builds its legend from the same
 * scale, so what the legend says and what the map shows cannot drift apart.
 */
import type { LegendItem, RGBA, Text, Theme } from './define';
import { color, type Hue } from './style';

export type Shape = LegendItem['shape'];

export interface Scale<T> {
  /** The colour of one item; `alpha` overrides the scale's own (e.g. for an outline). */
  (item: T, theme: Theme, alpha?: number): RGBA;
  /** Every class of the scale as a legend swatch, in the scale's order, at the scale's alpha. */
  legend(theme: Theme): LegendItem[];
}

/** A class of a scale: a hue (Okabe–Ito) or a colour function, and how the legend shows it. */
export interface Swatch {
  label: Text;
  hue?: Hue;
  color?: (theme: Theme, alpha: number) => RGBA;
  shape?: Shape;
}

function paint(s: Swatch, theme: Theme, alpha: number): RGBA {
  if (s.color) return s.color(theme, alpha);
  return color(s.hue ?? 'grey', theme, alpha);
}

function legendOf(list: Swatch[], shape: Shape, alpha: number) {
  return (theme: Theme): LegendItem[] =>
    list.map((s) => ({ label: s.label, color: paint(s, theme, alpha), shape: s.shape ?? shape }));
}

/** Legend items drawn only in a zoom range (e.g. sites when zoomed in, density when out). */
export function atZoom(items: LegendItem[], range: { minZoom?: number; maxZoom?: number }): LegendItem[] {
  return items.map((i) => ({ ...i, ...range }));
}

/** One colour per value of a key (a map of value → swatch, in legend order). */
export function byValue<T, K extends string | number>(
  value: (item: T) => K,
  swatches: Record<K, Swatch>,
  shape: Shape,
  alpha = 255,
): Scale<T> {
  const fallback: Swatch = { label: { 'zh-CN': '', en: '' }, hue: 'grey' };
  const scale = (item: T, theme: Theme, a = alpha) => paint(swatches[value(item)] ?? fallback, theme, a);
  scale.legend = legendOf(Object.values<Swatch>(swatches), shape, alpha);
  return scale;
}

/** The first class whose test holds; `otherwise` (not in the legend) when none does. */
export function byTest<T>(
  classes: (Swatch & { test: (item: T) => boolean })[],
  shape: Shape,
  otherwise: Swatch,
  alpha = 255,
): Scale<T> {
  const scale = (item: T, theme: Theme, a = alpha) =>
    paint(classes.find((c) => c.test(item)) ?? otherwise, theme, a);
  scale.legend = legendOf(classes, shape, alpha);
  return scale;
}

/** One colour for every item: one legend swatch. */
export function single(swatch: Swatch, shape: Shape, alpha = 255): Scale<unknown> {
  const scale = (_item: unknown, theme: Theme, a = alpha) => paint(swatch, theme, a);
  scale.legend = legendOf([swatch], shape, alpha);
  return scale;
}
