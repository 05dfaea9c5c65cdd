/**
 * One event in the feed: severity, title, source, category, place, age and time left.
 * Text from citizens is rendered as React text only (never as HTML) and clamped.
 */
import { memo } from 'react';
import type { IocEvent } from '@ioc/contract/contract';
import type { Translate } from '../../i18n';
import { deadline, formatAge, formatDeadline } from './eventTime';
import { categoryLabel, placeLabel, type Regions } from './labels';
import './eventBadges.css';
import './EventRow.css';
import './workText';

export interface EventRowProps {
  event: IocEvent;
  selected: boolean;
  pending: boolean;
  now: number;
  t: Translate;
  regions: Regions;
  onSelect(ev: IocEvent): void;
}

export const EventRow = memo(function EventRow({
  event: ev,
  selected,
  pending,
  now,
  t,
  regions,
  onSelect,
}: EventRowProps) {
  const due = deadline(ev, now);
  const dueText = formatDeadline(t, ev, now);
  return (
    <button
      type="button"
      className={`event-row event-row--sev${ev.severity}${selected ? ' event-row--selected' : ''}`}
      aria-pressed={selected}
      data-event-id={ev.id}
      onClick={() => onSelect(ev)}
    >
      <span className="event-row__sev" title={t(`events.severity.${ev.severity}`)}>
        {t('events.severity.badge', { n: ev.severity })}
      </span>
      <span className="event-row__main">
        <span className="event-row__line">
          <span className="event-row__title">{ev.title}</span>
          <span className={`event-status event-status--${pending ? 'pending' : ev.status}`}>
            {pending ? t('events.pending') : t(`events.status.${ev.status}`)}
          </span>
        </span>
        <span className="event-row__meta">
          {t(`events.source.${ev.source}`)} · {categoryLabel(t, ev.category)} · {placeLabel(regions, ev)}
        </span>
        <span className="event-row__time">
          {formatAge(t, ev.reportedAt, now)}
          {dueText !== null && (
            <span className={due?.overdue ? 'event-due event-due--overdue' : 'event-due'}> · {dueText}</span>
          )}
        </span>
      </span>
    </button>
  );
});
