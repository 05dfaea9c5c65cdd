/**
 * The incident the emergency switch focuses on: the selected event, or else the newest
 * open severity-4 event. Recomputed once per events-store version, or per replayed moment.
 */
import { useMemo } from 'react';
import type { IocEvent } from '@ioc/contract/contract';
import { isOpen } from '@ioc/contract/rules';
import { useReplayEvents } from '../../panels/events/replayEvents';
import { useEvents } from '../../pipeline/context';
import { useSelectionStore } from '../../state/selection';

/** The newest open severity-4 event (by report time, then id), or null. */
export function newestCritical(events: Iterable<IocEvent>): IocEvent | null {
  let best: IocEvent | null = null;
  for (const ev of events) {
    if (ev.severity !== 4 || !isOpen(ev)) continue;
    if (
      !best ||
      Date.parse(ev.reportedAt) > Date.parse(best.reportedAt) ||
      (ev.reportedAt === best.reportedAt && ev.id > best.id)
    )
      best = ev;
  }
  return best;
}

/** In a replay, the incident of the replayed moment: the events as they were then. */
export function useIncident(): IocEvent | null {
  const version = useEvents((s) => s.version);
  // Mutated in place: `version` says when it changed.
  const live = useEvents((s) => s.byId);
  const replayed = useReplayEvents()?.byId;
  const byId = replayed ?? live;
  const selected = useSelectionStore((s) => s.eventId);
  return useMemo(() => {
    const chosen = selected ? byId.get(selected) : undefined;
    return chosen ?? newestCritical(byId.values());
  }, [byId, version, selected]);
}
