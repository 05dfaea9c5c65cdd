/**
 * The demo's living city on the server: the mock's city schedule (new events from the mock's
 * sources, rates and texts; open events along the dispatch chain on its seeded plans) driven
 * asynchronously, every step written through the same SQL as a person's action (actor
 * `sim:…`). It follows the log like a stream, so an operator's action replans that event
 * from its new state. Only the demo loads it; a production server (DATABASE_URL without
 * DEMO) has none.
 */
import type { IocEvent } from '@ioc/contract/contract';
import type { RegionIndex } from '@ioc/domain/regions';
import { formatIso } from '@ioc/domain/time';
import { rngFor } from '@ioc/domain/prng';
import type { SourceDef } from '@ioc/domain/events/categories';
import { composeEvent } from '../../mock-server/events/compose';
import { CitySchedule, simulatedAction } from '../../mock-server/events/schedule';
import type { Step } from '../../mock-server/events/plan';
import type { Sql } from '../db/driver';
import { EVENT_COLUMNS, type EventRow, withHistory } from '../events/rows';
import type { EventStore } from '../events/store';
import type { LogTail, TailEntry } from '../events/tail';

export interface FeederOptions {
  seed: number;
  eventRate: number;
  now(): number;
  tickMs?: number;
  onError?: (e: unknown) => void;
}

export class Feeder {
  private readonly schedule: CitySchedule;
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
    const start = o.now();
    this.schedule = new CitySchedule({
      seed: o.seed,
      eventRate: o.eventRate,
      from: start,
      stream: ['feeder', start],
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
    for (const ev of await withHistory(this.db, open)) this.schedule.replan(ev, now);
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
      if (this.schedule.changedSincePlanned(e.event)) this.schedule.replan(e.event, this.o.now());
    }
  }

  /** Brings the city up to now: arrivals and due steps in time order. */
  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const now = this.o.now();
      for (let due = this.schedule.due(now); due; due = this.schedule.due(now)) {
        if (due.kind === 'arrival') await this.arrive(due.def, due.at);
        else await this.runStep(due.id, due.step);
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
    const ev: IocEvent = composeEvent(
      rngFor(this.o.seed, 'event', id),
      this.regions,
      def,
      id,
      Date.parse(formatIso(at)),
    );
    await this.store.create(ev);
    this.schedule.replan(ev, at);
  }

  private async runStep(id: string, step: Step): Promise<void> {
    const [ev] = await this.store.get([id]);
    if (!ev) {
      this.schedule.forget(id);
      return;
    }
    const action = simulatedAction(this.regions, step, ev);
    if (!action) {
      this.schedule.advance(id, ev.history.length);
      return;
    }
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
    if (!result.ok) this.schedule.forget(id);
    else this.schedule.advance(id, ev.history.length + 1);
  }
}
