/**
 * The live event stream (with the event list's loader beside it): this module and what it
 * pulls in (SSE parsing, the list's loader) load beside the map rather than before the
 * first frame.
 */
import type { StoreApi } from 'zustand';
import type { ApiClient } from '../api/client';
import type { ListState } from '../api/eventLoader';
import { EventStream } from '../api/stream';
import { health } from '../app/health';
import type { LiveEvents } from './events';

/** Starts the stream into `events` and `list`; returns the function that stops it. */
export function connectStream(o: {
  client: ApiClient;
  region: string | null;
  heartbeatMs: number;
  events: LiveEvents;
  list: StoreApi<ListState>;
}): () => void {
  const stream = new EventStream({
    client: o.client,
    region: o.region,
    heartbeatMs: o.heartbeatMs,
    onEvents: o.events.ingest,
    onConnection: o.events.setConnection,
    onList: (state) => o.list.setState(state),
    latestUpdatedAt: o.events.latestUpdatedAt,
  });
  stream.start();
  health.stream = stream;
  return () => {
    if (health.stream === stream) health.stream = null;
    stream.stop();
  };
}
