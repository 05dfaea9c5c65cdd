/** The right-hand column: the live feed, with the selected event's drawer beside it. */
import { useT } from '../../i18n';
import { EventDetail } from './EventDetail';
import { EventFeed } from './EventFeed';

export function EventsAside() {
  const t = useT();
  return (
    <aside className="side side--right events-side" aria-label={t('events.panel')}>
      <EventFeed />
      <EventDetail />
    </aside>
  );
}
