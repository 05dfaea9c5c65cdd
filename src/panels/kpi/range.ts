/**
 * The values an indicator can plausibly take, from its unit and id: a figure outside them
 * is flagged as invalid in its panel, never drawn (a 1e308 would be 309 digits wide; a
 * count of -1 is not a count). Generous on purpose: it catches what cannot be, not what is
 * merely unusual.
 */
import type { Indicator } from '@ioc/contract/contract';

export interface PlausibleRange {
  min: number;
  max: number;
  /** Counts are whole numbers. */
  integer: boolean;
}

/** Units that count things: 个, 所, 家, 张, 人, 件, 户, and rates of them per day. */
const COUNT_UNITS = /^(个|所|家|张|人|件|户|座|台|处|起|次|人次)(\/日)?$/u;
/** No figure of a district (4 million people, 388 km²) comes near this. */
const ANY_MAX = 1e12;

export function plausibleRange(id: string, unit: string): PlausibleRange {
  if (unit === '%')
    // Completion against a target passes 100 (103.63, 113.21; a community's 5 of 2 is 250).
    return /completion/iu.test(id)
      ? { min: 0, max: 1000, integer: false }
      : { min: 0, max: 100, integer: false };
  if (/\/万人$/u.test(unit)) return { min: 0, max: 10_000, integer: false };
  if (COUNT_UNITS.test(unit)) return { min: 0, max: 1e9, integer: !unit.includes('/') };
  if (unit === 'm²') return { min: 0, max: 1e10, integer: false };
  return { min: -ANY_MAX, max: ANY_MAX, integer: false };
}

const inRange = (v: number, r: PlausibleRange) =>
  Number.isFinite(v) && v >= r.min && v <= r.max && (!r.integer || Math.abs(v - Math.round(v)) < 1e-6);

/**
 * The first figure of an indicator (its value, target, breakdown or trend) outside its
 * plausible range, or null when all are plausible.
 */
export function implausible(ind: Indicator): { where: string; value: number } | null {
  const r = plausibleRange(ind.id, ind.unit);
  if (!inRange(ind.value, r)) return { where: 'value', value: ind.value };
  if (ind.target !== undefined && !inRange(ind.target, r)) return { where: 'target', value: ind.target };
  for (const [i, b] of (ind.breakdown ?? []).entries())
    if (!inRange(b.value, r)) return { where: `breakdown.${i}`, value: b.value };
  for (const [i, p] of (ind.trend ?? []).entries())
    if (!inRange(p.v, r)) return { where: `trend.${i}`, value: p.v };
  return null;
}
