/**
 * The living city: new events arrive as a Poisson process per source (docs/DATA.md rates ×
 * eventRate, shaped by hour of day) and open events move through the dispatch chain.
 * Everything runs on the injected clock: `tick(now)` advances the world to `now`, and
 * `start()` calls it from a real timer in the browser and in Node.
 */
import type { ActionRequest, IocEvent } from '@ioc/contract/contract';
import { exponential, rngFor, type Rng } from '@ioc/domain/prng';
import type { RegionIndex } from '@ioc/domain/regions';
import { type Clock, DAY, localHour } from '@ioc/domain/time';
import { type SourceDef, SOURCES } from '@ioc/domain/events/categories';
import { composeEvent } from './compose';
import { MinHeap } from './heap';
import { applyAction } from '@ioc/domain/events/lifecycle';
import { planFrom, type Step } from './plan';
import type { Scope } from '@ioc/domain/events/scope';
import type { EventStore } from './store';

export interface SimulatorOptions {
  seed: number;
  eventRate: number;
  clock: Clock;
  /** Move open events along the chain by themselves (default true). */
  lifecycle?: boolean;
  /** Cap on the events generated for the initial three days (stress rates shorten the window). */
  maxInitialEvents?: number;
}

const HISTORY_DAYS = 3;

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

export class Simulator {
  private readonly arrivals: Arrival[];
  private readonly agenda = new MinHeap<Agenda>();
  private readonly plans = new Map<string, { version: number; steps: Step[]; next: number }>();
  private counter = 0;
  private readonly era: string;
  private time: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  readonly startedAt: number;
  readonly speed: number;
  private readonly lifecycle: boolean;

  constructor(
    private readonly store: EventStore,
    private readonly regions: RegionIndex,
    private readonly options: SimulatorOptions,
  ) {
    this.startedAt = options.clock.now();
    this.era = Math.floor(this.startedAt / 60_000).toString(36);
    this.speed = Math.max(1, options.eventRate);
    this.lifecycle = options.lifecycle ?? true;
    const perDay = SOURCES.reduce((a, s) => a + s.perDay, 0) * options.eventRate;
    // Three days of history: the oldest orders of a normal day fall due today, so the hotline's
    // closure rate has its whole denominator from the first minute.
    const history = HISTORY_DAYS * DAY;
    const window =
      perDay > 0 ? Math.min(history, ((options.maxInitialEvents ?? 20_000) / perDay) * DAY) : history;
    this.time = this.startedAt - window;
    this.arrivals = SOURCES.map((def) => {
      const mean = def.diurnal.reduce((a, b) => a + b, 0) / def.diurnal.length;
      const peak = Math.max(...def.diurnal) / mean;
      const rate = (def.perDay * options.eventRate) / DAY;
      const rng = rngFor(options.seed, 'arrivals', def.source);
      return {
        def,
        rng,
        peakRate: rate * peak,
        accept: def.diurnal.map((d) => d / mean / peak),
        nextAt: rate > 0 ? this.time + exponential(rng, rate * peak) : Number.POSITIVE_INFINITY,
      };
    });
    // The initial world: the last days of events, worked through to the present, then
    // published with one sequence number each.
    store.beginLoad();
    this.tick(this.startedAt);
    store.endLoad();
  }

  /** Simulated time the world has been advanced to. */
  get now(): number {
    return this.time;
  }

  /**
   * A new event's id, and the key its seeded content is drawn with. Ids carry the era (the
   * minute the world started), so a restarted server never reuses one: a client that kept
   * events from the previous run cannot take a new event for an old one. The key has no
   * era, so the same seed draws the same events whenever the server starts.
   */
  nextId(): { id: string; key: string } {
    const n = String(++this.counter).padStart(8, '0');
    return { id: `EV-${this.era}-${n}`, key: `EV-${n}` };
  }

  /** Advance the world to `now` (default: the clock), in time order. */
  tick(now: number = this.options.clock.now()): void {
    for (;;) {
      let first: Arrival | undefined;
      for (const a of this.arrivals) if (!first || a.nextAt < first.nextAt) first = a;
      const step = this.agenda.peek();
      const arrivalAt = first ? first.nextAt : Number.POSITIVE_INFINITY;
      const stepAt = step ? step.at : Number.POSITIVE_INFINITY;
      const t = Math.min(arrivalAt, stepAt);
      if (t > now) break;
      if (first && arrivalAt <= stepAt) {
        const a = first;
        a.nextAt = t + exponential(a.rng, a.peakRate);
        if (a.rng() < (a.accept[localHour(t)] as number)) {
          const { id, key } = this.nextId();
          this.create(composeEvent(rngFor(this.options.seed, 'event', key), this.regions, a.def, id, t), t);
        }
      } else {
        this.agenda.pop();
        if (step) this.runStep(step);
      }
    }
    if (now > this.time) this.time = now;
    this.store.prune(this.time);
  }

  /** Store a new event and give it a plan. */
  create(ev: IocEvent, at: number): IocEvent {
    this.store.upsert(ev);
    this.replan(ev, at);
    return ev;
  }

  /**
   * (Re)plan an event from its current state, e.g. after an operator acted on it; the
   * old plan is forgotten (its agenda entries go stale by version).
   */
  replan(ev: IocEvent, from: number = this.time): void {
    const previous = this.plans.get(ev.id);
    const version = (previous?.version ?? 0) + 1;
    if (!this.lifecycle || ev.status === 'closed') {
      this.plans.delete(ev.id);
      return;
    }
    const steps = planFrom(rngFor(this.options.seed, 'plan', ev.id, ev.history.length), ev, from, this.speed);
    if (steps.length === 0) {
      this.plans.delete(ev.id);
      return;
    }
    this.plans.set(ev.id, { version, steps, next: 0 });
    this.agenda.push({ at: (steps[0] as Step).at, id: ev.id, version });
  }

  private runStep(item: Agenda): void {
    const plan = this.plans.get(item.id);
    if (!plan || plan.version !== item.version) return;
    const step = plan.steps[plan.next] as Step;
    const ev = this.store.get(item.id);
    const done = (): void => {
      this.plans.delete(item.id);
    };
    if (!ev) {
      done();
      return;
    }
    const action = simulatedAction(this.regions, step, ev);
    if (action) {
      const outcome = applyAction(this.regions, ev, { ...action, at: step.at });
      // A refusal means the event changed under the plan: stop planning it.
      if (!outcome.ok) {
        done();
        return;
      }
      this.store.upsert(outcome.event);
    }
    plan.next++;
    const following = plan.steps[plan.next];
    if (!following) {
      done();
      return;
    }
    this.agenda.push({ at: following.at, id: item.id, version: plan.version });
  }

  /** Events the simulator is still working on (for tests and /__mock/state). */
  get plannedCount(): number {
    return this.plans.size;
  }

  /** Tick from a real timer (browser and Node); tests call tick() themselves. */
  start(intervalMs = 250): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** Who would do this step, acting with what authority (the demo server's feeder too). */
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
