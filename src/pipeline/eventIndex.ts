/**
 * A sorted index of held events kept across flushes: newest update first, ties by id
 * descending (as GET /events orders them). A flush merges in only what it changed (sort
 * the few that arrived, one linear merge), so a busy stream costs O(n + k log k) per flush
 * with no per-event objects, instead of a sort of every held event. Readers sync to the
 * store's current version; one that fell behind the change log, or whose rule changed,
 * rebuilds.
 */
import type { IocEvent } from '@ioc/contract/contract';
import type { EventChanges, LiveEvents } from './events';

// Parsed once per event object: comparisons run on every merge.
const parsedUpdatedAt = new WeakMap<IocEvent, number>();
export function updatedMs(ev: IocEvent): number {
  let t = parsedUpdatedAt.get(ev);
  if (t === undefined) {
    t = Date.parse(ev.updatedAt);
    parsedUpdatedAt.set(ev, t);
  }
  return t;
}

/** Feed order: < 0 when `a` comes first (newer update, then larger id). */
export function feedOrder(a: IocEvent, b: IocEvent): number {
  return updatedMs(b) - updatedMs(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Where `ev` stands (or would stand) in `sorted`: the first index not before it. */
export function positionOf(sorted: readonly IocEvent[], ev: IocEvent): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (feedOrder(sorted[mid] as IocEvent, ev) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What a view shows of a held event: the event as shown (e.g. with the operator's waiting
 * action applied), or null to leave it out.
 */
export type ViewRule = (ev: IocEvent) => IocEvent | null;

export class SortedEvents {
  /** The events shown, in feed order; a new array whenever it changes, never mutated. */
  items: IocEvent[] = [];
  private rule: ViewRule | null = null;
  private version = -1;
  /** Id → the copy in `items`. */
  private readonly members = new Map<string, IocEvent>();

  constructor(private readonly events: LiveEvents) {}

  /** Brings the view to the store's current state under `rule`; returns `items`. */
  sync(rule: ViewRule): IocEvent[] {
    const { version, byId } = this.events.store.getState();
    if (rule !== this.rule) return this.rebuild(rule, byId.values(), version);
    if (version === this.version) return this.items;
    const log = this.events.changesSince(this.version);
    if (log === null) return this.rebuild(rule, byId.values(), version);
    this.apply(log, byId);
    this.version = version;
    return this.items;
  }

  private rebuild(rule: ViewRule, events: Iterable<IocEvent>, version: number): IocEvent[] {
    this.rule = rule;
    this.version = version;
    this.members.clear();
    const out: IocEvent[] = [];
    for (const base of events) {
      const ev = rule(base);
      if (ev === null) continue;
      out.push(ev);
      this.members.set(ev.id, ev);
    }
    this.items = out.sort(feedOrder);
    return this.items;
  }

  /**
   * Merges a stretch of the log in: every id it names leaves (found by bisection) and, if
   * the rule shows its current copy, comes back in at its place. The copy loop compares
   * indices only, so a flush of k events over n rows costs n moves plus k log n comparisons.
   */
  private apply(log: readonly EventChanges[], byId: ReadonlyMap<string, IocEvent>): void {
    const rule = this.rule as ViewRule;
    const ids = new Set<string>();
    for (const c of log) for (const id of c.changed) ids.add(id);
    for (const c of log) for (const id of c.removed) ids.add(id);
    const old = this.items;
    const removeAt: number[] = [];
    const coming: IocEvent[] = [];
    for (const id of ids) {
      const prev = this.members.get(id);
      if (prev) {
        removeAt.push(positionOf(old, prev));
        this.members.delete(id);
      }
      const base = byId.get(id);
      const ev = base ? rule(base) : null;
      if (ev) {
        coming.push(ev);
        this.members.set(id, ev);
      }
    }
    if (removeAt.length === 0 && coming.length === 0) return;
    removeAt.sort((a, b) => a - b);
    coming.sort(feedOrder);
    const insertAt = coming.map((ev) => positionOf(old, ev));
    const out: IocEvent[] = [];
    let r = 0;
    let c = 0;
    for (let i = 0; i <= old.length; i++) {
      while (c < coming.length && insertAt[c] === i) out.push(coming[c++] as IocEvent);
      if (i === old.length) break;
      if (removeAt[r] === i) {
        r++;
        continue;
      }
      out.push(old[i] as IocEvent);
    }
    this.items = out;
  }
}
