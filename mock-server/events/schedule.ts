/**
 * The demo city's clockwork, with no storage and no clock of its own: new events arrive as a
 * Poisson process per source (docs/DATA.md rates × eventRate, shaped by hour of day) and each
 * open event follows its seeded plan along the dispatch chain. Two drivers run it: the mock's
 * synchronous simulator (in the browser, the Node mock and the seeding) and the demo server's
 * asynchronous feeder, which writes every step through the database. Each asks `due(now)` for
 * the next thing to happen, does it, and reports back.
 */
import type { ActionRequest, IocEvent } from '@ioc/contract/contract';
import { type SourceDef, SOURCES } from '@ioc/domain/events/categories';
import type { Scope } from '@ioc/domain/events/scope';
import { exponential, type Rng, rngFor } from '@ioc/domain/prng';
import type { RegionIndex } from '@ioc/domain/regions';
import { DAY, localHour } from '@ioc/domain/time';
import { MinHeap } from './heap';
import { planFrom, type Step } from './plan';

interface Arrival {
  def: SourceDef;
  rng: Rng;
  /** Events per ms at the busiest hour (thinning bound) and each hour's acceptance. */
  peakRate: number;
  accept: number[];
  nextAt: number;
}

interface Agenda {
  at: number;
  id: string;
  version: number;
}

interface Plan {
  version: number;
  steps: Step[];
  next: number;
  /** The history length the plan was made or last advanced at: a longer one means someone else acted. */
  historyLength: number;
}

/** The next thing to happen: a new event of a source, or the next step of an event's plan. */
export type Due =
  | { kind: 'arrival'; at: number; def: SourceDef }
  | { kind: 'step'; at: number; id: string; step: Step };

export interface ScheduleOptions {
  seed: number;
  eventRate: number;
  /** Where arrivals start counting. */
  from: number;
  /** Names the arrivals' random streams (the same name draws the same city). */
  stream: readonly (string | number)[];
}

export class CitySchedule {
  private readonly arrivals: Arrival[];
  private readonly agenda = new MinHeap<Agenda>();
  private readonly plans = new Map<string, Plan>();
  /** Delays are divided by this (stress rates: many more events, as many open at once). */
  readonly speed: number;

  constructor(private readonly o: ScheduleOptions) {
    this.speed = Math.max(1, o.eventRate);
    this.arrivals = SOURCES.map((def) => {
      const mean = def.diurnal.reduce((a, b) => a + b, 0) / def.diurnal.length;
      const peak = Math.max(...def.diurnal) / mean;
      const rate = (def.perDay * o.eventRate) / DAY;
      const rng = rngFor(o.seed, ...o.stream, def.source);
      return {
        def,
        rng,
        peakRate: rate * peak,
        accept: def.diurnal.map((d) => d / mean / peak),
        nextAt: rate > 0 ? o.from + exponential(rng, rate * peak) : Number.POSITIVE_INFINITY,
      };
    });
  }

  /**
   * The next arrival or step due at or before `now`, in time order, or null. An arrival
   * rejected by its hour's shape is skipped here; a step of a forgotten or replanned plan too.
   */
  due(now: number): Due | null {
    for (;;) {
      let first: Arrival | undefined;
      for (const a of this.arrivals) if (!first || a.nextAt < first.nextAt) first = a;
      const item = this.agenda.peek();
      const arrivalAt = first ? first.nextAt : Number.POSITIVE_INFINITY;
      const stepAt = item ? item.at : Number.POSITIVE_INFINITY;
      const t = Math.min(arrivalAt, stepAt);
      if (t > now) return null;
      if (first && arrivalAt <= stepAt) {
        first.nextAt = t + exponential(first.rng, first.peakRate);
        if (first.rng() < (first.accept[localHour(t)] as number))
          return { kind: 'arrival', at: t, def: first.def };
        continue;
      }
      this.agenda.pop();
      const plan = item ? this.plans.get(item.id) : undefined;
      if (!item || !plan || plan.version !== item.version) continue;
      return { kind: 'step', at: item.at, id: item.id, step: plan.steps[plan.next] as Step };
    }
  }

  /** (Re)plans an event from its current state at `from`; the old plan goes stale by version. */
  replan(ev: IocEvent, from: number, lifecycle = true): void {
    const version = (this.plans.get(ev.id)?.version ?? 0) + 1;
    const steps =
      lifecycle && ev.status !== 'closed'
        ? planFrom(rngFor(this.o.seed, 'plan', ev.id, ev.history.length), ev, from, this.speed)
        : [];
    if (steps.length === 0) {
      this.plans.delete(ev.id);
      return;
    }
    this.plans.set(ev.id, { version, steps, next: 0, historyLength: ev.history.length });
    this.agenda.push({ at: (steps[0] as Step).at, id: ev.id, version });
  }

  /** Whether `ev` has changed since its plan was made or last advanced (someone else acted on it). */
  changedSincePlanned(ev: IocEvent): boolean {
    return this.plans.get(ev.id)?.historyLength !== ev.history.length;
  }

  /** The step of `id` was done (the event now has `historyLength` entries): on to the next one. */
  advance(id: string, historyLength: number): void {
    const plan = this.plans.get(id);
    if (!plan) return;
    plan.next++;
    plan.historyLength = historyLength;
    const following = plan.steps[plan.next];
    if (!following) {
      this.plans.delete(id);
      return;
    }
    this.agenda.push({ at: following.at, id, version: plan.version });
  }

  /** The event changed under its plan (a refusal) or is gone: stop planning it. */
  forget(id: string): void {
    this.plans.delete(id);
  }

  /** Events still being worked on. */
  get plannedCount(): number {
    return this.plans.size;
  }
}

/** Who would do this step, acting with what authority (the mock's simulator and the demo server's feeder). */
export function simulatedAction(
  regions: RegionIndex,
  step: Step,
  ev: IocEvent,
): { action: ActionRequest['action']; toRegionId?: string; scope: Scope; by: string } | null {
  const district: Scope = { kind: 'district' };
  const assignee = ev.assignee ? `sim:${ev.assignee.level}:${ev.assignee.regionId}` : 'sim:district';
  switch (step.kind) {
    case 'dispatch-street':
      return { action: 'dispatch', toRegionId: ev.regionId, scope: district, by: 'sim:district' };
    case 'dispatch-community':
      if (!ev.communityId || regions.get(ev.communityId)?.parentId !== ev.regionId) return null;
      if (ev.assignee?.level !== 'street') return null;
      return {
        action: 'dispatch',
        toRegionId: ev.communityId,
        scope: { kind: 'street', streetId: ev.regionId },
        by: `sim:street:${ev.regionId}`,
      };
    case 'claim':
      return { action: 'claim', scope: district, by: assignee };
    case 'escalate':
      return { action: 'escalate', scope: district, by: assignee };
    case 'resolve':
      return { action: 'resolve', scope: district, by: assignee };
    case 'reopen':
      return { action: 'reopen', scope: district, by: 'sim:district' };
    case 'close':
      return { action: 'close', scope: district, by: 'sim:district' };
  }
}
