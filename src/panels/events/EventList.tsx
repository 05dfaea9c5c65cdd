/**
 * The virtualised feed (an accessible list: role=list, one listitem per event, with set
 * size and position). Rows have one fixed height, so keeping the operator's place when
 * new events arrive above is arithmetic: the first visible row stays where it was.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { IocEvent } from '../../api/contract';
import type { Translate } from '../../i18n';
import { EventRow } from './EventRow';
import type { Regions } from './labels';

export const ROW_HEIGHT = 76;

export interface EventListProps {
  items: IocEvent[];
  selectedId: string | null;
  pendingIds: ReadonlySet<string>;
  now: number;
  t: Translate;
  regions: Regions;
  onSelect(ev: IocEvent): void;
  /** What to say when there is no row (null: the feed already says why). */
  empty: string | null;
}

export function EventList({
  items,
  selectedId,
  pendingIds,
  now,
  t,
  regions,
  onSelect,
  empty,
}: EventListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const previous = useRef<IocEvent[]>([]);
  const [newAbove, setNewAbove] = useState(0);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey: (i) => items[i]?.id ?? i,
    initialRect: { width: 400, height: 800 },
  });

  // Before paint: if the operator has scrolled away from the top, shift by the rows that
  // arrived above the first visible one, so what they were reading does not move.
  useLayoutEffect(() => {
    const el = scroller.current;
    const before = previous.current;
    previous.current = items;
    if (!el || el.scrollTop < ROW_HEIGHT / 2 || before.length === 0) return;
    const first = Math.floor(el.scrollTop / ROW_HEIGHT);
    const index = new Map<string, number>();
    for (let i = 0; i < items.length; i++) index.set((items[i] as IocEvent).id, i);
    // Anchor on a row that did not change itself (a changed row moves to the top).
    for (let k = first; k < Math.min(before.length, first + 30); k++) {
      const old = before[k] as IocEvent;
      const at = index.get(old.id);
      if (at === undefined || items[at] !== old) continue;
      const shift = at - k;
      if (shift !== 0) {
        el.scrollTop += shift * ROW_HEIGHT;
        if (shift > 0) setNewAbove((n) => n + shift);
      }
      return;
    }
  }, [items]);

  const onScroll = useCallback(() => {
    if ((scroller.current?.scrollTop ?? 0) < ROW_HEIGHT / 2) setNewAbove(0);
  }, []);

  return (
    <div className="event-list-wrap">
      {newAbove > 0 && (
        <button
          type="button"
          className="event-list__new"
          onClick={() => {
            if (scroller.current) scroller.current.scrollTop = 0;
            setNewAbove(0);
          }}
        >
          {t('events.feed.newAbove', { n: newAbove })}
        </button>
      )}
      <div ref={scroller} className="event-list" onScroll={onScroll}>
        {items.length === 0 && empty !== null && <p className="event-list__empty">{empty}</p>}
        <ul
          aria-label={t('events.feed.list')}
          className="event-list__inner"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {virtualizer.getVirtualItems().map((v) => {
            const ev = items[v.index] as IocEvent;
            return (
              <li
                key={v.key}
                aria-setsize={items.length}
                aria-posinset={v.index + 1}
                className="event-list__item"
                style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
              >
                <EventRow
                  event={ev}
                  selected={ev.id === selectedId}
                  pending={pendingIds.has(ev.id)}
                  now={now}
                  t={t}
                  regions={regions}
                  onSelect={onSelect}
                />
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
