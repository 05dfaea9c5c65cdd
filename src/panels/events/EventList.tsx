/**
 * The virtualised feed (an accessible list: role=list, one listitem per event, with set
 * size and position). Rows have one fixed height, so which rows are on screen, and keeping
 * the operator's place when new events arrive above, is arithmetic: no per-row measurement
 * (a general virtualiser measures every row of tens of thousands again on each flush).
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { IocEvent } from '@ioc/contract/contract';
import type { Translate } from '../../i18n';
import { positionOf } from '../../pipeline/eventIndex';
import { EventRow } from './EventRow';
import type { Regions } from './labels';
import './EventList.css';
import './workText';

export const ROW_HEIGHT = 76;
/** Rows rendered beyond each edge of the visible ones, so a quick scroll shows no gap. */
const OVERSCAN = 6;
/** Before the list is laid out (and in jsdom, which lays nothing out). */
const FALLBACK_HEIGHT = 800;

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
  const [view, setView] = useState({ top: 0, height: FALLBACK_HEIGHT });
  // Where the list is scrolled, as last reported: reading scrollTop after a commit would
  // force a layout of the page in every flush.
  const top = useRef(0);
  const measure = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    top.current = el.scrollTop;
    setView({ top: el.scrollTop, height: el.clientHeight || FALLBACK_HEIGHT });
  }, []);
  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [measure]);

  // Before paint: if the operator has scrolled away from the top, shift by the rows that
  // arrived above the first visible one, so what they were reading does not move.
  useLayoutEffect(() => {
    const el = scroller.current;
    const before = previous.current;
    previous.current = items;
    if (!el || top.current < ROW_HEIGHT / 2 || before.length === 0) return;
    const first = Math.floor(top.current / ROW_HEIGHT);
    // Anchor on a row that did not change itself (a changed row moves to the top): the rows
    // are in feed order, so an unchanged one is found by bisection, not by indexing them all.
    for (let k = first; k < Math.min(before.length, first + 30); k++) {
      const old = before[k] as IocEvent;
      const at = positionOf(items, old);
      if (items[at] !== old) continue;
      const shift = at - k;
      if (shift !== 0) {
        el.scrollTop += shift * ROW_HEIGHT;
        if (shift > 0) setNewAbove((n) => n + shift);
        measure();
      }
      return;
    }
  }, [items, measure]);

  const onScroll = useCallback(() => {
    measure();
    if ((scroller.current?.scrollTop ?? 0) < ROW_HEIGHT / 2) setNewAbove(0);
  }, [measure]);
  const start = Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN);
  const end = Math.min(items.length, Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN);
  const shown: number[] = [];
  for (let i = start; i < end; i++) shown.push(i);

  return (
    <div className="event-list-wrap">
      {newAbove > 0 && (
        <button
          type="button"
          className="event-list__new"
          onClick={() => {
            if (scroller.current) scroller.current.scrollTop = 0;
            setNewAbove(0);
            measure();
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
          style={{ height: items.length * ROW_HEIGHT }}
        >
          {shown.map((index) => {
            const ev = items[index] as IocEvent;
            return (
              <li
                key={ev.id}
                aria-setsize={items.length}
                aria-posinset={index + 1}
                className="event-list__item"
                style={{ transform: `translateY(${index * ROW_HEIGHT}px)`, height: ROW_HEIGHT }}
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
