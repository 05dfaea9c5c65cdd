/**
 * When an event KPI with a target crossed it: the 12345 closure rate (settled share of the
 * orders that fell due in the 24 hours before a moment, target 100 %), checked on every hour
 * of a range. The server reads the orders from its rows, the mock from its store, and both
 * hand them here, so they find the same crossings. An hour with no order due has no rate and
 * changes nothing; the first hour of the range only sets where the rate stood.
 */
import { KPI_STEP_MS, type Milestone } from '@ioc/contract/contract';
import { formatIso, HOUR } from '../time';
import { pct } from './indicator';

/** The indicator whose crossings are milestones, as GET /kpis names and labels it. */
export const CLOSURE_RATE = {
  id: 'hotline.closureRate',
  label: '12345热线办结率（近24小时到期工单）',
  target: 100,
} as const;

/** A hotline order as the closure rate reads it: when known, when due, when it was settled or reopened. */
export interface DueOrder {
  reportedAt: number;
  dueAt: number;
  /**
   * History entries' times and whether each left the order settled, oldest first: every
   * entry, or only those into or out of settled (the others change nothing here).
   */
  changes: readonly { at: number; settled: boolean }[];
}

function settledAt(o: DueOrder, t: number): boolean {
  let settled = false;
  for (const c of o.changes) {
    if (c.at > t) break;
    settled = c.settled;
  }
  return settled;
}

/** The hours checked for a range: the one at or before `from` (where the rate stood), then each up to `to`. */
export function kpiSteps(from: number, to: number): number[] {
  const out: number[] = [];
  for (let s = Math.floor(from / KPI_STEP_MS) * KPI_STEP_MS; s <= to; s += KPI_STEP_MS) out.push(s);
  return out;
}

/** The earliest due time an order may have to count at some step of the range. */
export const firstDueCounted = (from: number) => (kpiSteps(from, from)[0] as number) - 24 * HOUR;

export function closureCrossings(
  orders: readonly DueOrder[],
  from: number,
  to: number,
  regionId: string,
): Milestone[] {
  const sorted = [...orders].sort((a, b) => a.dueAt - b.dueAt);
  const out: Milestone[] = [];
  let met: boolean | null = null;
  let lo = 0;
  let hi = 0;
  for (const s of kpiSteps(from, to)) {
    // The orders due in (s - 24 h, s]: a window that only moves forward.
    while (lo < sorted.length && (sorted[lo] as DueOrder).dueAt <= s - 24 * HOUR) lo++;
    while (hi < sorted.length && (sorted[hi] as DueOrder).dueAt <= s) hi++;
    let due = 0;
    let done = 0;
    for (let i = lo; i < hi; i++) {
      const o = sorted[i] as DueOrder;
      if (o.reportedAt > s) continue;
      due++;
      if (settledAt(o, s)) done++;
    }
    if (due === 0) continue;
    const value = pct(done, due);
    const now = value >= CLOSURE_RATE.target;
    if (met !== null && now !== met && s >= from) {
      out.push({
        at: formatIso(s),
        kind: now ? 'kpi_met' : 'kpi_missed',
        title: CLOSURE_RATE.label,
        regionId,
        indicator: CLOSURE_RATE.id,
        value,
        target: CLOSURE_RATE.target,
      });
    }
    met = now;
  }
  return out;
}
