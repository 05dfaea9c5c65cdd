/**
 * The live event feed beside the map: filters, action notices and the virtualised list.
 * Selecting an event selects it for the map and the detail drawer and flies the map to
 * it. Each store version merges only the events that changed into the rows it keeps
 * (src/state/eventIndex.ts); rows whose event did not change are not rendered again.
 */
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApi } from '../../api/context';
import { useT } from '../../i18n';
import { useActionQueue } from '../../state/actionQueue';
import { SortedEvents } from '../../state/eventIndex';
import { useEventListStore } from '../../state/eventList';
import { useEventsStore } from '../../state/events';
import { describeProblem } from '../describeProblem';
import { useScopeStore } from '../../state/scope';
import { useSelectionStore } from '../../state/selection';
import { ActionNotices } from './ActionNotices';
import { boundRegionOf } from './boundRegion';
import { EventList } from './EventList';
import { FeedFilters } from './FeedFilters';
import { useFeedFilter } from './feedFilter';
import { feedRule } from './feedModel';
import { useEventRegions } from './labels';
import { useLocateEvent } from './locateEvent';
import { useNow } from './useNow';
import '../bounds.css';
import './EventFeed.css';

export function EventFeed() {
  const t = useT();
  const { config } = useApi();
  const bound = boundRegionOf(config);
  // Deferred: re-sorting the feed on a busy stream happens in the background, interruptibly.
  // Not the first rows: at start-up every urgent update (the map's frames, the stream)
  // restarted the deferred render, and the feed stayed empty for a second or more.
  const latest = useEventsStore((s) => s.version);
  const deferredVersion = useDeferredValue(latest);
  const filled = useRef(false);
  const version = filled.current ? deferredVersion : latest;
  const queue = useActionQueue((s) => s.queue);
  const filter = useFeedFilter(
    useShallow((s) => ({ status: s.status, source: s.source, severity: s.severity })),
  );
  const scope = useScopeStore((s) => s.regionId);
  const selectedId = useSelectionStore((s) => s.eventId);
  const regions = useEventRegions();
  const now = useNow();
  const locate = useLocateEvent();

  const [rows] = useState(() => new SortedEvents());
  const rule = useMemo(() => feedRule(filter, scope, regions, queue), [filter, scope, regions, queue]);
  // The version says the store changed: the rows merge in what it changed.
  const items = useMemo(() => rows.sync(rule), [rows, rule, version]);
  if (items.length > 0) filled.current = true;
  const pendingIds = useMemo(() => new Set(queue.map((a) => a.eventId)), [queue]);
  const total = useEventsStore.getState().byId.size;
  const list = useEventListStore();
  // A list that failed is never shown as an empty one: the feed says so, in words.
  const failed = list.phase === 'failed';
  const empty =
    items.length > 0 || (failed && total === 0)
      ? null
      : total > 0
        ? t('events.feed.empty')
        : list.phase === 'loading'
          ? t('events.feed.loading')
          : t('events.feed.none');

  return (
    <section className="event-feed" aria-labelledby="event-feed-title">
      <div className="event-feed__head">
        <h2 id="event-feed-title" className="panel-title">
          {t('events.feed.title')}
        </h2>
        {!(failed && total === 0) && (
          <span className="event-feed__count">{t('events.feed.count', { shown: items.length, total })}</span>
        )}
      </div>
      {failed && (
        <p className="event-feed__problem" role="alert">
          {t(total === 0 ? 'events.feed.failed' : 'events.feed.failedKept', {
            problem: describeProblem(t, list.problem),
          })}
        </p>
      )}
      <FeedFilters regions={regions} bound={bound} />
      <ActionNotices />
      <EventList
        items={items}
        selectedId={selectedId}
        pendingIds={pendingIds}
        now={now}
        t={t}
        regions={regions}
        onSelect={locate}
        empty={empty}
      />
    </section>
  );
}
