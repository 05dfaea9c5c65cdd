/**
 * The events the live-events layer draws: what the stream holds, narrowed to the scope
 * and moved onto the basemap's CRS. Recomputed once per store version (at most once per
 * animation frame), never per event.
 */
import { useDeferredValue, useMemo } from 'react';
import type { IocEvent } from '../api/contract';
import { useToBasemap } from '../api/queries';
import { useEventsStore } from '../state/events';
import { useScopeStore } from '../state/scope';

export function inScope(e: IocEvent, scopeId: string | null): boolean {
  return !scopeId || e.regionId === scopeId || e.communityId === scopeId;
}

export function useLiveEvents(enabled: boolean): IocEvent[] {
  // Deferred: a busy stream's updates re-render in the background, interruptibly, not in
  // one task with everything else the store update touches.
  const version = useDeferredValue(useEventsStore((s) => (enabled ? s.version : -1)));
  const scopeId = useScopeStore((s) => s.regionId);
  const toBasemap = useToBasemap();
  // One converted copy per event object (fresh for a new CRS pair): a batch converts only
  // the events it changed.
  const converted = useMemo(() => new WeakMap<IocEvent, IocEvent>(), [toBasemap]);
  return useMemo(() => {
    if (version < 0) return [];
    const out: IocEvent[] = [];
    for (const e of useEventsStore.getState().byId.values()) {
      if (!inScope(e, scopeId)) continue;
      let moved = converted.get(e);
      if (!moved) {
        moved = { ...e, location: toBasemap(e.location) };
        converted.set(e, moved);
      }
      out.push(moved);
    }
    return out;
  }, [version, scopeId, toBasemap, converted]);
}
