/**
 * What the stream is doing: always visible, so nobody trusts a frozen wall. It speaks of
 * the stream only; whether the event list loaded is said in the feed.
 */
import { formatClock, useT } from '../../i18n';
import { useEvents } from '../../pipeline/context';
import { useUiStore } from '../../state/ui';
import '../status.css';

export function StreamStatus() {
  const t = useT();
  const locale = useUiStore((s) => s.locale);
  const { phase, lastContactAt, refused, skipped, flaps } = useEvents((s) => s.connection);
  let text: string;
  if (phase === 'live') text = t('events.stream.live');
  else if (phase === 'stale')
    text =
      lastContactAt === null
        ? t('events.stream.never')
        : t('events.stream.stale', { time: formatClock(locale, lastContactAt) });
  else text = t(phase === 'connecting' ? 'events.stream.connecting' : 'events.stream.reconnecting');
  return (
    <div
      className={`status stream-status stream-status--${phase}`}
      role="status"
      aria-label={t('events.stream.label')}
    >
      <span className="status__dot" aria-hidden="true" />
      <span>{text}</span>
      {refused !== null && <span className="status__problem">{t(`events.stream.${refused}`)}</span>}
      {flaps >= 2 && <span className="status__problem">{t('events.stream.flapping', { count: flaps })}</span>}
      {skipped > 0 && (
        <span className="status__problem">{t('events.stream.skipped', { count: skipped })}</span>
      )}
    </div>
  );
}
