/**
 * Live events as GPU-ready buffers, changed one event at a time: at 1,000 events a second a
 * flush touches the few hundred that arrived, never every held one. Events are kept in
 * eight buckets (open or settled × severity), each drawn in one colour and size, so a
 * bucket needs positions only: a Float32Array appended to, its slot reused by swapping in
 * the last one when an event leaves (the compacting pass, O(1) per event). A bucket that
 * did not change hands deck.gl the same `data` object, which it then leaves alone.
 */
import type { IocEvent } from '@ioc/contract/contract';
import { isOpenStatus } from './define';

export type Severity = 1 | 2 | 3 | 4;
/** What deck.gl draws from: binary positions, and the events for picking (index → event). */
export interface BucketData {
  length: number;
  attributes: { getPosition: { value: Float32Array; size: 2 } };
  events: readonly IocEvent[];
}

class Bucket {
  positions = new Float32Array(64);
  readonly events: IocEvent[] = [];
  private data: BucketData | null = null;

  get length(): number {
    return this.events.length;
  }

  /** Appends; returns the slot. */
  push(ev: IocEvent, x: number, y: number): number {
    const slot = this.events.length;
    if (2 * slot + 2 > this.positions.length) {
      const grown = new Float32Array(this.positions.length * 2);
      grown.set(this.positions);
      this.positions = grown;
    }
    this.events.push(ev);
    this.set(slot, ev, x, y);
    return slot;
  }

  set(slot: number, ev: IocEvent, x: number, y: number): void {
    this.events[slot] = ev;
    this.positions[2 * slot] = x;
    this.positions[2 * slot + 1] = y;
    this.data = null;
  }

  /** Removes `slot` by moving the last event into it; returns the moved event, if any. */
  remove(slot: number): IocEvent | null {
    const last = this.events.length - 1;
    const moved = slot < last ? (this.events[last] as IocEvent) : null;
    if (moved) {
      this.events[slot] = moved;
      this.positions[2 * slot] = this.positions[2 * last] as number;
      this.positions[2 * slot + 1] = this.positions[2 * last + 1] as number;
    }
    this.events.pop();
    this.data = null;
    return moved;
  }

  position(slot: number): [number, number] {
    return [this.positions[2 * slot] as number, this.positions[2 * slot + 1] as number];
  }

  /** The same object until the bucket changes: deck.gl then re-uploads nothing. */
  view(): BucketData {
    this.data ??= {
      length: this.events.length,
      attributes: { getPosition: { value: this.positions.subarray(0, 2 * this.events.length), size: 2 } },
      events: this.events,
    };
    return this.data;
  }
}

/** Bucket index: settled 0–3, open 4–7, by severity; drawn in that order (most severe open on top). */
export const bucketOf = (ev: IocEvent): number => (isOpenStatus(ev.status) ? 4 : 0) + ev.severity - 1;
export const BUCKETS = 8;

const SLOT_BITS = 2 ** 28;

export class EventPoints {
  buckets: Bucket[] = Array.from({ length: BUCKETS }, () => new Bucket());
  /** Id → bucket × 2^28 + slot: a number, so a held event costs no object of its own. */
  private readonly where = new Map<string, number>();
  /** Open serious events by id, with their report time (ms): the only ones that may pulse. */
  readonly serious = new Map<string, number>();
  /** Report time (ms) of the newest serious event seen: nothing pulses a minute after it. */
  newestSerious = Number.NEGATIVE_INFINITY;
  /** Bumped on every change: layers key what they derive on it. */
  revision = 0;

  get size(): number {
    return this.where.size;
  }

  upsert(ev: IocEvent, x: number, y: number): void {
    const at = this.where.get(ev.id);
    const bucket = bucketOf(ev);
    if (at !== undefined && Math.floor(at / SLOT_BITS) === bucket) {
      (this.buckets[bucket] as Bucket).set(at % SLOT_BITS, ev, x, y);
    } else {
      if (at !== undefined) this.removeAt(at);
      const slot = (this.buckets[bucket] as Bucket).push(ev, x, y);
      this.where.set(ev.id, bucket * SLOT_BITS + slot);
    }
    if (ev.severity >= 3 && isOpenStatus(ev.status)) {
      const reported = Date.parse(ev.reportedAt);
      this.serious.set(ev.id, reported);
      if (reported > this.newestSerious) this.newestSerious = reported;
    } else this.serious.delete(ev.id);
    this.revision++;
  }

  remove(id: string): void {
    const at = this.where.get(id);
    if (at === undefined) return;
    this.removeAt(at);
    this.where.delete(id);
    this.serious.delete(id);
    this.revision++;
  }

  clear(): void {
    this.buckets = Array.from({ length: BUCKETS }, () => new Bucket());
    this.where.clear();
    this.serious.clear();
    this.newestSerious = Number.NEGATIVE_INFINITY;
    this.revision++;
  }

  private removeAt(at: number): void {
    const bucket = Math.floor(at / SLOT_BITS);
    const moved = (this.buckets[bucket] as Bucket).remove(at % SLOT_BITS);
    if (moved) this.where.set(moved.id, at);
  }

  /** The event held under `id` and where it is drawn. */
  get(id: string): { event: IocEvent; position: [number, number] } | null {
    const at = this.where.get(id);
    if (at === undefined) return null;
    const b = this.buckets[Math.floor(at / SLOT_BITS)] as Bucket;
    const slot = at % SLOT_BITS;
    return { event: b.events[slot] as IocEvent, position: b.position(slot) };
  }

  /** Every event held (any order). */
  *events(): IterableIterator<IocEvent> {
    for (const b of this.buckets) yield* b.events;
  }
}

const fromArrays = new WeakMap<readonly IocEvent[], EventPoints>();
/** Points for a plain list of events already in the basemap's CRS (tests, a host without the live view). */
export function pointsOf(events: readonly IocEvent[]): EventPoints {
  let p = fromArrays.get(events);
  if (!p) {
    p = new EventPoints();
    for (const e of events) p.upsert(e, e.location[0], e.location[1]);
    fromArrays.set(events, p);
  }
  return p;
}
