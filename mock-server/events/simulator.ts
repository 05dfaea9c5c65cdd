/**
 * The living city in the mock: the city's schedule (./schedule.ts) driven synchronously on
 * the injected clock. `tick(now)` advances the world to `now`, and `start()` calls it from a
 * real timer in the browser and in Node.
 */
import type { IocEvent } from '@ioc/contract/contract';
import { applyAction } from '@ioc/domain/events/lifecycle';
import { rngFor } from '@ioc/domain/prng';
import type { RegionIndex } from '@ioc/domain/regions';
import { type Clock, DAY } from '@ioc/domain/time';
import { SOURCES } from '@ioc/domain/events/categories';
import { composeEvent } from './compose';
import { CitySchedule, simulatedAction } from './schedule';
import type { EventStore } from './store';

export { simulatedAction };

export interface SimulatorOptions {
  seed: number;
  eventRate: number;
  clock: Clock;
  /** Move open events along the chain by themselves (default true). */
  lifecycle?: boolean;
  /** Cap on the events generated for the initial days (stress rates shorten the window). */
  maxInitialEvents?: number;
  /** Days of history the initial world is worked through (default 3). */
  historyDays?: number;
}

const HISTORY_DAYS = 3;

export class Simulator {
  private readonly schedule: CitySchedule;
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
    this.lifecycle = options.lifecycle ?? true;
    const perDay = SOURCES.reduce((a, s) => a + s.perDay, 0) * options.eventRate;
    // Three days of history: the oldest orders of a normal day fall due today, so the hotline's
    // closure rate has its whole denominator from the first minute.
    const history = (options.historyDays ?? HISTORY_DAYS) * DAY;
    const window =
      perDay > 0 ? Math.min(history, ((options.maxInitialEvents ?? 20_000) / perDay) * DAY) : history;
    this.time = this.startedAt - window;
    this.schedule = new CitySchedule({
      seed: options.seed,
      eventRate: options.eventRate,
      from: this.time,
      stream: ['arrivals'],
    });
    this.speed = this.schedule.speed;
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
    for (let due = this.schedule.due(now); due; due = this.schedule.due(now)) {
      if (due.kind === 'arrival') {
        const { id, key } = this.nextId();
        this.create(
          composeEvent(rngFor(this.options.seed, 'event', key), this.regions, due.def, id, due.at),
          due.at,
        );
        continue;
      }
      const ev = this.store.get(due.id);
      const action = ev ? simulatedAction(this.regions, due.step, ev) : null;
      if (!ev) {
        this.schedule.forget(due.id);
        continue;
      }
      let length = ev.history.length;
      if (action) {
        const outcome = applyAction(this.regions, ev, { ...action, at: due.at });
        // A refusal means the event changed under the plan: stop planning it.
        if (!outcome.ok) {
          this.schedule.forget(due.id);
          continue;
        }
        this.store.upsert(outcome.event);
        length = outcome.event.history.length;
      }
      this.schedule.advance(due.id, length);
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
   * old plan is forgotten.
   */
  replan(ev: IocEvent, from: number = this.time): void {
    this.schedule.replan(ev, from, this.lifecycle);
  }

  /** Events the simulator is still working on (for tests and /__mock/state). */
  get plannedCount(): number {
    return this.schedule.plannedCount;
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
