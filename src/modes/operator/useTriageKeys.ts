/**
 * The queue's keyboard: J/↓ and K/↑ move the selection through the feed as shown (same
 * filter, scope and order), D dispatches to a community of the street, C claims, R
 * resolves. Keys typed into a field or a list box are theirs, not the queue's.
 */
import { useEffect, useRef } from 'react';
import { eventVersion, type IocEvent } from '@ioc/contract/contract';
import { useApi } from '../../api/context';
import { boundRegionOf } from '../../panels/events/boundRegion';
import { useFeedFilter } from '../../panels/events/feedFilter';
import { selectFeed } from '../../panels/events/feedModel';
import { useEventRegions } from '../../panels/events/labels';
import { useLocateEvent } from '../../panels/events/locateEvent';
import { useReplayEvents } from '../../panels/events/replayEvents';
import { usePipeline } from '../../pipeline/context';
import { isReplaying } from '../../state/clock';
import { useScopeStore } from '../../state/scope';
import { useSelectionStore } from '../../state/selection';
import { commandOf, stepSelection, triageAction } from './triage';

const TYPING = new Set(['INPUT', 'SELECT', 'TEXTAREA']);

export function useTriageKeys(): void {
  const { config } = useApi();
  const bound = boundRegionOf(config);
  const regions = useEventRegions();
  const locate = useLocateEvent();
  const { events, actions } = usePipeline();
  // Replaying, the keys move through the feed as it shows the moment (no waiting actions).
  const replayed = useRef<ReadonlyMap<string, IocEvent> | null>(null);
  replayed.current = useReplayEvents()?.byId ?? null;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (TYPING.has(target.tagName) || target.isContentEditable)) return;
      const command = commandOf(e);
      if (!command) return;
      const { status, source, severity } = useFeedFilter.getState();
      const then = replayed.current;
      const items = selectFeed(
        (then ?? events.store.getState().byId).values(),
        { status, source, severity },
        useScopeStore.getState().regionId,
        regions,
        then ? [] : actions.store.getState().queue,
      );
      const selectedId = useSelectionStore.getState().eventId;
      e.preventDefault();
      if (command === 'next' || command === 'previous') {
        const ev = stepSelection(items, selectedId, command === 'next' ? 1 : -1);
        if (ev) {
          locate(ev);
          document
            .querySelector(`.event-row[data-event-id="${CSS.escape(ev.id)}"]`)
            ?.scrollIntoView({ block: 'nearest' });
        }
        return;
      }
      // Replay is read-only: the keys that act do nothing until the app is live again.
      if (isReplaying()) return;
      const ev = items.find((x) => x.id === selectedId);
      if (!ev) return;
      // A street sends to its communities; the district to the event's own street.
      const communities = bound ? regions.communitiesOf(bound).map((c) => c.id) : [ev.regionId];
      const act = triageAction(command, ev, communities);
      // The version shown in the feed: the action is refused if the event has changed since.
      if (act) actions.submit({ eventId: ev.id, ...act, seen: eventVersion(ev) });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [bound, regions, locate, events, actions]);
}
