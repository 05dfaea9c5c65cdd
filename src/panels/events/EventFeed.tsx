/**
 * The live event feed beside the map: filters, action notices and the virtualised list.
 * Selecting an event selects it for the map and the detail drawer and flies the map to
 * it. Each store version merges only the events that changed into the rows it keeps
 * (src/pipeline/eventIndex.ts); rows whose event did not change are not rendered again.
 */
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { IocEvent } from '@ioc/contract/contract';
import { useApi } from '../../api/context';
import { useT } from '../../i18n';
import { useActionQueue, useEventList, useEvents, usePipeline } from '../../pipeline/context';
import { feedOrder, SortedEvents, type ViewRule } from '../../pipeline/eventIndex';
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
import { useReplayEvents } from './replayEvents';
import { useNow } from './useNow';
import '../bounds.css';
import './EventFeed.css';
import './workText';

export function EventFeed() {
  const t = useT();
  const { config } = useApi();
  const bound = boundRegionOf(config);
  // Deferred: re-sorting the feed on a busy stream happens in the background, interruptibly.
  // Not the first rows: at start-up every urgent update (the map's frames, the stream)
  // restarted the deferred render, and the feed stayed empty for a second or more.
  const latest = useEvents((s) => s.version);
  // Mutated in place: `latest` says when it changed.
  const held = useEvents((s) => s.byId);
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

  const replay = useReplayEvents();
  const replaying = replay !== null;
  const { events } = usePipeline();
  const [rows] = useState(() => new SortedEvents(events));
  // Waiting actions belong to the present: a replayed event is shown as it was.
  const rule = useMemo(
    () => feedRule(filter, scope, regions, replaying ? NO_QUEUE : queue),
    [filter, scope, regions, queue, replaying],
  );
  // The version says the store changed: the rows merge in what it changed.
  const liveItems = useMemo(() => (replaying ? null : rows.sync(rule)), [rows, rule, version, replaying]);
  const replayed = replay?.byId ?? null;
  const replayItems = useMemo(() => (replayed ? replayedRows(replayed, rule) : null), [replayed, rule]);
  const items = replayItems ?? liveItems ?? [];
  if (items.length > 0) filled.current = true;
  const pendingIds = useMemo(() => new Set(queue.map((a) => a.eventId)), [queue]);
  const total = replay ? replay.byId.size : held.size;
  const liveList = useEventList();
  const list = replay ?? liveList;
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
          {t(replaying ? 'events.feed.titleReplay' : 'events.feed.title')}
        </h2>
        {!(failed && total === 0) && (
          <span className="event-feed__count">
            {t(replay?.more ? 'events.feed.countMore' : 'events.feed.count', { shown: items.length, total })}
          </span>
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

const NO_QUEUE: never[] = [];

/** The replayed moment's rows: few enough (one moment's held set) to sort anew per moment. */
function replayedRows(byId: ReadonlyMap<string, IocEvent>, rule: ViewRule): IocEvent[] {
  const out: IocEvent[] = [];
  for (const base of byId.values()) {
    const ev = rule(base);
    if (ev) out.push(ev);
  }
  return out.sort(feedOrder);
}
