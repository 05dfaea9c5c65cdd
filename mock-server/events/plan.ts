/**
 * How the simulated city works an event through the dispatch chain: a timeline of steps
 * drawn from the event's own seeded stream, so runs are reproducible however the clock is
 * ticked. Times scale with the deadline: urgent events move fast, routine ones slowly.
 */
import type { IocEvent } from '@ioc/contract/contract';
import { chance, type Rng } from '@ioc/domain/prng';
import { HOUR, MINUTE, parseIso } from '@ioc/domain/time';
import { SOURCES } from '@ioc/domain/events/categories';

export type StepKind =
  | 'dispatch-street'
  | 'dispatch-community'
  | 'claim'
  | 'escalate'
  | 'resolve'
  | 'reopen'
  | 'close';
export interface Step {
  at: number;
  kind: StepKind;
}

/**
 * Steps from the event's current status to closed, starting at `from`. `speed` > 1
 * compresses every delay (stress runs: many more events, same number open at once).
 */
export function planFrom(rng: Rng, ev: IocEvent, from: number, speed: number): Step[] {
  const due = Math.max(30 * MINUTE, parseIso(ev.dueAt) - parseIso(ev.reportedAt));
  const steps: Step[] = [];
  let t = from;
  const add = (kind: StepKind, delay: number) => {
    t += Math.max(1000, delay / speed);
    steps.push({ at: t, kind });
  };
  let status = ev.status;
  if (status === 'reported') {
    let wait = ev.severity === 4 ? (1 + 4 * rng()) * MINUTE : due * (0.02 + 0.06 * rng());
    // Some events sit in the district queue for hours (and wait for a human operator).
    if (ev.severity < 3 && chance(rng, 0.2)) wait += (1 + 5 * rng()) * HOUR;
    add('dispatch-street', wait);
    if (ev.communityId && chance(rng, 0.55)) add('dispatch-community', due * (0.01 + 0.04 * rng()));
    status = 'dispatched';
  }
  if (status === 'dispatched') {
    add('claim', due * (0.02 + 0.08 * rng()));
    status = 'handling';
  }
  if (status === 'handling') {
    const assignee = ev.assignee?.level;
    if (assignee !== 'district' && chance(rng, 0.03)) add('escalate', due * 0.05 * rng());
    // Mostly well within the deadline; a few run over it (hotline orders rarely: their SLA).
    const late = SOURCES.find((s) => s.source === ev.source)?.lateShare ?? 0.08;
    const f = chance(rng, late) ? 1.05 + 0.75 * rng() : 0.04 + 0.7 * rng() ** 2.5;
    add('resolve', due * f);
    status = 'resolved';
  }
  if (status === 'resolved') {
    if (chance(rng, 0.05)) {
      add('reopen', (0.5 + 2.5 * rng()) * HOUR);
      add('resolve', due * (0.05 + 0.15 * rng()));
    }
    add('close', (0.3 + 2.7 * rng()) * HOUR);
  }
  return steps;
}
