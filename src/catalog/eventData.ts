/**
 * The events loader: what the stream holds, as the feed shows it (queued actions applied,
 * src/state/actionQueue.ts), in the scope by the one rule the feed uses (src/api/rules.ts),
 * moved onto the basemap's CRS. Recomputed once per store version, never per event.
 */
import { useDeferredValue, useMemo } from 'react';
import type { IocEvent } from '../api/contract';
import { useRegions, useToBasemap } from '../api/queries';
import { eventInRegion, type RegionTree, regionTreeOf } from '../api/rules';
import { projectEvent, type QueuedAction, useActionQueue } from '../state/actionStore';
import { useEventsStore } from '../state/events';
import { useScopeStore } from '../state/scope';

/** The held events with the operator's waiting actions applied, in the scope (API CRS). */
export function scopedEvents(
  events: Iterable<IocEvent>,
  queued: readonly QueuedAction[],
  scopeId: string | null,
  tree: RegionTree,
): IocEvent[] {
  const pending = new Set(queued.map((a) => a.eventId));
  const out: IocEvent[] = [];
  for (const base of events) {
    const ev = pending.has(base.id) ? projectEvent(base, queued) : base;
    if (eventInRegion(ev, scopeId, tree)) out.push(ev);
  }
  return out;
}

/** The region tree from GET /regions (streets and communities), shared with the map's queries. */
export function useRegionTree(): RegionTree {
  const streets = useRegions('street');
  const communities = useRegions('community');
  return useMemo(
    () =>
      regionTreeOf(
        [...(streets.data?.features ?? []), ...(communities.data?.features ?? [])].map((f) => f.properties),
      ),
    [streets.data, communities.data],
  );
}

/** The events a map draws (empty while `enabled` is false: no layer of the events kind is on). */
export function useShownEvents(enabled: boolean): IocEvent[] {
  // Deferred: a busy stream's updates re-render in the background, interruptibly, not in
  // one task with everything else the store update touches.
  const version = useDeferredValue(useEventsStore((s) => (enabled ? s.version : -1)));
  const queued = useActionQueue((s) => s.queue);
  const scopeId = useScopeStore((s) => s.regionId);
  const tree = useRegionTree();
  const toBasemap = useToBasemap();
  // One converted copy per event object (fresh for a new CRS pair): a batch converts only
  // the events it changed.
  const converted = useMemo(() => new WeakMap<IocEvent, IocEvent>(), [toBasemap]);
  return useMemo(() => {
    if (version < 0) return [];
    const out: IocEvent[] = [];
    for (const e of scopedEvents(useEventsStore.getState().byId.values(), queued, scopeId, tree)) {
      let moved = converted.get(e);
      if (!moved) {
        moved = { ...e, location: toBasemap(e.location) };
        converted.set(e, moved);
      }
      out.push(moved);
    }
    return out;
  }, [version, queued, scopeId, tree, toBasemap, converted]);
}
