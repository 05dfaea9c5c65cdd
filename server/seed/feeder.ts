/**
 * The demo's living city: new events arrive (the mock's sources, rates and texts) and open
 * events move along the dispatch chain on the mock's seeded plans, every step written
 * through the same SQL as a person's action (actor `sim:…`). It follows the log like a
 * stream, so an operator's action replans that event from its new state. Only the demo
 * runs it; a production server (DATABASE_URL without DEMO) has none.
 */
import { SOURCES, type SourceDef } from '@ioc/domain/events/categories';
import { composeEvent } from '../../mock-server/events/compose';
import { MinHeap } from '../../mock-server/events/heap';
import { planFrom, type Step } from '../../mock-server/events/plan';
import { simulatedAction } from '../../mock-server/events/simulator';
import { exponential, type Rng, rngFor } from '@ioc/domain/prng';
import type { RegionIndex } from '@ioc/domain/regions';
import { DAY, formatIso, localHour } from '@ioc/domain/time';
import type { IocEvent } from '@ioc/contract/contract';
import type { Sql } from '../db/driver';
import { EVENT_COLUMNS, type EventRow, withHistory } from '../events/rows';
import type { EventStore } from '../events/store';
import type { LogTail, TailEntry } from '../events/tail';

interface Arrival {
  def: SourceDef;
  rng: Rng;
  peakRate: number;
  accept: number[];
  nextAt: number;
}

interface Agenda {
  at: number;
  id: string;
  version: number;
}

export interface FeederOptions {
  seed: number;
  eventRate: number;
  now(): number;
  tickMs?: number;
  onError?: (e: unknown) => void;
}

export class Feeder {
  private readonly arrivals: Arrival[];
  private readonly agenda = new MinHeap<Agenda>();
  private readonly plans = new Map<
    string,
    { version: number; steps: Step[]; next: number; historyLength: number }
  >();
  private readonly speed: number;
  private era = '';
  private counter = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private unsubscribe: (() => void) | undefined;
  private busy = false;

  constructor(
    private readonly db: Sql,
    private readonly store: EventStore,
    private readonly tail: LogTail,
    private readonly regions: RegionIndex,
    private readonly o: FeederOptions,
  ) {
    this.speed = Math.max(1, o.eventRate);
    const start = o.now();
    this.arrivals = SOURCES.map((def) => {
      const mean = def.diurnal.reduce((a, b) => a + b, 0) / def.diurnal.length;
      const peak = Math.max(...def.diurnal) / mean;
      const rate = (def.perDay * o.eventRate) / DAY;
      const rng = rngFor(o.seed, 'feeder', def.source, start);
      return {
        def,
        rng,
        peakRate: rate * peak,
        accept: def.diurnal.map((d) => d / mean / peak),
        nextAt: rate > 0 ? start + exponential(rng, rate * peak) : Number.POSITIVE_INFINITY,
      };
    });
  }

  async start(): Promise<void> {
    const now = this.o.now();
    this.era = Math.floor(now / 60_000).toString(36);
    // Ids go on after any event of this minute's era (a restart within the minute).
    const [top] = await this.db.query<{ id: string | null }>(
      'SELECT max(id) AS id FROM events WHERE id LIKE $1',
      [`EV-${this.era}-%`],
    );
    this.counter = top?.id ? Number(top.id.split('-')[2]) : 0;
    const open = await this.db.query<EventRow & Record<string, unknown>>(
      `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.status <> 'closed'`,
    );
    for (const ev of await withHistory(this.db, open)) this.replan(ev, now);
    this.unsubscribe = this.tail.subscribe((entries) => this.follow(entries));
    this.timer = setInterval(() => void this.tick(), this.o.tickMs ?? 1000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
  }

  /** Someone else changed an event: plan it again from where it is now. */
  private follow(entries: TailEntry[]): void {
    for (const e of entries) {
      const ev = e.event;
      if (this.plans.get(ev.id)?.historyLength === ev.history.length) continue;
      this.replan(ev, this.o.now());
    }
  }

  private replan(ev: IocEvent, from: number): void {
    const previous = this.plans.get(ev.id);
    const version = (previous?.version ?? 0) + 1;
    if (ev.status === 'closed') {
      this.plans.delete(ev.id);
      return;
    }
    const steps = planFrom(rngFor(this.o.seed, 'plan', ev.id, ev.history.length), ev, from, this.speed);
    if (steps.length === 0) {
      this.plans.delete(ev.id);
      return;
    }
    this.plans.set(ev.id, { version, steps, next: 0, historyLength: ev.history.length });
    this.agenda.push({ at: (steps[0] as Step).at, id: ev.id, version });
  }

  /** Brings the city up to now: arrivals and due steps in time order. */
  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const now = this.o.now();
      for (;;) {
        let first: Arrival | undefined;
        for (const a of this.arrivals) if (!first || a.nextAt < first.nextAt) first = a;
        const step = this.agenda.peek();
        const arrivalAt = first ? first.nextAt : Number.POSITIVE_INFINITY;
        const stepAt = step ? step.at : Number.POSITIVE_INFINITY;
        const t = Math.min(arrivalAt, stepAt);
        if (t > now) break;
        if (first && arrivalAt <= stepAt) {
          first.nextAt = t + exponential(first.rng, first.peakRate);
          if (first.rng() < (first.accept[localHour(t)] as number)) await this.arrive(first.def, t);
        } else {
          this.agenda.pop();
          if (step) await this.runStep(step);
        }
      }
      await this.tail.wake();
    } catch (e) {
      this.o.onError?.(e);
    } finally {
      this.busy = false;
    }
  }

  private async arrive(def: SourceDef, at: number): Promise<void> {
    const n = String(++this.counter).padStart(8, '0');
    const id = `EV-${this.era}-${n}`;
    const ev = composeEvent(
      rngFor(this.o.seed, 'event', id),
      this.regions,
      def,
      id,
      Date.parse(formatIso(at)),
    );
    await this.store.create(ev);
    this.replan(ev, at);
  }

  private async runStep(item: Agenda): Promise<void> {
    const plan = this.plans.get(item.id);
    if (!plan || plan.version !== item.version) return;
    const step = plan.steps[plan.next] as Step;
    const [ev] = await this.store.get([item.id]);
    const action = ev ? simulatedAction(this.regions, step, ev) : null;
    if (ev && action) {
      const result = await this.store.act(
        ev.id,
        {
          action: action.action,
          ...(action.toRegionId ? { toRegionId: action.toRegionId } : {}),
          clientActionId: `sim-${ev.id}-${ev.history.length}-${step.kind}`,
        },
        { scope: action.scope, by: action.by, key: `sim:${action.by}` },
        Date.parse(formatIso(step.at)),
      );
      // A refusal means the event changed under the plan: stop planning it.
      if (!result.ok) {
        this.plans.delete(item.id);
        return;
      }
      plan.historyLength = ev.history.length + 1;
    }
    plan.next++;
    const following = plan.steps[plan.next];
    if (!following) {
      this.plans.delete(item.id);
      return;
    }
    this.agenda.push({ at: following.at, id: item.id, version: plan.version });
  }
}
