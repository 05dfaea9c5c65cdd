/**
 * The selected event in a drawer beside the feed: what, where, who has it, the deadline,
 * the actions the chain allows, what is nearby, and the history. Citizens' text is React
 * text only, clamped so a very long complaint cannot push the actions off screen.
 */
import { Fragment } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { text } from '../../../layers/kit/define';
import { type EventAction, EventSource, type IocEvent } from '@ioc/contract/contract';
import { clip } from '../../api/clip';
import { useApi } from '../../api/context';
import { formatTime, type Translate, useT } from '../../i18n';
import { isSwitchAction, projectEvent } from '../../pipeline/actions';
import { useActionQueue, useEvents } from '../../pipeline/context';
import { useSelectionStore } from '../../state/selection';
import { useUiStore } from '../../state/ui';
import { boundRegionOf } from './boundRegion';
import { EventActions } from './EventActions';
import { deadline, formatDeadline, formatDistance } from './eventTime';
import { categoryLabel, placeLabel, type Regions, useEventRegions } from './labels';
import { type NearbyLine, useNearby } from './nearby';
import { useReplayedEvent, useReplayEvents } from './replayEvents';
import { useNow } from './useNow';
import '../bounds.css';
import './eventBadges.css';
// The severity badge is the row's; the detail's own rules come after the row's.
import './EventRow.css';
import './EventDetail.css';
import './workText';

/** A note is a sentence or two; CSS clamps it to a few lines besides. */
const NOTE_MAX = 500;

export function EventDetail() {
  const id = useSelectionStore((s) => s.eventId);
  const live = useEvents((s) => (id === null ? undefined : s.byId.get(id)));
  const queued = useActionQueue(useShallow((s) => s.queue.filter((a) => a.eventId === id)));
  // Replaying: the event as it was then (absent when it was not known yet), no waiting actions.
  const replay = useReplayEvents();
  const then = useReplayedEvent(replay ? id : null, id === null ? undefined : replay?.byId.get(id));
  if (replay) return then ? <EventDetailView key={then.id} ev={then} pending={[]} /> : null;
  if (!live) return null;
  return (
    <EventDetailView
      key={live.id}
      ev={projectEvent(live, queued)}
      pending={queued.flatMap((a) => (isSwitchAction(a.action) ? [] : [a.action]))}
    />
  );
}

function EventDetailView({ ev, pending }: { ev: IocEvent; pending: EventAction[] }) {
  const t = useT();
  const locale = useUiStore((s) => s.locale);
  const { config } = useApi();
  const bound = boundRegionOf(config);
  const regions = useEventRegions();
  const now = useNow();
  const due = deadline(ev, now);
  const dueText = formatDeadline(t, ev, now);
  return (
    <section className={`event-detail event-detail--sev${ev.severity}`} aria-label={t('events.detail.label')}>
      <header className="event-detail__head">
        <span className="event-row__sev">{t('events.severity.badge', { n: ev.severity })}</span>
        <h2 className="event-detail__title">{ev.title}</h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t('events.detail.close')}
          onClick={() => useSelectionStore.getState().selectEvent(null)}
        >
          ×
        </button>
      </header>
      <div className="event-detail__status">
        <span className={`event-status event-status--${ev.status}`}>{t(`events.status.${ev.status}`)}</span>
        {pending.map((a, i) => (
          <span key={`${a}-${i}`} className="event-status event-status--pending">
            {t('events.detail.pendingAction', { action: t(`events.action.${a}`) })}
          </span>
        ))}
        {dueText !== null && (
          <span className={due?.overdue ? 'event-due event-due--overdue' : 'event-due'}>{dueText}</span>
        )}
      </div>
      <dl className="event-detail__facts">
        <dt>{t('events.detail.source')}</dt>
        <dd>{t(`events.source.${ev.source}`)}</dd>
        <dt>{t('events.detail.category')}</dt>
        <dd>{categoryLabel(t, ev.category)}</dd>
        <dt>{t('events.detail.region')}</dt>
        <dd>{placeLabel(regions, ev)}</dd>
        <dt>{t('events.detail.assignee')}</dt>
        <dd>
          {ev.assignee
            ? `${t(`events.level.${ev.assignee.level}`)} · ${regions.name(ev.assignee.regionId)}`
            : t('events.detail.unassigned')}
        </dd>
        <dt>{t('events.detail.reportedAt')}</dt>
        <dd>{formatTime(locale, ev.reportedAt)}</dd>
        <dt>{t('events.detail.dueAt')}</dt>
        <dd>{formatTime(locale, ev.dueAt)}</dd>
      </dl>
      {ev.description !== '' && <p className="event-detail__description">{ev.description}</p>}
      <EventActions ev={ev} regions={regions} bound={bound} />
      <Nearby ev={ev} bound={bound} t={t} />
      <History ev={ev} t={t} locale={locale} regions={regions} />
    </section>
  );
}

