/**
 * Starts the live event stream and the action queue once the API is known, and keeps a
 * street-bound console scoped to its street. Renders nothing; App mounts it once.
 */
import { useEffect } from 'react';
import { useApi } from '../../api/context';
import { retryActionsNow, startActionQueue } from '../../state/actionQueue';
import { ingestEvents, latestUpdatedAt, useEventsStore } from '../../state/events';
import { useScopeStore } from '../../state/scope';
import { boundRegionOf } from './boundRegion';
import { useEventRegions } from './labels';

export function EventsRuntime() {
  const { client, config } = useApi();
  const bound = boundRegionOf(config);
  useEffect(() => {
    // The stream's code (and its SSE parser) loads beside the panels, not in the first
    // frame's JavaScript: nothing shows an event before the feed's own code has arrived.
    let stopStream: (() => void) | null = null;
    let stopped = false;
    void import('../../api/stream').then(({ EventStream }) => {
      if (stopped) return;
      const stream = new EventStream({
        client,
        region: bound,
        heartbeatMs: config.streamHeartbeatMs,
        onEvents: ingestEvents,
        onConnection: (c) => useEventsStore.getState().setConnection(c),
        latestUpdatedAt,
      });
      stream.start();
      stopStream = () => stream.stop();
    });
    const stopQueue = startActionQueue(client);
    // The stream going live again means the API is back: send what waited for it.
    const unsubscribe = useEventsStore.subscribe((s, prev) => {
      if (s.connection.phase === 'live' && prev.connection.phase !== 'live') retryActionsNow();
    });
    return () => {
      stopped = true;
      stopStream?.();
      stopQueue();
      unsubscribe();
    };
  }, [client, bound, config.streamHeartbeatMs]);
  useBoundScope(bound);
  return null;
}

/** A bound console's scope is its street or one of its communities, never wider. */
function useBoundScope(bound: string | null): void {
  const scope = useScopeStore((s) => s.regionId);
  const regions = useEventRegions();
  useEffect(() => {
    if (bound === null || scope === bound) return;
    // A community's street is known once the regions have loaded; the API enforces the
    // rest whatever the UI shows.
    const outside = scope === null || (regions.streets.length > 0 && regions.parent(scope) !== bound);
    if (outside) useScopeStore.getState().setScope(bound);
  }, [bound, scope, regions]);
}
