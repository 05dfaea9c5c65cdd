/** Building indicators: rounding, per-child breakdowns, optional fields left out when absent. */
import type { Indicator } from '@ioc/contract/contract';
import type { Region } from '../regions';

export const round2 = (x: number): number => Math.round(x * 100) / 100;
export const pct = (part: number, whole: number): number => (whole > 0 ? round2((part / whole) * 100) : 0);
export const per10k = (count: number, population: number): number =>
  population > 0 ? round2((count / population) * 10_000) : 0;

export interface IndicatorExtras {
  target?: number;
  trend?: Indicator['trend'];
  breakdown?: Indicator['breakdown'];
}

export function indicator(
  id: string,
  label: string,
  value: number,
  unit: string,
  extras: IndicatorExtras = {},
): Indicator {
  const out: Indicator = { id, label, value, unit };
  if (extras.target !== undefined) out.target = extras.target;
  if (extras.trend !== undefined) out.trend = extras.trend;
  if (extras.breakdown !== undefined) out.breakdown = extras.breakdown;
  return out;
}

/** The regions a breakdown is by: streets of the district, communities of a street, none below. */
export function childrenOf(region: Region): Region[] {
  return region.level === 'community' ? [] : region.children;
}

/** `{ breakdown }` of fn over the children, or nothing for a community. */
export function breakdownOf(region: Region, fn: (child: Region) => number): IndicatorExtras {
  const children = childrenOf(region);
  return children.length > 0 ? { breakdown: children.map((c) => ({ regionId: c.id, value: fn(c) })) } : {};
}