function nearbyValue(t: Translate, locale: 'zh-CN' | 'en', line: NearbyLine): string {
  if (line.kind === 'nearest')
    return line.nearest
      ? `${line.nearest.name} · ${formatDistance(t, line.nearest.meters)}`
      : t('events.nearby.none');
  const unit = line.role.kind === 'within' ? line.role.sum?.unit : undefined;
  return unit
    ? t('events.nearby.withinSum', { count: line.count, sum: line.sum, unit: text(locale, unit) })
    : t('events.nearby.within', { count: line.count });
}

function Nearby({ ev, bound, t }: { ev: IocEvent; bound: string | null; t: Translate }) {
  const locale = useUiStore((s) => s.locale);
  const nearby = useNearby(ev.location, bound);
  return (
    <section className="event-detail__block" aria-label={t('events.nearby.title')}>
      <h3>{t('events.nearby.title')}</h3>
      {nearby.isPending && <p className="muted">{t('events.nearby.loading')}</p>}
      {nearby.isError && <p className="muted">{t('events.nearby.error')}</p>}
      {nearby.lines && (
        <dl className="event-detail__facts">
          {nearby.lines.map((line) => (
            <Fragment key={`${line.role.key}-${line.role.rank}`}>
              <dt>{text(locale, line.role.label)}</dt>
              <dd>
                {nearbyValue(t, locale, line)}
                {line.current && (
                  <span className="event-detail__current" title={t('events.nearby.currentHint')}>
                    {t('events.nearby.current')}
                    <span className="visually-hidden">{t('events.nearby.currentHint')}</span>
                  </span>
                )}
              </dd>
            </Fragment>
          ))}
        </dl>
      )}
    </section>
  );
}

function History({
  ev,
  t,
  locale,
  regions,
}: {
  ev: IocEvent;
  t: Translate;
  locale: 'zh-CN' | 'en';
  regions: Regions;
}) {
  return (
    <section className="event-detail__block" aria-label={t('events.detail.history')}>
      <h3>{t('events.detail.history')}</h3>
      <ol className="event-history">
        {[...ev.history].reverse().map((h, i) => (
          <li key={`${h.at}-${ev.history.length - i}`}>
            <time dateTime={h.at}>{formatTime(locale, h.at)}</time>
            <span className="event-history__what">
              {t(`events.action.${h.action}`)} → {t(`events.status.${h.toStatus}`)}
            </span>
            <span className="event-history__by">{byLabel(h.by, regions, t)}</span>
            {h.note !== undefined && <span className="event-history__note">{clip(h.note, NOTE_MAX)}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * Who acted, in words: a region's name for street and community callers (`street-…`,
 * `sim:street:…`), "district" for the district, the source for a report; else as sent.
 */
function byLabel(by: string, regions: Regions, t: Translate): string {
  const id = /(\d{6,})$/.exec(by)?.[1];
  if (id) return regions.name(id);
  if (by === 'sim:district' || by.startsWith('district')) return t('events.level.district');
  const source = EventSource.safeParse(by);
  return source.success ? t(`events.source.${source.data}`) : clip(by);
}
