/** The right-hand column: the live feed, with the selected event's drawer beside it. */
import { EventDetail } from './EventDetail';
import { EventFeed } from './EventFeed';
import { EventsFrame } from './EventsFrame';

export function EventsAside() {
  return (
    <EventsFrame>
      <EventsContent />
    </EventsFrame>
  );
}

/** The column's content, without its box (which app/lazyPanels draws before this code arrives). */
export function EventsContent() {
  return (
    <>
      <EventFeed />
      <EventDetail />
    </>
  );
}
