/**
 * The wall hears it: a severity-4 event that nobody has dispatched yet takes over a
 * corner of the wall, flashing, until it is dispatched. The newest one is shown; the
 * count says how many more wait.
 */
import { useDeferredValue, useMemo } from 'react';
import type { IocEvent } from '@ioc/contract/contract';
import { formatClock, useT } from '../../i18n';
import { useClockStore } from '../../state/clock';
import { useEvents, usePipeline } from '../../pipeline/context';
import { useUiStore } from '../../state/ui';
import { useLocateEvent } from './locateEvent';
import { formatAge, formatDeadline } from './eventTime';
import { categoryLabel, placeLabel, useEventRegions } from './labels';
import { useNow } from './useNow';
import './eventBadges.css';
import './WallAlert.css';

/** Undispatched critical events, newest report first. */
export function criticalAwaitingDispatch(events: Iterable<IocEvent>): IocEvent[] {
  const out: IocEvent[] = [];
  for (const ev of events) if (ev.severity === 4 && ev.status === 'reported') out.push(ev);
  return out.sort((a, b) => Date.parse(b.reportedAt) - Date.parse(a.reportedAt) || (a.id < b.id ? 1 : -1));
}

export function WallAlert() {
  const version = useDeferredValue(useEvents((s) => s.version));
  const { events } = usePipeline();
  // The store keeps the few undispatched critical events apart: no walk over every held one.
  const critical = useMemo(() => criticalAwaitingDispatch(events.criticalAwaiting()), [events, version]);
  const ev = critical[0];
  // Replaying, the banner's badge tells of a new critical event (and returns to live): a live
  // card over a past picture would pass for part of it.
  const replaying = useClockStore((s) => s.mode === 'replay');
  if (!ev || replaying) return null;
  return <WallAlertCard ev={ev} more={critical.length - 1} />;
}

function WallAlertCard({ ev, more }: { ev: IocEvent; more: number }) {
  const t = useT();
  const locale = useUiStore((s) => s.locale);
  const regions = useEventRegions();
  const now = useNow(15_000);
  const locate = useLocateEvent();
  const reported = formatClock(locale, ev.reportedAt);
  return (
    <section
      className="wall-alert"
      aria-label={t('events.alert.label')}
      aria-live="assertive"
      data-event-id={ev.id}
    >
      <div className="wall-alert__badge">{t('events.alert.badge')}</div>
      <h2 className="wall-alert__title">{ev.title}</h2>
      <p className="wall-alert__what">
        {t(`events.source.${ev.source}`)} · {categoryLabel(t, ev.category)} · {placeLabel(regions, ev)}
      </p>
      <p className="wall-alert__when">
        {t('events.alert.reported', { time: reported, age: formatAge(t, ev.reportedAt, now) })}
        <span className="event-due"> · {formatDeadline(t, ev, now)}</span>
      </p>
      <div className="wall-alert__foot">
        {more > 0 && <span>{t('events.alert.more', { n: more })}</span>}
        <button type="button" className="action-button" onClick={() => locate(ev)}>
          {t('events.alert.locate')}
        </button>
      </div>
    </section>
  );
}
