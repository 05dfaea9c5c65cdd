/**
 * The live event stream and the action queue, started together (see EventsRuntime): this
 * module and what it pulls in (SSE parsing, the event list's loader, the queue's sender)
 * load beside the map rather than before the first frame.
 */
import type { ApiClient } from '../../api/client';
import { health } from '../../app/health';
import { EventStream } from '../../api/stream';
import { retryActionsNow, startActionQueue } from '../../state/actionQueue';
import { useEventListStore } from '../../state/eventList';
import { ingestEvents, latestUpdatedAt, useEventsStore } from '../../state/events';

/** Starts both; returns the function that stops both. */
export function startEvents(client: ApiClient, region: string | null, heartbeatMs: number): () => void {
  const stream = new EventStream({
    client,
    region,
    heartbeatMs,
    onEvents: ingestEvents,
    onConnection: (c) => useEventsStore.getState().setConnection(c),
    onList: (state) => useEventListStore.setState(state),
    latestUpdatedAt,
  });
  const stopQueue = startActionQueue(client);
  // The stream going live again means the API is back: send what waited for it.
  const unsubscribe = useEventsStore.subscribe((s, prev) => {
    if (s.connection.phase === 'live' && prev.connection.phase !== 'live') retryActionsNow();
  });
  stream.start();
  health.stream = stream;
  return () => {
    if (health.stream === stream) health.stream = null;
    stream.stop();
    stopQueue();
    unsubscribe();
  };
}
